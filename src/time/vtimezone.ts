// A VTIMEZONE for a zone, made from Intl (the Worker has no time-zone database),
// the wall clock of an instant in that zone, and whether a timed meeting over
// several days repeats daily: what a calendar needs to write
// DTSTART;TZID=zone:local with RRULE:FREQ=DAILY. Shared by the invitations and
// the public calendar, so both show a meeting the same way.
//
// Made from Intl rather than a package of VTIMEZONE files: those ship the tz
// database of the day they were built (the common one still gives Damascus the
// summer time Syria abolished in 2022), while workerd's Intl follows ICU.
import { formatOffset, offsetMinutes } from "./zone.ts";

function icsStamp(utcMs: number): string {
  return new Date(utcMs).toISOString().replace(/[-:]/g, "").slice(0, 15);
}

function icsOffset(minutes: number): string {
  return formatOffset(minutes).replace(":", "");
}

/** Instants (UTC ms) in [from, to) where the zone's offset changes. */
export function zoneTransitions(timeZone: string, fromMs: number, toMs: number): number[] {
  const step = 7 * 86400_000;
  const out: number[] = [];
  let t = fromMs;
  let off = offsetMinutes(timeZone, t);
  while (t < toMs) {
    const next = Math.min(t + step, toMs);
    const nextOff = offsetMinutes(timeZone, next);
    if (nextOff !== off) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMinutes(timeZone, mid) === off) lo = mid;
        else hi = mid;
      }
      out.push(hi);
      off = nextOff;
    }
    t = next;
  }
  return out;
}

/**
 * A VTIMEZONE for the years given: one observance per transition, each with its
 * own DTSTART (no RRULE), which RFC 5545 allows and every client reads. Exact for
 * every date in those years, and says nothing about other years.
 */
export function vtimezone(timeZone: string, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear + 1, 0, 1);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`];
  const first = offsetMinutes(timeZone, from);
  const observance = (
    kind: "STANDARD" | "DAYLIGHT",
    atMs: number,
    fromOff: number,
    toOff: number,
  ) => {
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${icsStamp(atMs + fromOff * 60000)}`,
      `TZOFFSETFROM:${icsOffset(fromOff)}`,
      `TZOFFSETTO:${icsOffset(toOff)}`,
      `END:${kind}`,
    );
  };
  observance("STANDARD", from, first, first);
  let prev = first;
  for (const at of zoneTransitions(timeZone, from, to)) {
    const off = offsetMinutes(timeZone, at);
    observance(off > prev ? "DAYLIGHT" : "STANDARD", at, prev, off);
    prev = off;
  }
  lines.push("END:VTIMEZONE");
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * The wall clock (YYYY-MM-DDTHH:MM:SS, no offset) of an instant in a zone: the
 * form ical-generator writes as DTSTART;TZID=zone:local, where a Date would
 * become UTC digits.
 */
export function wallClockIn(instantMs: number, timeZone: string): string {
  return new Date(instantMs + offsetMinutes(timeZone, instantMs) * 60000)
    .toISOString()
    .slice(0, 19);
}

/**
 * How many days a timed meeting repeats its hours on, or null when it is one
 * block: a one-day meeting, or a range whose End is not after its Start (the
 * sheet reads that as running from the first day's Start to the last day's End,
 * src/sheet/meetings.ts). A range with no End repeats its Start each day.
 * Times are "HH:MM" as the sheet gives them, days YYYY-MM-DD.
 */
export function dailyCount(
  first: string,
  last: string,
  start: string,
  end: string | null,
): number | null {
  const days =
    Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86400_000) +
    1;
  if (!(days > 1)) return null;
  return end === null || end > start ? days : null;
}
