// What of a meeting matters to an invitee's calendar, and when it happens.
// fingerprint() changes exactly when invitees need an update (a new SEQUENCE);
// meetingStart()/meetingEnd() turn the sheet's wall-clock date and time in an
// IANA zone into instants, through src/time/zone.ts like the mail and the feed.
import type { Meeting } from "../sheet/types.ts";
import {
  addDays,
  isKnownZone,
  parseWallTime,
  zonedTimeToUtcMs,
  zoneOffsetMs,
} from "../time/zone.ts";

/**
 * The fields an invitee's calendar entry is made of: when, where, the link, and
 * the titles. Titles are in because the calendar entry is the invitee's record:
 * a meeting renamed (a different counterpart, a corrected organisation) should
 * read the same in their calendar as in the sheet, and renames after invitations
 * are rare. The agenda, summary and publish flag are out: they are edited often
 * while preparing, and each edit would email everyone.
 */
export function fingerprint(meeting: Meeting): string {
  const fields = [
    meeting.date,
    meeting.date_end,
    meeting.start,
    meeting.end,
    meeting.timezone,
    meeting.location,
    meeting.online_url,
    meeting.title_ar,
    meeting.title_en,
  ].map((value) => (value ?? "").trim());
  // A readable, exact value: D1 is private, and a hash could hide a change.
  return `v1:${JSON.stringify(fields)}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Asking Intl for an offset is the costly step of reading a time, and a sheet's
// meetings share zones and days, so answers are kept per zone: the offset at each
// midnight asked about, and the offset each day keeps throughout (null when the
// clocks change near it, or the zone is unknown: the exact path below). Pure data,
// safe across requests; capped so a long-lived isolate stays small.
interface ZoneMemory {
  known: boolean;
  /** Midnight (as Date.UTC) → the zone's offset at that instant. */
  midnights: Map<number, number>;
  /** A day's midnight (as Date.UTC) → its one offset, or null. */
  days: Map<number, number | null>;
}
const zones = new Map<string, ZoneMemory>();
const MAX_ZONES = 100;
const MAX_DAYS = 10_000;

function zoneMemory(tz: string): ZoneMemory {
  let memory = zones.get(tz);
  if (!memory) {
    if (zones.size >= MAX_ZONES) zones.clear();
    memory = { known: isKnownZone(tz), midnights: new Map(), days: new Map() };
    zones.set(tz, memory);
  }
  if (memory.days.size >= MAX_DAYS) {
    memory.days.clear();
    memory.midnights.clear();
  }
  return memory;
}

function offsetAt(tz: string, memory: ZoneMemory, instant: number): number {
  let offset = memory.midnights.get(instant);
  if (offset === undefined) {
    offset = zoneOffsetMs(tz, instant);
    memory.midnights.set(instant, offset);
  }
  return offset;
}

/**
 * The zone's offset for every wall time on the day starting at `midnight` (a
 * wall time as Date.UTC), when it is one offset from a day before to a day after
 * that day: src/time/zone.ts reads a wall time with the offsets a day either
 * side, and where those agree, that is the answer. No zone changes its clocks
 * twice within three days, so equal offsets at both ends mean none in between.
 */
function dayOffset(tz: string, midnight: number): number | null {
  const memory = zoneMemory(tz);
  const known = memory.days.get(midnight);
  if (known !== undefined) return known;
  let offset: number | null = null;
  if (memory.known) {
    const before = offsetAt(tz, memory, midnight - DAY_MS);
    const after = offsetAt(tz, memory, midnight + 2 * DAY_MS);
    if (before === after) offset = before;
  }
  memory.days.set(midnight, offset);
  return offset;
}

/**
 * The instant a wall-clock `date` (YYYY-MM-DD) and `time` (HH:MM, null = 00:00) names
 * in `tz`, by src/time/zone.ts's rule for clock changes; null when malformed or the
 * zone is unknown.
 */
export function zonedInstant(date: string, time: string | null, tz: string): Date | null {
  const wall = parseWallTime(date, time ?? "00:00");
  if (wall === null) return null;
  const offset = dayOffset(tz, Math.floor(wall / DAY_MS) * DAY_MS);
  if (offset !== null) return new Date(wall - offset);
  const instant = zonedTimeToUtcMs(date, time ?? "00:00", tz);
  return instant === null ? null : new Date(instant);
}

/** When the meeting starts; an all-day meeting starts at 00:00 local. Null without a date. */
export function meetingStart(meeting: Meeting): Date | null {
  if (meeting.date === null) return null;
  return zonedInstant(meeting.date, meeting.start, meeting.timezone);
}

/**
 * When the meeting is over: its end time on its last day, or the midnight that ends
 * that day when there is none (the next day's 00:00, so 23 or 25 hours on a day the
 * clocks change, as the feed has it).
 */
export function meetingEnd(meeting: Meeting): Date | null {
  if (meeting.date === null) return null;
  const lastDay = meeting.date_end ?? meeting.date;
  if (meeting.end !== null) return zonedInstant(lastDay, meeting.end, meeting.timezone);
  return zonedInstant(addDays(lastDay, 1), null, meeting.timezone);
}
