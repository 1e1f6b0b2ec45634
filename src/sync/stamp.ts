// The times a sync writes into the sheet: the stamp beside what it did in the
// Sync status ("· 2026-11-29 10:05 UTC+3"), the Responses tab's Sent column and
// the Sync log's Time column. All three are in the network's own zone from
// Settings and say which by its offset from UTC: a short label that reads the
// same in Arabic and English, and that staff in any office can turn into their
// own time. A zone Intl refuses falls back to UTC, said as such.
import { isKnownZone, offsetMinutes } from "../time/zone.ts";

const MINUTE_MS = 60 * 1000;

/** "UTC", "UTC+3", "UTC-5", "UTC+5:30": the offset as staff read it on a clock. */
export function utcLabel(minutes: number): string {
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${minutes < 0 ? "-" : "+"}${Math.floor(abs / 60)}${rest === 0 ? "" : `:${String(rest).padStart(2, "0")}`}`;
}

/** "2026-11-29 10:05 UTC+3": an instant in the network's zone, saying which. */
export function stamp(now: Date, tz: string): string {
  const zone = isKnownZone(tz) ? tz : "UTC";
  const offset = offsetMinutes(zone, now.getTime());
  const wall = new Date(now.getTime() + offset * MINUTE_MS).toISOString();
  return `${wall.slice(0, 16).replace("T", " ")} ${utcLabel(offset)}`;
}

/** The stamp of an ISO instant as D1 keeps it (the Responses tab's Sent column); "" when unreadable. */
export function stampIso(iso: string, tz: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : stamp(new Date(ms), tz);
}

/**
 * stampIso for many instants in one zone (the Responses tab's Sent column: a
 * line per invitation), each minute's stamp worked out once: the zone's offset
 * is whole minutes and constant within a minute, and a stamp shows minutes, so
 * every instant of a minute has the same stamp. Asking Intl for the offset is
 * most of a stamp's cost.
 */
export function isoStamper(tz: string): (iso: string) => string {
  const byMinute = new Map<number, string>();
  return (iso) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return "";
    const minute = Math.floor(ms / MINUTE_MS);
    let text = byMinute.get(minute);
    if (text === undefined) {
      text = stamp(new Date(minute * MINUTE_MS), tz);
      byMinute.set(minute, text);
    }
    return text;
  };
}

/**
 * A stamp at the end of a text, in this format or the one before it (a bare
 * "2026-11-29 10:05", or with " UTC"), so text written by an older version is
 * still recognised and not rewritten for its stamp alone.
 */
export const TRAILING_STAMP =
  /\s*·\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}( UTC([+-]\d{1,2}(:\d{2})?)?)?\s*$/;
