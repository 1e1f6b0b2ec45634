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
 * while preparing, and each edit would email everyone (their English columns
 * too, for the same reason; so is the counterpart, which is not in the entry).
 *
 * The English location is in, after the v1 fields and only when it is given: it
 * is the LOCATION of an English reader's calendar entry and the place their
 * email names, so a corrected English place must reach them as an update, as a
 * corrected English title does. Appended only when non-blank, every meeting
 * without one (every meeting of a sheet made before the column) keeps the
 * fingerprint it had, and a deploy emails nobody. Filling it in for a meeting
 * already invited sends one update, as filling in Title (English) does.
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
  const locationEn = (meeting.location_en ?? "").trim();
  if (locationEn !== "") fields.push(locationEn);
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
