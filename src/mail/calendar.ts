// The iCalendar object sent with invitations, updates, reminders and
// cancellations (iTIP, RFC 5546): one VEVENT under the meeting's stored UID
// (`<id>@<the sender's domain>`, or `<id>@liqaa` for meetings invited before
// UIDs were stored), so every later message moves the same calendar entry. A reminder's copy
// has no METHOD and no ATTENDEE: it is the entry for whoever lost it, not a
// scheduling message, so no client can read it as a REQUEST that resets the
// invitee's answer (RFC 5545 §3.7.2: without METHOD no scheduling transaction
// may be assumed; Outlook imports it as PUBLISH, MS-OXCICAL §2.2.51).
//
// A timed meeting on one day is written as UTC instants (DTSTART:...Z), not
// with TZID and a VTIMEZONE: exact, shown by every client in the reader's own
// zone, and the email text names the meeting's zone. A timed meeting over several
// days is one event per day: its first day's DTSTART/DTEND with
// RRULE:FREQ=DAILY;COUNT=n, in local time with TZID and a VTIMEZONE made from
// Intl for the years it spans (src/time/vtimezone.ts). A rule repeats in the
// zone of its DTSTART (RFC 5545 §3.8.5.3: DTSTART and DTEND are given in local
// time with a VTIMEZONE when a rule is used), so a UTC DTSTART would move the
// later days by an hour after a clock change; in local time each day keeps the
// hours the email gives. All-day meetings, one day or several, are DATE values
// with an exclusive DTEND.
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventRepeatingFreq,
  ICalEventStatus,
} from "ical-generator";
import type { Contact, Lang, Meeting } from "../sheet/types.ts";
import { meetingInterval } from "../time/interval.ts";
import { dailyCount, vtimezone, wallClockIn } from "../time/vtimezone.ts";
import { fieldIn } from "./languages.ts";
import { domainOf, type Mailbox } from "./mime.ts";
import { meetingTime } from "./time.ts";

/** The right-hand side every UID had before UIDs were stored (migration 0009); those meetings keep it. */
export const LEGACY_UID_DOMAIN = "liqaa";

/**
 * The UID a meeting first sent now gets: `<id>@<the sender's domain>`, a domain
 * the deployment owns (SES sends only from a verified one), so networks running
 * Liqaa apart never share a UID (RFC 5545 §3.8.4.7 asks for a globally unique
 * one). Once sent it is stored and reused (src/sync/calendar-uids.ts), so a new
 * sender address never moves an entry.
 */
export function calendarUid(meetingId: string, senderAddress: string): string {
  const domain = domainOf(senderAddress);
  return `${meetingId}@${domain || LEGACY_UID_DOMAIN}`;
}

/** The iTIP method, or null for a plain copy of the entry that schedules nothing. */
export type CalendarMethod = "REQUEST" | "CANCEL" | null;

export interface CalendarInput {
  method: CalendarMethod;
  /** The entry's UID, the same in every message about the meeting. */
  uid: string;
  meeting: Meeting;
  contact: Contact;
  organizer: Mailbox;
  sequence: number;
  now: Date;
  /** The languages of the mail, first one first; SUMMARY uses the first. */
  languages: Lang[];
  /** Description text for invitees (holds the online link); built by the templates. */
  description: string;
}

function title(meeting: Meeting, lang: Lang): string {
  return (
    (lang === "ar"
      ? (meeting.title_ar ?? meeting.title_en)
      : (meeting.title_en ?? meeting.title_ar)) ?? meeting.id
  );
}

/** The ORGANIZER line's person: the one place it is made, for every kind of calendar. */
function organizerOf(organizer: Mailbox): { name: string; email: string } {
  return { name: organizer.name ?? organizer.address, email: organizer.address };
}

/**
 * A timed meeting over several days as its first day, in local time in its zone,
 * repeated `count` days; null for a meeting that is one block. The first day's
 * end is the calendar end a one-day meeting on that day would have (its End, or
 * an hour after its Start when there is none: src/time/interval.ts).
 */
function dailyTimes(meeting: Meeting): {
  start: string;
  end: string;
  count: number;
  fromYear: number;
  toYear: number;
} | null {
  if (meeting.date === null || meeting.start === null) return null;
  const last = meeting.date_end ?? meeting.date;
  const count = dailyCount(meeting.date, last, meeting.start, meeting.end);
  if (count === null) return null;
  const firstDay = meetingInterval({ ...meeting, date_end: null });
  if (firstDay.type !== "timed" || firstDay.start === null || firstDay.calendarEnd === null) {
    return null;
  }
  return {
    start: wallClockIn(firstDay.start.getTime(), meeting.timezone),
    end: wallClockIn(firstDay.calendarEnd.getTime(), meeting.timezone),
    count,
    fromYear: Number(meeting.date.slice(0, 4)),
    toYear: Number(last.slice(0, 4)),
  };
}

/** The calendar for a dated meeting, or null when the meeting has no date. */
export function buildCalendar(input: CalendarInput): string | null {
  const time = meetingTime(input.meeting);
  if (time.type === "none") return null;

  const daily = dailyTimes(input.meeting);
  const calendar = ical({
    prodId: { company: "Liqaa", product: "Liqaa", language: "EN" },
    ...(daily === null
      ? {}
      : {
          timezone: {
            name: null,
            generator: (tz: string) => vtimezone(tz, daily.fromYear, daily.toYear),
          },
        }),
    ...(input.method === null
      ? {}
      : {
          method:
            input.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
        }),
  });

  const [y1, m1, d1] = time.first.split("-").map(Number);
  const start =
    time.type === "timed" ? time.start : new Date(Date.UTC(y1 ?? 1970, (m1 ?? 1) - 1, d1 ?? 1));
  const [y2, m2, d2] = (time.type === "allDay" ? time.endExclusive : time.last)
    .split("-")
    .map(Number);
  const end =
    time.type === "timed" ? time.end : new Date(Date.UTC(y2 ?? 1970, (m2 ?? 1) - 1, d2 ?? 1));

  const cancelled = input.method === "CANCEL";
  const first = input.languages[0] ?? "ar";
  const event = calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    stamp: input.now,
    ...(daily === null
      ? { start, end, timezone: null }
      : {
          start: daily.start,
          end: daily.end,
          timezone: input.meeting.timezone,
          repeating: { freq: ICalEventRepeatingFreq.DAILY, count: daily.count },
        }),
    allDay: time.type === "allDay",
    summary: title(input.meeting, first),
    description: input.description,
    // The place in the calendar's language (its SUMMARY's), as the email's first block names it.
    location: fieldIn(input.meeting, "location", first)?.text ?? null,
    organizer: organizerOf(input.organizer),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // PARTSTAT=NEEDS-ACTION belongs to a request; a copy without METHOD carries
  // no attendee whose answer a client could take from it.
  if (input.method !== null) {
    event.createAttendee({
      email: input.contact.email,
      name: input.contact.name ?? input.contact.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: !cancelled,
    });
  }
  if (!cancelled) {
    // An hour before a timed meeting; the afternoon before (15 h ahead of midnight) an all-day one.
    event.createAlarm({
      type: ICalAlarmType.display,
      trigger: time.type === "timed" ? 60 * 60 : 15 * 60 * 60,
      description: title(input.meeting, first),
    });
  }
  // RFC 5545 §3.1 ends every content line with CRLF, the last one too;
  // ical-generator leaves it off END:VCALENDAR.
  const text = calendar.toString();
  return text.endsWith("\r\n") ? text : `${text}\r\n`;
}
