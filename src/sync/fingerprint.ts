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

// The offset a zone keeps through a whole day, by "zone|date"; null when the
// clocks change near that day (or the zone is unknown), which takes the exact
// path below. Asking Intl for an offset is the costly step of reading a time, and
// a sheet's meetings share zones and days, so each is asked once (pure data, safe
// across requests; capped so a long-lived isolate stays small).
const dayOffsets = new Map<string, number | null>();
const MAX_DAY_OFFSETS = 20_000;

/**
 * The zone's offset for every wall time on `date`, when it is one offset from a
 * day before to a day after it (src/time/zone.ts reads a wall time with the
 * offsets a day either side; where those agree, that is the answer). No zone
 * changes its clocks twice within three days, so equal offsets at both ends mean
 * none in between.
 */
function dayOffset(date: string, tz: string): number | null {
  const key = `${tz}|${date}`;
  const known = dayOffsets.get(key);
  if (known !== undefined) return known;
  const midnight = parseWallTime(date, "00:00");
  let offset: number | null = null;
  if (midnight !== null && isKnownZone(tz)) {
    const before = zoneOffsetMs(tz, midnight - DAY_MS);
    const after = zoneOffsetMs(tz, midnight + 2 * DAY_MS);
    if (before === after) offset = before;
  }
  if (dayOffsets.size >= MAX_DAY_OFFSETS) dayOffsets.clear();
  dayOffsets.set(key, offset);
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
  const offset = dayOffset(date, tz);
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
