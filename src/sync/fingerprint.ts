// What of a meeting matters to an invitee's calendar, and when it happens.
// fingerprint() changes exactly when invitees need an update (a new SEQUENCE);
// meetingStart()/meetingEnd() turn the sheet's wall-clock date and time in an
// IANA zone into instants, with Intl only (no time-zone library in the Worker).
import type { Meeting } from "../sheet/types.ts";

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

/** How far `tz`'s wall clock is ahead of UTC at `instant`, in ms; null for an unknown zone. */
function zoneOffset(instant: number, tz: string): number | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(instant));
  } catch {
    return null;
  }
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock `date` (YYYY-MM-DD) and `time` (HH:MM, null = 00:00) names in `tz`. */
export function zonedInstant(date: string, time: string | null, tz: string): Date | null {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = (time ?? "00:00").split(":").map(Number);
  if ([y, m, d, hh, mm].some((n) => n === undefined || !Number.isFinite(n))) return null;
  const wall = Date.UTC(y as number, (m as number) - 1, d as number, hh as number, mm as number);
  // The offset at the wall time read as UTC is off by the offset itself near a
  // DST change; reading it again at the first guess settles it.
  const first = zoneOffset(wall, tz);
  if (first === null) return null;
  const second = zoneOffset(wall - first, tz);
  if (second === null) return null;
  return new Date(wall - second);
}

/** When the meeting starts; an all-day meeting starts at 00:00 local. Null without a date. */
export function meetingStart(meeting: Meeting): Date | null {
  if (meeting.date === null) return null;
  return zonedInstant(meeting.date, meeting.start, meeting.timezone);
}

/** When the meeting is over: its end time on its last day, or that day's end when there is none. */
export function meetingEnd(meeting: Meeting): Date | null {
  if (meeting.date === null) return null;
  const lastDay = meeting.date_end ?? meeting.date;
  if (meeting.end !== null) return zonedInstant(lastDay, meeting.end, meeting.timezone);
  const midnight = zonedInstant(lastDay, null, meeting.timezone);
  return midnight === null ? null : new Date(midnight.getTime() + DAY_MS);
}
