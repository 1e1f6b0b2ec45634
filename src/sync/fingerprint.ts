// What of a meeting matters to an invitee's calendar, and when it happens.
// fingerprint() changes exactly when invitees need an update (a new SEQUENCE);
// meetingStart()/meetingEnd() turn the sheet's wall-clock date and time in an
// IANA zone into instants, through src/time/zone.ts like the mail and the feed.
import type { Meeting } from "../sheet/types.ts";
import { addDays, zonedTimeToUtcMs } from "../time/zone.ts";

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

/**
 * The instant a wall-clock `date` (YYYY-MM-DD) and `time` (HH:MM, null = 00:00) names
 * in `tz`, by src/time/zone.ts's rule for clock changes; null when malformed or the
 * zone is unknown.
 */
export function zonedInstant(date: string, time: string | null, tz: string): Date | null {
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
