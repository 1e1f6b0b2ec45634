import ical, { type VEvent } from "node-ical";
import { describe, expect, it } from "vitest";
import { renderCalendar } from "../../../src/feed/calendar.ts";
import { buildSnapshot, mergeWithPrevious } from "../../../src/feed/snapshot.ts";
import { meeting, sheet } from "../../worker/feed/fixtures.ts";

function calendar(meetings = [meeting()]) {
  const snapshot = mergeWithPrevious(
    buildSnapshot(sheet(meetings), new Date("2026-01-01T00:00:00Z")),
    null,
  );
  return renderCalendar(snapshot, { lang: "en", base: "https://liqaa.test" });
}

function events(text: string) {
  return Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === "VEVENT");
}

describe("the calendar subscription, read by node-ical", () => {
  it("holds one event per dated meeting with the shared UID", () => {
    const parsed = events(
      calendar([
        meeting({ id: "a" }),
        meeting({ id: "b" }),
        meeting({ id: "c", date: null, start: null, end: null, status: "held" }),
      ]),
    );
    expect(parsed.map((e) => e.uid).sort()).toEqual(["a@liqaa", "b@liqaa"]);
  });

  it("places a timed meeting at the right instant in its zone", () => {
    const [event] = events(
      calendar([meeting({ timezone: "Asia/Damascus", date: "2026-01-15", start: "10:00" })]),
    );
    expect(new Date(event!.start).toISOString()).toBe("2026-01-15T07:00:00.000Z");
    expect(new Date(event!.end!).toISOString()).toBe("2026-01-15T09:00:00.000Z");
  });

  it("keeps a summer meeting in a DST zone at its wall-clock time", () => {
    const [event] = events(
      calendar([
        meeting({ timezone: "Europe/Berlin", date: "2026-07-01", start: "09:30", end: "11:00" }),
      ]),
    );
    expect(new Date(event!.start).toISOString()).toBe("2026-07-01T07:30:00.000Z");
  });

  it("gives an all-day range as dates with an exclusive end", () => {
    const text = calendar([
      meeting({ date: "2019-11-18", date_end: "2019-11-19", start: null, end: null }),
    ]);
    expect(text).toContain("DTSTART;VALUE=DATE:20191118");
    expect(text).toContain("DTEND;VALUE=DATE:20191120");
    const [event] = events(text);
    expect(event!.datetype).toBe("date");
  });

  it("says PUBLISH and describes each zone it uses", () => {
    const text = calendar([meeting({ timezone: "Europe/Berlin" })]);
    const parsed = ical.sync.parseICS(text);
    expect(text).toContain("METHOD:PUBLISH");
    expect(
      Object.values(parsed).some((c) => c?.type === "VTIMEZONE" && c.tzid === "Europe/Berlin"),
    ).toBe(true);
  });
});
