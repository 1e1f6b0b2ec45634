// The public calendar subscription (/calendar.ics): every published, dated meeting as
// an iCalendar VEVENT (METHOD:PUBLISH), with the meeting's zone described in a
// VTIMEZONE built from Intl, and the same UID the invitations carry, so a subscriber
// who was also invited sees one entry, not two.
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { Lang } from "../sheet/types.ts";
import { fieldIn, meetingTitle } from "./format.ts";
import { meetingUrl, toItem } from "./json-feed.ts";
import type { FeedSnapshot, PublicMeeting } from "./snapshot.ts";
import { addDays, formatOffset, offsetMinutes } from "./time.ts";

/** The UID of a meeting's calendar entry, shared by the invitation emails and this feed. */
export function meetingUid(id: string): string {
  return `${id}@liqaa`;
}

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
 * A VTIMEZONE for the years the calendar spans: one observance per transition, each
 * with its own DTSTART (no RRULE), which RFC 5545 allows and every client reads.
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

function wallClock(utcIso: string, timeZone: string): string {
  const ms = Date.parse(utcIso);
  return new Date(ms + offsetMinutes(timeZone, ms) * 60000).toISOString().slice(0, 19);
}

export interface CalendarOptions {
  lang: Lang;
  base: string;
}

/** The dated meetings of the snapshot as one iCalendar text. Undated held meetings are left out. */
export function renderCalendar(snapshot: FeedSnapshot, opts: CalendarOptions): string {
  const dated = snapshot.meetings.filter(
    (m): m is PublicMeeting & { start: string; starts_at: string; ends_at: string } =>
      m.start !== null && m.starts_at !== null && m.ends_at !== null,
  );
  const years = dated.flatMap((m) => [m.starts_at, m.ends_at].map((d) => Number(d.slice(0, 4))));
  const fromYear = Math.min(...years) - 1;
  const toYear = Math.max(...years);
  const name = opts.lang === "ar" ? snapshot.network.name_ar : snapshot.network.name_en;
  const cal = ical({
    prodId: { company: "Liqaa", product: "Meetings feed", language: opts.lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    name,
    url: `${opts.base}/calendar.ics`,
    ttl: 15 * 60,
    timezone: { name: null, generator: (tz) => vtimezone(tz, fromYear, toYear) },
  });
  for (const m of dated) {
    const item = toItem(m, opts.lang, opts.base);
    const place = fieldIn(m, "location", opts.lang);
    const common = {
      id: meetingUid(m.id),
      stamp: new Date(snapshot.generated_at),
      lastModified: new Date(m.modified_at),
      summary: meetingTitle(m, opts.lang).text,
      description: item.content_text,
      url: meetingUrl(opts.base, m.id, opts.lang),
      status: m.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(place ? { location: place.text } : {}),
      ...(item.tags ? { categories: item.tags.map((t) => ({ name: t })) } : {}),
    };
    if (m.all_day) {
      // All-day entries are calendar days: DTEND is the day after the last one.
      cal.createEvent({
        ...common,
        allDay: true,
        start: new Date(`${m.start}T00:00:00Z`),
        end: new Date(`${addDays(m.end ?? m.start, 1)}T00:00:00Z`),
        floating: true,
      });
    } else {
      cal.createEvent({
        ...common,
        // Wall-clock strings (no offset) with the zone: ical-generator writes them as
        // DTSTART;TZID=zone:local, which a Date would turn into UTC digits.
        start: wallClock(m.starts_at, m.timezone),
        end: wallClock(m.ends_at, m.timezone),
        timezone: m.timezone,
      });
    }
  }
  return cal.toString();
}
