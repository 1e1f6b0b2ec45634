// A timed meeting over several days is one event per day at its daily hours,
// read by Mozilla's ical.js as Thunderbird does: the calendar's own VTIMEZONE is
// registered, the event's recurrence expanded with its iterator, and each
// occurrence's instants compared with the hours the sheet gives in the meeting's
// zone, across a clock change too. Both the invitations (every kind that carries
// a calendar) and the public calendar are checked.
import ICAL from "ical.js";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { renderCalendar } from "../../../src/feed/calendar.ts";
import { buildSnapshot, mergeWithPrevious } from "../../../src/feed/snapshot.ts";
import { renderMail } from "../../../src/mail/render.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { meeting as feedMeeting, sheet as feedSheet } from "../../worker/feed/fixtures.ts";
import { inputFor, meeting as mailMeeting } from "../../worker/mail/fixtures.ts";

/** The occurrences ical.js expands, as [start, end] ISO instants in UTC. */
function occurrences(ics: string): [string, string][] {
  const vcalendar = new ICAL.Component(ICAL.parse(ics));
  for (const vtimezone of vcalendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const vevents = vcalendar.getAllSubcomponents("vevent");
  expect(vevents).toHaveLength(1);
  const event = new ICAL.Event(vevents[0] as ICAL.Component);
  const out: [string, string][] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && out.length < 50; next = iterator.next()) {
    const { startDate, endDate } = event.getOccurrenceDetails(next);
    out.push([startDate.toJSDate().toISOString(), endDate.toJSDate().toISOString()]);
  }
  return out;
}

const at = (iso: string) => new Date(iso).toISOString();

const cases: {
  name: string;
  days: Pick<Meeting, "date" | "date_end" | "start" | "end" | "timezone">;
  want: [string, string][];
}[] = [
  {
    name: "two days in Istanbul",
    days: {
      date: "2027-11-25",
      date_end: "2027-11-26",
      start: "09:00",
      end: "17:00",
      timezone: "Europe/Istanbul",
    },
    want: [
      [at("2027-11-25T06:00:00Z"), at("2027-11-25T14:00:00Z")],
      [at("2027-11-26T06:00:00Z"), at("2027-11-26T14:00:00Z")],
    ],
  },
  {
    name: "three days in Damascus",
    days: {
      date: "2027-03-30",
      date_end: "2027-04-01",
      start: "10:00",
      end: "13:30",
      timezone: "Asia/Damascus",
    },
    want: [
      [at("2027-03-30T07:00:00Z"), at("2027-03-30T10:30:00Z")],
      [at("2027-03-31T07:00:00Z"), at("2027-03-31T10:30:00Z")],
      [at("2027-04-01T07:00:00Z"), at("2027-04-01T10:30:00Z")],
    ],
  },
  {
    // Berlin leaves summer time in the night to Sunday 31 October 2027: the
    // second day's 09:00 is an hour later in UTC than the first day's.
    name: "two days in Berlin across the clock change",
    days: {
      date: "2027-10-30",
      date_end: "2027-10-31",
      start: "09:00",
      end: "17:00",
      timezone: "Europe/Berlin",
    },
    want: [
      [at("2027-10-30T07:00:00Z"), at("2027-10-30T15:00:00Z")],
      [at("2027-10-31T08:00:00Z"), at("2027-10-31T16:00:00Z")],
    ],
  },
];

describe("a timed meeting over several days, expanded by ical.js", () => {
  for (const { name, days, want } of cases) {
    for (const kind of ["invitation", "update", "cancellation", "reminder"] as const) {
      it(`${name}: the ${kind}'s calendar is one occurrence a day at its hours`, () => {
        const mail = renderMail(inputFor(kind, { meeting: { ...mailMeeting, ...days } }));
        expect(occurrences(mail.ics ?? "")).toEqual(want);
      });
    }
    it(`${name}: the public calendar gives the same occurrences`, () => {
      const snapshot = mergeWithPrevious(
        buildSnapshot(feedSheet([feedMeeting(days)]), new Date("2027-01-01T00:00:00Z")),
        null,
      );
      const ics = renderCalendar(snapshot, { lang: "en", base: "https://liqaa.test" });
      expect(occurrences(ics)).toEqual(want);
    });
  }

  it("a range whose End is before its Start stays one block, from the first Start to the last End", () => {
    const days = {
      date: "2027-11-25",
      date_end: "2027-11-27",
      start: "16:00",
      end: "10:00",
      timezone: "Europe/Istanbul",
    };
    const want = [[at("2027-11-25T13:00:00Z"), at("2027-11-27T07:00:00Z")]];
    const mail = renderMail(inputFor("invitation", { meeting: { ...mailMeeting, ...days } }));
    expect(occurrences(mail.ics ?? "")).toEqual(want);
    const snapshot = mergeWithPrevious(
      buildSnapshot(feedSheet([feedMeeting(days)]), new Date("2027-01-01T00:00:00Z")),
      null,
    );
    expect(occurrences(renderCalendar(snapshot, { lang: "en", base: "https://x.test" }))).toEqual(
      want,
    );
  });

  it("an all-day meeting over several days stays one DATE range with an exclusive end", () => {
    const days = { date: "2027-11-25", date_end: "2027-11-26", start: null, end: null };
    const mail = renderMail(inputFor("invitation", { meeting: { ...mailMeeting, ...days } }));
    expect(mail.ics).toMatch(/^DTSTART;VALUE=DATE:20271125\r$/m);
    expect(mail.ics).toMatch(/^DTEND;VALUE=DATE:20271127\r$/m);
    expect(mail.ics).not.toMatch(/^RRULE/m);
  });

  it("the email's text gives the days and the daily hours, naming no offset the second day lacks", async () => {
    const text = async (days: (typeof cases)[number]["days"]) =>
      (
        await simpleParser(
          renderMail(inputFor("invitation", { meeting: { ...mailMeeting, ...days } })).raw,
        )
      ).text ?? "";
    const berlin = await text(cases[2]!.days);
    expect(berlin).toMatch(/^Date: Saturday 30\s+October\s*–\s*Sunday 31\s+October 2027$/m);
    expect(berlin).toMatch(/^Time: 09:00–17:00 \(Central European Time\)$/m);
    const istanbul = await text(cases[0]!.days);
    expect(istanbul).toMatch(/^Time: 09:00–17:00 \(.*GMT\+3\)$/m);
  });

  it("a one-day meeting keeps its UTC instants and no rule", () => {
    const mail = renderMail(inputFor("invitation"));
    expect(mail.ics).toMatch(/^DTSTART:20261210T070000Z\r$/m);
    expect(mail.ics).not.toMatch(/^RRULE|^BEGIN:VTIMEZONE/m);
  });
});
