// The iCalendar object sent with invitations, updates, reminders and
// cancellations (iTIP, RFC 5546): one VEVENT whose UID comes from the meeting's
// ID, so every later message moves the same calendar entry. A reminder's copy
// has no METHOD and no ATTENDEE: it is the entry for whoever lost it, not a
// scheduling message, so no client can read it as a REQUEST that resets the
// invitee's answer (RFC 5545 §3.7.2: without METHOD no scheduling transaction
// may be assumed; Outlook imports it as PUBLISH, MS-OXCICAL §2.2.51).
//
// Timed meetings are written as UTC instants (DTSTART:...Z), not with TZID and
// a VTIMEZONE: the Worker has no time-zone database, and a VTIMEZONE made from
// Intl's offset at one date would describe the zone wrongly for every other
// date a client reuses it for. A UTC instant is exact, every client shows it in
// the reader's own zone, and the email text names the meeting's zone.
// All-day and multi-day meetings are DATE values with an exclusive DTEND.
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from "ical-generator";
import type { Contact, Lang, Meeting } from "../sheet/types.ts";
import { fieldIn } from "./languages.ts";
import type { Mailbox } from "./mime.ts";
import { meetingTime } from "./time.ts";

/** Where the UID's right-hand side comes from; stable so that clients keep matching events. */
const UID_DOMAIN = "liqaa";

export function meetingUid(meeting: Meeting): string {
  return `${meeting.id}@${UID_DOMAIN}`;
}

/** The iTIP method, or null for a plain copy of the entry that schedules nothing. */
export type CalendarMethod = "REQUEST" | "CANCEL" | null;

export interface CalendarInput {
  method: CalendarMethod;
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

/** The calendar for a dated meeting, or null when the meeting has no date. */
export function buildCalendar(input: CalendarInput): string | null {
  const time = meetingTime(input.meeting);
  if (time.type === "none") return null;

  const calendar = ical({
    prodId: { company: "Liqaa", product: "Liqaa", language: "EN" },
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
    id: meetingUid(input.meeting),
    sequence: input.sequence,
    stamp: input.now,
    start,
    end,
    allDay: time.type === "allDay",
    timezone: null,
    summary: title(input.meeting, first),
    description: input.description,
    // The place in the calendar's language (its SUMMARY's), as the email's first block names it.
    location: fieldIn(input.meeting, "location", first)?.text ?? null,
    organizer: {
      name: input.organizer.name ?? input.organizer.address,
      email: input.organizer.address,
    },
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
