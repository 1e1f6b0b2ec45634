// Time-zone arithmetic for the whole project, with Intl only: the Worker bundles no
// time-zone database, so the runtime's own ICU data gives every offset. The mail,
// the sync's plan and the feed all turn a sheet's wall-clock date and time in an
// IANA zone into instants here, so they agree on when a meeting happens, including
// on the nights clocks change. Pure: nothing here reads the clock.
//
// The one rule for wall times that a clock change makes ambiguous is the one
// calendars use (RFC 5545, 3.3.5; Temporal's "compatible"):
// - a time skipped by a change (spring forward, e.g. 02:30 in Berlin on the last
//   Sunday of March) is read with the offset in force before the gap, so it lands
//   the gap's length later (03:30 summer time);
// - a time that happens twice (fall back, e.g. 02:30 in Berlin on the last Sunday
//   of October) is its first occurrence (still summer time).

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

// A formatter is costly to build and holds no I/O, so one per zone is kept for the
// isolate's life. Intl throws a RangeError for a zone it does not know.
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the zone name is one Intl knows (an IANA name, an alias, or UTC). */
export function isKnownZone(timeZone: string): boolean {
  if (timeZone.trim() === "") return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * How far the zone's wall clock is ahead of UTC at an instant, in ms (east is
 * positive: Damascus is +3 h). Throws Intl's RangeError for an unknown zone; check
 * with isKnownZone first where the name comes from a person.
 */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    // Some engines wrote midnight as 24 even with h23; it is the same day's 00.
    (parts.hour ?? 0) % 24,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  // Intl shows whole seconds, so the instant is compared at whole seconds too.
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The zone's offset at an instant in whole minutes, as ISO 8601 and iCalendar write it. */
export function offsetMinutes(timeZone: string, instant: number): number {
  return Math.round(zoneOffsetMs(timeZone, instant) / MINUTE_MS);
}

/**
 * The instant a wall-clock reading names in a zone. `wall` is the reading written
 * as if it were UTC (Date.UTC of its fields, as parseWallTime gives it). Gaps and repeats follow the rule at
 * the top of this module. Throws Intl's RangeError for an unknown zone.
 */
export function wallToUtcMs(wall: number, timeZone: string): number {
  // No zone changes its offset twice within two days, so the offsets a day either
  // side are the only ones this wall time can be read with.
  const before = zoneOffsetMs(timeZone, wall - DAY_MS);
  const after = zoneOffsetMs(timeZone, wall + DAY_MS);
  const readings = (before === after ? [before] : [before, after])
    .map((offset) => wall - offset)
    .filter((instant) => instant + zoneOffsetMs(timeZone, instant) === wall);
  // Two readings: the time repeats, take the earlier. None: it falls in a gap, read it
  // with the offset before the gap, which moves it forward by the gap's length.
  return readings.length > 0 ? Math.min(...readings) : wall - before;
}

// A sheet's meetings share a few thousand days and a few dozen times, and every
// meeting's instants are read again on each sync (plan, mail, feed): the parsed
// day and time of day are kept, as plain numbers (no I/O; capped so a long-lived
// isolate stays small). NaN marks a malformed text.
const wallDays = new Map<string, number>();
const wallClocks = new Map<string, number>();
const MAX_WALL_TEXTS = 20_000;

function remember(memory: Map<string, number>, text: string, value: number): number {
  if (memory.size >= MAX_WALL_TEXTS) memory.clear();
  memory.set(text, value);
  return value;
}

/** "YYYY-MM-DD" as Date.UTC of its midnight; NaN when malformed. */
function wallDay(date: string): number {
  const known = wallDays.get(date);
  if (known !== undefined) return known;
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, mo, da] = d ? [d[1], d[2], d[3]].map(Number) : [];
  const ok = y !== undefined && mo !== undefined && da !== undefined;
  const valid = ok && mo >= 1 && mo <= 12 && da >= 1 && da <= 31;
  return remember(wallDays, date, valid ? Date.UTC(y, mo - 1, da) : Number.NaN);
}

/** "HH:MM" or "HH:MM:SS" as ms after midnight; NaN when malformed. */
function wallClock(time: string): number {
  const known = wallClocks.get(time);
  if (known !== undefined) return known;
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  const [h, mi, s] = t ? [t[1], t[2], t[3] ?? "0"].map(Number) : [];
  const ok = h !== undefined && mi !== undefined && s !== undefined;
  const valid = ok && h <= 23 && mi <= 59 && s <= 59;
  return remember(wallClocks, time, valid ? h * 3_600_000 + mi * MINUTE_MS + s * 1000 : Number.NaN);
}

/**
 * "YYYY-MM-DD" and "HH:MM" (or "HH:MM:SS") as Date.UTC of their fields; null when
 * malformed. Date.UTC(y, m, d, h, mi, s) is Date.UTC(y, m, d) plus the time of day
 * in ms for every time this accepts (ECMA-262 MakeDate), so the two halves are
 * parsed and kept apart.
 */
export function parseWallTime(date: string, time: string): number | null {
  const wall = wallDay(date) + wallClock(time);
  return Number.isNaN(wall) ? null : wall;
}

/**
 * The instant (ms since the epoch) a wall-clock date and time names in a zone, by
 * the rule at the top of this module; null when the date or time is malformed or
 * the zone unknown.
 */
export function zonedTimeToUtcMs(date: string, time: string, timeZone: string): number | null {
  const wall = parseWallTime(date, time);
  if (wall === null || !isKnownZone(timeZone)) return null;
  return wallToUtcMs(wall, timeZone);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `+03:00`, `-05:00`, `+05:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 / RFC 3339 with the zone's offset at that instant, e.g. 2026-01-15T10:00:00+03:00. */
export function isoInZone(instant: number, timeZone: string): string {
  const offset = offsetMinutes(timeZone, instant);
  const local = new Date(instant + offset * MINUTE_MS);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    formatOffset(offset)
  );
}

/** A calendar date moved by whole days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(date: string, days: number): string {
  // The day after is asked for every meeting on every sync: those answers are kept.
  if (days === 1) {
    const known = nextDays.get(date);
    if (known !== undefined) return known;
  }
  const [y, m, d] = date.split("-").map(Number);
  const moved = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days))
    .toISOString()
    .slice(0, 10);
  if (days === 1) {
    if (nextDays.size >= MAX_WALL_TEXTS) nextDays.clear();
    nextDays.set(date, moved);
  }
  return moved;
}

const nextDays = new Map<string, string>();
