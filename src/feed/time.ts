// The feed's names for the shared zone arithmetic in src/time/zone.ts, kept so the
// calendar module and its tests read as before; new code imports src/time/zone.ts.
import { parseWallTime, wallToUtcMs } from "../time/zone.ts";

export { addDays, formatOffset, isKnownZone, isoInZone, offsetMinutes } from "../time/zone.ts";

/**
 * The instant (ms) a wall-clock time happens in a zone, by src/time/zone.ts's rule: a
 * time skipped by a DST jump moves forward with it, a repeated time is its first
 * occurrence. NaN when the date or time is malformed; throws for an unknown zone.
 */
export function localToUtcMs(date: string, time: string, timeZone: string): number {
  const wall = parseWallTime(date, time);
  return wall === null ? Number.NaN : wallToUtcMs(wall, timeZone);
}
