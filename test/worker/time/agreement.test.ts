// The mail, the sync's plan and the feed each turn a meeting's wall-clock time into
// instants; they used to do it with three copies that disagreed on the nights clocks
// change. They now share src/time/zone.ts, so an invitation, a reminder and the feed
// name the same instant for the same row.
import { describe, expect, it } from "vitest";
import { meetingTiming } from "../../../src/feed/snapshot.ts";
import { meetingTime } from "../../../src/mail/time.ts";
import { meetingEnd, meetingStart } from "../../../src/sync/fingerprint.ts";
import { meeting } from "../sync/fixtures.ts";

/** The start instant each of the three modules gives a meeting, as ISO in UTC. */
function starts(over: Parameters<typeof meeting>[0]): string[] {
  const m = meeting(over);
  const mail = meetingTime(m);
  return [
    mail.type === "timed" ? mail.start.toISOString() : "mail: not timed",
    meetingStart(m)?.toISOString() ?? "sync: none",
    meetingTiming(m)?.starts_at ?? "feed: none",
  ];
}

/** What `starts` gives when all three agree on `at`. */
const inAllThree = (at: string) => [at, at, at];

describe("the mail, the sync and the feed agree on when a meeting starts", () => {
  it("moves a start inside Berlin's spring gap forward, in all three", () => {
    const at = "2026-03-29T01:30:00.000Z";
    expect(starts({ date: "2026-03-29", start: "02:30", timezone: "Europe/Berlin" })).toEqual(
      inAllThree(at),
    );
  });

  it("moves a start inside New York's spring gap forward, in all three", () => {
    const at = "2026-03-08T07:30:00.000Z";
    expect(
      starts({ date: "2026-03-08", start: "02:30", end: "04:00", timezone: "America/New_York" }),
    ).toEqual(inAllThree(at));
  });

  it("takes the first of Berlin's two 02:30s in autumn, in all three", () => {
    const at = "2026-10-25T00:30:00.000Z";
    expect(starts({ date: "2026-10-25", start: "02:30", timezone: "Europe/Berlin" })).toEqual(
      inAllThree(at),
    );
  });
});

describe("the sync and the feed agree on when a meeting with no end time is over", () => {
  it("ends an all-day meeting on the day clocks go back at the next midnight, 25 hours on", () => {
    const m = meeting({ date: "2026-10-25", start: null, end: null, timezone: "Europe/Berlin" });
    expect([meetingEnd(m)?.toISOString(), meetingTiming(m)?.ends_at]).toEqual([
      "2026-10-25T23:00:00.000Z",
      "2026-10-25T23:00:00.000Z",
    ]);
  });
});
