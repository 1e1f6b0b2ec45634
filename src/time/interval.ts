// When a meeting happens, as instants: the one reading of a row's Date, Start, End
// and Time zone that the mail, the sync and the feed share. Each used to work out
// the end of a meeting with no End by itself; they now take their end from here,
// under a name that says which end it is (see MeetingInterval). Pure data and a
// per-zone memory of offsets; nothing here reads the clock.
import type { Meeting } from "../sheet/types.ts";
import { addDays, isKnownZone, parseWallTime, zonedTimeToUtcMs, zoneOffsetMs } from "./zone.ts";

/**
 * A dated meeting's interval. Every instant is null when the row cannot be placed
 * in time (an unknown zone, a malformed date or time; the parser admits neither).
 *
 * Three ends, because three readers ask three different questions:
 * - `end` is when the meeting is over, for the sync (no invitations after it, RSVP
 *   links a day past it): the End on the last day as written, or, with no End, the
 *   midnight that ends the last day (the next day's 00:00: 23 or 25 hours on a day
 *   the clocks change).
 * - `endOvernight` (timed only) is the feed's `ends_at`: `end`, except that an End
 *   not after the Start is read as past midnight, on the day after. The two differ
 *   only for a one-day row whose End is not after its Start, which the parser
 *   rejects; they are kept apart so that neither the sync nor the feed moves.
 * - `calendarEnd` (timed) / `endExclusive` (all day) is the invitation's DTEND. A
 *   calendar needs a length to show an entry, so a Start with no End is booked for
 *   an hour (from the Start on the last day), and an End not after the Start is an
 *   hour after the Start; an all-day meeting ends on the DATE after its last day
 *   (DTEND is exclusive).
 */
export type MeetingInterval =
  | { type: "none" }
  | {
      type: "allDay";
      /** First and last day (YYYY-MM-DD); the same day for a one-day meeting. */
      first: string;
      last: string;
      /** The day after the last: the calendar's exclusive DTEND. */
      endExclusive: string;
      /** 00:00 of the first day in the meeting's zone. */
      start: Date | null;
      /** The midnight that ends the last day. */
      end: Date | null;
    }
  | {
      type: "timed";
      first: string;
      last: string;
      /** The Start on the first day. */
      start: Date | null;
      end: Date | null;
      endOvernight: Date | null;
      calendarEnd: Date | null;
    };

/** A Start with no End is booked for an hour in a calendar. */
const CALENDAR_LENGTH_MS = 60 * 60 * 1000;

export function meetingInterval(meeting: Meeting): MeetingInterval {
  if (meeting.date === null) return { type: "none" };
  const tz = meeting.timezone;
  const first = meeting.date;
  const last = meeting.date_end ?? meeting.date;
  const start = zonedInstant(first, meeting.start, tz);
  const endOfLastDay = () => zonedInstant(addDays(last, 1), null, tz);
  if (meeting.start === null) {
    return {
      type: "allDay",
      first,
      last,
      endExclusive: addDays(last, 1),
      start,
      end: endOfLastDay(),
    };
  }
  const written = meeting.end === null ? null : zonedInstant(last, meeting.end, tz);
  const notAfterStart = (instant: Date | null): instant is Date =>
    instant !== null && start !== null && instant.getTime() <= start.getTime();
  const anHourAfter = (instant: Date | null) =>
    instant && new Date(instant.getTime() + CALENDAR_LENGTH_MS);

  const end = meeting.end === null ? endOfLastDay() : written;
  const endOvernight =
    meeting.end !== null && notAfterStart(written)
      ? zonedInstant(addDays(last, 1), meeting.end, tz)
      : end;

  const booked =
    meeting.end === null ? anHourAfter(zonedInstant(last, meeting.start, tz)) : written;
  const calendarEnd = notAfterStart(booked) ? anHourAfter(start) : booked;

  return { type: "timed", first, last, start, end, endOvernight, calendarEnd };
}

/**
 * The interval's `start` and `end` alone, as meetingInterval gives them (null
 * for a meeting with no date): what the sync's plan asks of every meeting on
 * every sync, without the calendar's and the feed's ends.
 */
export function meetingBounds(meeting: Meeting): { start: Date | null; end: Date | null } | null {
  if (meeting.date === null) return null;
  const tz = meeting.timezone;
  const last = meeting.date_end ?? meeting.date;
  const start = zonedInstant(meeting.date, meeting.start, tz);
  // meetingInterval: all day, or no End, ends at the midnight after the last day.
  const end =
    meeting.start === null || meeting.end === null
      ? zonedInstant(addDays(last, 1), null, tz)
      : zonedInstant(last, meeting.end, tz);
  return { start, end };
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Asking Intl for an offset is the costly step of reading a time, and a sheet's
// meetings share zones and days, so answers are kept per zone: the offset at each
// midnight asked about, and the offset each day keeps throughout (null when the
// clocks change near it, or the zone is unknown: the exact path below). Pure data,
// safe across requests; capped so a long-lived isolate stays small.
interface ZoneMemory {
  known: boolean;
  /** A day (midnight as Date.UTC, over DAY_MS: a small integer) → the zone's offset at its midnight. */
  midnights: Map<number, number>;
  /** A day (as in `midnights`) → the one offset it keeps throughout, or null. */
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

function offsetAt(tz: string, memory: ZoneMemory, day: number): number {
  let offset = memory.midnights.get(day);
  if (offset === undefined) {
    offset = zoneOffsetMs(tz, day * DAY_MS);
    memory.midnights.set(day, offset);
  }
  return offset;
}

/**
 * The zone's offset for every wall time on `day` (its midnight as a wall time in
 * Date.UTC, over DAY_MS), when it is one offset from a day before to a day after
 * that day: src/time/zone.ts reads a wall time with the offsets a day either
 * side, and where those agree, that is the answer. No zone changes its clocks
 * twice within three days, so equal offsets at both ends mean none in between.
 * Days are kept as small integers, which maps hash without boxing.
 */
function dayOffset(tz: string, day: number): number | null {
  const memory = zoneMemory(tz);
  const known = memory.days.get(day);
  if (known !== undefined) return known;
  let offset: number | null = null;
  if (memory.known) {
    const before = offsetAt(tz, memory, day - 1);
    const after = offsetAt(tz, memory, day + 2);
    if (before === after) offset = before;
  }
  memory.days.set(day, offset);
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
  const offset = dayOffset(tz, Math.floor(wall / DAY_MS));
  if (offset !== null) return new Date(wall - offset);
  const instant = zonedTimeToUtcMs(date, time ?? "00:00", tz);
  return instant === null ? null : new Date(instant);
}
