// When a meeting happens, as a calendar needs it (instants, or DATE values for
// all-day meetings) and as a reader wants it (Levantine Arabic or English, in the
// meeting's own time zone, with the zone named). The instants are
// src/time/interval.ts's, shared with the sync and the feed so all three agree.
import type { Lang, Meeting } from "../sheet/types.ts";
import { meetingInterval } from "../time/interval.ts";
import { LOCALE } from "../time/locale.ts";
import { isKnownZone } from "../time/zone.ts";

export { addDays, zoneOffsetMs } from "../time/zone.ts";

export type MeetingTime =
  | { type: "none" }
  /** DATE values: first day and the day after the last (DTEND is exclusive). */
  | { type: "allDay"; first: string; last: string; endExclusive: string }
  | { type: "timed"; start: Date; end: Date; first: string; last: string };

function hm(text: string): [number, number] {
  const [h, m] = text.split(":").map(Number);
  return [h ?? 0, m ?? 0];
}

function ymd(iso: string): [number, number, number] {
  const [y, m, d] = iso.split("-").map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/**
 * The meeting's interval as the invitation's calendar has it: DTEND is the
 * interval's calendar end (an hour after the Start when there is no End). An
 * instant that cannot be placed is an invalid Date, and an unknown zone throws:
 * the parser admits neither, so rendering an invitation for one is a bug.
 */
export function meetingTime(meeting: Meeting): MeetingTime {
  const interval = meetingInterval(meeting);
  switch (interval.type) {
    case "none":
      return interval;
    case "allDay": {
      const { first, last, endExclusive } = interval;
      return { type: "allDay", first, last, endExclusive };
    }
    case "timed": {
      if (!isKnownZone(meeting.timezone)) {
        throw new RangeError(`Invalid time zone specified: ${meeting.timezone}`);
      }
      const placed = (instant: Date | null) => instant ?? new Date(Number.NaN);
      const { first, last } = interval;
      return {
        type: "timed",
        start: placed(interval.start),
        end: placed(interval.calendarEnd),
        first,
        last,
      };
    }
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per language and options for the isolate's life: building an
 * Intl.DateTimeFormat costs far more than formatting with it (it was most of a
 * mail's rendering CPU), and a formatter holds no state between calls.
 */
function dateFormat(
  lang: Lang,
  key: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const id = `${lang}|${key}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE[lang], options);
    formats.set(id, format);
  }
  return format;
}

/**
 * What the formatters said, by their inputs: a batch of emails for one meeting
 * asks the same few questions of ICU again and again, and formatRange costs
 * far more than a lookup. Cleared when it grows past a bound, so an isolate
 * that renders for thousands of meetings keeps its memory.
 */
const said = new Map<string, string>();
const SAID_MAX = 2_000;

function remembered(key: string, compute: () => string): string {
  let value = said.get(key);
  if (value === undefined) {
    value = compute();
    if (said.size >= SAID_MAX) said.clear();
    said.set(key, value);
  }
  return value;
}

function calendarDay(iso: string): Date {
  const [y, m, d] = ymd(iso);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** The day or days, e.g. "الخميس، ١٠ كانون الأول ٢٠٢٦" or "18–19 November 2019". */
export function formatDays(lang: Lang, first: string, last: string): string {
  return remembered(`d|${lang}|${first}|${last}`, () => daysOnce(lang, first, last));
}

function daysOnce(lang: Lang, first: string, last: string): string {
  const format = dateFormat(lang, "days", { dateStyle: "full", timeZone: "UTC" });
  if (first === last) return format.format(calendarDay(first));
  return format.formatRange(calendarDay(first), calendarDay(last));
}

function wallClock(text: string): Date {
  const [h, m] = hm(text);
  return new Date(Date.UTC(2000, 0, 1, h, m));
}

/** The hours as the sheet gives them (wall clock in the meeting's zone). */
export function formatHours(lang: Lang, start: string, end: string | null): string {
  return remembered(`h|${lang}|${start}|${end ?? ""}`, () => hoursOnce(lang, start, end));
}

function hoursOnce(lang: Lang, start: string, end: string | null): string {
  const format = dateFormat(lang, "hours", { timeStyle: "short", timeZone: "UTC" });
  if (end === null) return format.format(wallClock(start));
  return format.formatRange(wallClock(start), wallClock(end));
}

/**
 * The zone as a reader knows it, with its offset at that instant: "Syria Time
 * (GMT+3)"; without the offset when it is not the same at `until` (a meeting over
 * several days across a clock change keeps its hours, not its offset).
 */
export function formatZone(lang: Lang, timeZone: string, at: Date, until: Date = at): string {
  return remembered(`z|${lang}|${timeZone}|${at.getTime()}|${until.getTime()}`, () =>
    zoneOnce(lang, timeZone, at, until),
  );
}

function zoneOnce(lang: Lang, timeZone: string, at: Date, until: Date): string {
  const name = (style: "longGeneric" | "shortOffset", when = at) =>
    dateFormat(lang, `${style}|${timeZone}`, { timeZone, timeZoneName: style })
      .formatToParts(when)
      .find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  const generic = name("longGeneric");
  const offset = name("shortOffset");
  if (offset !== name("shortOffset", until)) return generic;
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
      const zone = formatZone(lang, meeting.timezone, time.start, time.end);
      return { date: formatDays(lang, time.first, time.last), hours: `${hours} (${zone})` };
    }
  }
}

/** RFC 5322 Date header, in UTC. */
export function rfc5322Date(now: Date): string {
  return now.toUTCString().replace("GMT", "+0000");
}
