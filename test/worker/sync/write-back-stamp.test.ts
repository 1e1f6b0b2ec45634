// The one stamp every tab is written with (the Settings zone, saying which), and
// the write-back ignoring it: a Sync status or Sync log that differs only in its
// time is not written again.
import { describe, expect, it } from "vitest";
import type { Problem } from "../../../src/sheet/types.ts";
import { isoStamper, stamp, stampIso } from "../../../src/sync/stamp.ts";
import { planWriteBack, withoutStamp } from "../../../src/sync/write-back.ts";
import { meeting, sheet } from "./fixtures.ts";

const AT = new Date("2026-11-29T07:05:30Z");

describe("the stamp", () => {
  it.each([
    ["Europe/Istanbul", "2026-11-29 10:05 UTC+3"],
    ["Asia/Kolkata", "2026-11-29 12:35 UTC+5:30"],
    ["America/New_York", "2026-11-29 02:05 UTC-5"],
    ["UTC", "2026-11-29 07:05 UTC"],
    ["Mars/Olympus", "2026-11-29 07:05 UTC"],
  ])("in %s is %s", (tz, expected) => {
    expect(stamp(AT, tz)).toBe(expected);
  });

  it("follows the zone's clock changes", () => {
    expect(stamp(new Date("2026-07-01T10:00:00Z"), "Europe/Berlin")).toBe("2026-07-01 12:00 UTC+2");
    expect(stamp(new Date("2026-01-15T10:00:00Z"), "Europe/Berlin")).toBe("2026-01-15 11:00 UTC+1");
  });

  it("reads D1's ISO instants the same way, and nothing from an unreadable one", () => {
    expect(stampIso("2026-11-29T07:05:30.000Z", "Europe/Istanbul")).toBe("2026-11-29 10:05 UTC+3");
    expect(stampIso("not a time", "Europe/Istanbul")).toBe("");
  });

  it("is the same worked out once a minute, across a clock change, as instant by instant", () => {
    // Every 7 s 37 ms over the hours around New York's and Kathmandu's (UTC+5:45) changes.
    const zones = ["America/New_York", "Asia/Kathmandu", "Europe/Istanbul", "Mars/Olympus"];
    const from = Date.parse("2026-11-01T04:00:00Z");
    for (const tz of zones) {
      const stampOf = isoStamper(tz);
      for (let ms = from; ms < from + 4 * 3_600_000; ms += 7_037) {
        const iso = new Date(ms).toISOString();
        expect(stampOf(iso)).toBe(stampIso(iso, tz));
      }
      expect(stampOf("not a time")).toBe("");
    }
  });

  it("is taken off a Sync status in this format and the ones before it", () => {
    for (const when of [
      "2026-11-29 10:05 UTC+3",
      "2026-11-29 10:05 UTC-5:30",
      "2026-11-29 10:05 UTC",
      "2026-11-29 10:05",
    ]) {
      expect(withoutStamp(`✓ updated 15 (time) · ${when}`)).toBe("✓ updated 15 (time)");
    }
    expect(withoutStamp("✓ invited 15")).toBe("✓ invited 15");
  });
});

describe("the write-back and the stamp", () => {
  const layout = { title: "Meetings", columns: { id: 0, sync: 1 }, headers: ["ID", "Sync status"] };
  const parsed = sheet({
    meetings: [meeting()],
    layout: { meetings: layout, contacts: null, settings: null },
  });
  const problem: Problem = {
    tab: "Meetings",
    row: 2,
    column: null,
    value: null,
    code: "x",
    severity: "warning",
    message: { ar: "تنبيه", en: "a warning" },
  };
  const input = (status: string, syncLog: string[][], when: string) =>
    planWriteBack({
      sheet: parsed,
      problems: [problem],
      meetingsGrid: [
        ["ID", "Sync status"],
        ["m1", status],
      ],
      statusByMeeting: new Map([["m1", { ar: `✓ دُعي 2 · ${when}`, en: `✓ invited 2 · ${when}` }]]),
      responsesTab: null,
      syncLogTab: { title: "Sync log", grid: syncLog },
      responses: [],
      stamp: when,
    });
  const logAt = (when: string) => input("", [], when).tabs[0]?.values ?? [];

  it("writes nothing when only the stamp moved, from the old format or the new", () => {
    const before = logAt("2026-11-29 10:05 UTC+3");
    for (const old of ["✓ invited 2 · 2026-11-29 07:05", "✓ invited 2 · 2026-11-29 10:05 UTC+3"]) {
      const plan = input(old, before, "2026-11-29 10:10 UTC+3");
      expect(plan.rows).toEqual([]);
      expect(plan.tabs).toEqual([]);
    }
  });

  it("writes the Sync log's Time in the stamp it is given", () => {
    expect(logAt("2026-11-29 10:05 UTC+3")[1]?.[0]).toBe("2026-11-29 10:05 UTC+3");
  });
});
