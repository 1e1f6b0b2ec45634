// When a meeting happens, as a calendar needs it (instants, or DATE values for
// all-day meetings) and as a reader wants it (Levantine Arabic or English, in the
// meeting's own time zone, with the zone named). The zone arithmetic is
// src/time/zone.ts's, shared with the sync and the feed so all three agree.
import type { Lang, Meeting } from "../sheet/types.ts";
import { LOCALE } from "../time/locale.ts";
import { addDays, parseWallTime, wallToUtcMs } from "../time/zone.ts";

export { addDays, zoneOffsetMs } from "../time/zone.ts";

export type MeetingTime =
  | { type: "none" }
  /** DATE values: first day and the day after the last (DTEND is exclusive). */
  | { type: "allDay"; first: string; last: string; endExclusive: string }
  | { type: "timed"; start: Date; end: Date; first: string; last: string };

/** A start with no end is booked for an hour: calendars need some length to show it. */
const DEFAULT_LENGTH_MS = 60 * 60 * 1000;

function ymd(iso: string): [number, number, number] {
  const [y, m, d] = iso.split("-").map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

function hm(text: string): [number, number] {
  const [h, m] = text.split(":").map(Number);
  return [h ?? 0, m ?? 0];
}

/**
 * The instant a wall-clock time in a zone names, by src/time/zone.ts's rule (the
 * calendar's): a time skipped by a spring-forward moves later by the gap, a
 * repeated time takes its first occurrence. An invalid Date when the date or time
 * is malformed; throws for an unknown zone (the parser admits only known ones).
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const wall = parseWallTime(date, time);
  return new Date(wall === null ? Number.NaN : wallToUtcMs(wall, timeZone));
}

export function meetingTime(meeting: Meeting): MeetingTime {
  if (meeting.date === null) return { type: "none" };
  const first = meeting.date;
  const last = meeting.date_end ?? meeting.date;
  if (meeting.start === null) {
    return { type: "allDay", first, last, endExclusive: addDays(last, 1) };
  }
  const start = zonedTimeToUtc(first, meeting.start, meeting.timezone);
  let end =
    meeting.end === null
      ? new Date(
          zonedTimeToUtc(last, meeting.start, meeting.timezone).getTime() + DEFAULT_LENGTH_MS,
        )
      : zonedTimeToUtc(last, meeting.end, meeting.timezone);
  if (end.getTime() <= start.getTime()) end = new Date(start.getTime() + DEFAULT_LENGTH_MS);
  return { type: "timed", start, end, first, last };
}

function calendarDay(iso: string): Date {
  const [y, m, d] = ymd(iso);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** The day or days, e.g. "الخميس، ١٠ كانون الأول ٢٠٢٦" or "18–19 November 2019". */
export function formatDays(lang: Lang, first: string, last: string): string {
  const format = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "full", timeZone: "UTC" });
  if (first === last) return format.format(calendarDay(first));
  return format.formatRange(calendarDay(first), calendarDay(last));
}

function wallClock(text: string): Date {
  const [h, m] = hm(text);
  return new Date(Date.UTC(2000, 0, 1, h, m));
}

/** The hours as the sheet gives them (wall clock in the meeting's zone). */
export function formatHours(lang: Lang, start: string, end: string | null): string {
  const format = new Intl.DateTimeFormat(LOCALE[lang], { timeStyle: "short", timeZone: "UTC" });
  if (end === null) return format.format(wallClock(start));
  return format.formatRange(wallClock(start), wallClock(end));
}

/** The zone as a reader knows it, with its offset at that instant: "Syria Time (GMT+3)". */
export function formatZone(lang: Lang, timeZone: string, at: Date): string {
  const name = (style: "longGeneric" | "shortOffset") =>
    new Intl.DateTimeFormat(LOCALE[lang], { timeZone, timeZoneName: style })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  const generic = name("longGeneric");
  const offset = name("shortOffset");
  const separator = lang === "ar" ? "، " : ", ";
  return generic === offset ? `${generic}` : `${generic}${separator}${offset}`;
}

/** The date line and the time line for a reader, or null when the meeting has no date. */
export function describeTime(
  lang: Lang,
  meeting: Meeting,
): { date: string; hours: string | null } | null {
  const time = meetingTime(meeting);
  switch (time.type) {
    case "none":
      return null;
    case "allDay":
      return { date: formatDays(lang, time.first, time.last), hours: null };
    case "timed": {
      const hours = formatHours(lang, meeting.start ?? "00:00", meeting.end);
      const zone = formatZone(lang, meeting.timezone, time.start);
      return { date: formatDays(lang, time.first, time.last), hours: `${hours} (${zone})` };
    }
  }
}

/** RFC 5322 Date header, in UTC. */
export function rfc5322Date(now: Date): string {
  return now.toUTCString().replace("GMT", "+0000");
}
