// A meeting's interval: one start and three ends, each named for the question it
// answers (over, for the sync; the feed's ends_at; the invitation's DTEND).
import { describe, expect, it } from "vitest";
import { type MeetingInterval, meetingInterval, zonedInstant } from "../../../src/time/interval.ts";
import { meeting } from "../sync/fixtures.ts";

/** The interval with its instants as ISO strings in UTC. */
function readable(over: Parameters<typeof meeting>[0]): Record<string, unknown> {
  const interval: MeetingInterval = meetingInterval(meeting(over));
  return Object.fromEntries(
    Object.entries(interval).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );
}

describe("meetingInterval", () => {
  it("has no interval without a date", () => {
    expect(readable({ date: null, start: null, end: null })).toEqual({ type: "none" });
  });

  it("gives a timed meeting with an End the same end everywhere", () => {
    expect(readable({ date: "2026-12-10", start: "10:00", end: "12:00" })).toEqual({
      type: "timed",
      first: "2026-12-10",
      last: "2026-12-10",
      start: "2026-12-10T07:00:00.000Z",
      end: "2026-12-10T09:00:00.000Z",
      endOvernight: "2026-12-10T09:00:00.000Z",
      calendarEnd: "2026-12-10T09:00:00.000Z",
    });
  });

  it("ends a Start with no End at midnight for the sync and the feed, an hour on in a calendar", () => {
    expect(readable({ date: "2026-12-10", start: "10:00", end: null })).toMatchObject({
      end: "2026-12-10T21:00:00.000Z",
      endOvernight: "2026-12-10T21:00:00.000Z",
      calendarEnd: "2026-12-10T08:00:00.000Z",
    });
  });

  it("books a range's Start with no End for an hour on its last day", () => {
    expect(
      readable({ date: "2026-12-10", date_end: "2026-12-11", start: "10:00", end: null }),
    ).toMatchObject({
      start: "2026-12-10T07:00:00.000Z",
      end: "2026-12-11T21:00:00.000Z",
      calendarEnd: "2026-12-11T08:00:00.000Z",
    });
  });

  it("reads an End before the Start three ways (a row the parser rejects)", () => {
    expect(readable({ date: "2026-12-10", start: "22:00", end: "01:00" })).toMatchObject({
      start: "2026-12-10T19:00:00.000Z",
      end: "2026-12-09T22:00:00.000Z",
      endOvernight: "2026-12-10T22:00:00.000Z",
      calendarEnd: "2026-12-10T20:00:00.000Z",
    });
  });

  it("gives an all-day meeting its local midnights and the exclusive DATE after it", () => {
    expect(
      readable({ date: "2026-10-25", start: null, end: null, timezone: "Europe/Berlin" }),
    ).toEqual({
      type: "allDay",
      first: "2026-10-25",
      last: "2026-10-25",
      endExclusive: "2026-10-26",
      start: "2026-10-24T22:00:00.000Z",
      end: "2026-10-25T23:00:00.000Z",
    });
  });

  it("cannot place a meeting in an unknown zone", () => {
    expect(readable({ timezone: "Mars/Olympus" })).toMatchObject({
      start: null,
      end: null,
      endOvernight: null,
      calendarEnd: null,
    });
  });
});

describe("zonedInstant", () => {
  it("reads a skipped wall time a gap later and a repeated one the first time", () => {
    expect(zonedInstant("2026-03-29", "02:30", "Europe/Berlin")?.toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(zonedInstant("2026-10-25", "02:30", "Europe/Berlin")?.toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("is null for a malformed time or an unknown zone", () => {
    expect(zonedInstant("2026-03-29", "25:00", "Europe/Berlin")).toBeNull();
    expect(zonedInstant("2026-03-29", null, "Nowhere/Land")).toBeNull();
  });
});
