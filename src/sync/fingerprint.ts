// What of a meeting matters to an invitee's calendar, and when it happens.
// fingerprint() changes exactly when invitees need an update (a new SEQUENCE);
// meetingStart()/meetingEnd() are the sync's start and end of a meeting, read from
// src/time/interval.ts like the mail's and the feed's.
import type { Meeting } from "../sheet/types.ts";
import { meetingInterval } from "../time/interval.ts";

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

/** When the meeting starts; an all-day meeting starts at 00:00 local. Null without a date. */
export function meetingStart(meeting: Meeting): Date | null {
  const interval = meetingInterval(meeting);
  return interval.type === "none" ? null : interval.start;
}

/**
 * When the meeting is over: its end time on its last day, or the midnight that ends
 * that day when there is none (MeetingInterval's `end`). Null without a date.
 */
export function meetingEnd(meeting: Meeting): Date | null {
  const interval = meetingInterval(meeting);
  return interval.type === "none" ? null : interval.end;
}
