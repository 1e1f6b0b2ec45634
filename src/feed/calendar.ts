// The public calendar subscription (/calendar.ics): every published, dated meeting as
// an iCalendar VEVENT (METHOD:PUBLISH), with the meeting's zone described in a
// VTIMEZONE built from Intl (src/time/vtimezone.ts), a timed meeting over several
// days repeated daily at its hours as the invitations have it, and the same UID
// the invitations carry, so a subscriber who was also invited sees one entry, not two.
import ical, { ICalCalendarMethod, ICalEventRepeatingFreq, ICalEventStatus } from "ical-generator";
import type { Lang } from "../sheet/types.ts";
import { dailyCount, vtimezone, wallClockIn } from "../time/vtimezone.ts";
import { fieldIn, meetingTitle } from "./format.ts";
import { meetingUrl, toItem } from "./json-feed.ts";
import type { FeedSnapshot, PublicMeeting } from "./snapshot.ts";
import { addDays } from "./time.ts";

/**
 * The UID of a meeting's calendar entry, the one its invitations carry (the sync
 * puts it in the snapshot); a snapshot from before UIDs were stored has none, and
 * every UID then was `<id>@liqaa`.
 */
function meetingUid(m: PublicMeeting): string {
  return m.uid ?? `${m.id}@liqaa`;
}

/**
 * A timed meeting over several days as its first day (local wall clock) repeated
 * `count` days, as the invitations write it; null when it is one block. The first
 * day ends as the last one does, so a meeting with no End runs to midnight each
 * day, as a one-day one does here.
 */
function dailyTimes(
  m: PublicMeeting & { start: string; ends_at: string },
): { start: string; end: string; count: number } | null {
  const endWall = wallClockIn(Date.parse(m.ends_at), m.timezone);
  const first = m.start.slice(0, 10);
  const startTime = m.start.slice(11, 16);
  const last = m.end === null ? addDays(endWall.slice(0, 10), -1) : m.end.slice(0, 10);
  const count = dailyCount(first, last, startTime, m.end === null ? null : m.end.slice(11, 16));
  if (count === null) return null;
  return {
    start: m.start.slice(0, 19),
    end: m.end === null ? `${addDays(first, 1)}T00:00:00` : `${first}T${m.end.slice(11, 19)}`,
    count,
  };
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
      id: meetingUid(m),
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
      // Wall-clock strings (no offset) with the zone: ical-generator writes them as
      // DTSTART;TZID=zone:local, which a Date would turn into UTC digits. A meeting
      // over several days is its first day repeated daily in its zone.
      const daily = dailyTimes(m);
      cal.createEvent({
        ...common,
        ...(daily === null
          ? {
              start: wallClockIn(Date.parse(m.starts_at), m.timezone),
              end: wallClockIn(Date.parse(m.ends_at), m.timezone),
            }
          : {
              start: daily.start,
              end: daily.end,
              repeating: { freq: ICalEventRepeatingFreq.DAILY, count: daily.count },
            }),
        timezone: m.timezone,
      });
    }
  }
  return cal.toString();
}
