// meetingBounds is meetingInterval's start and end alone, for the plan: checked
// against meetingInterval on the demo sheet, generated sheets and rows around
// the nights clocks change, so the plan's cheaper reading can never drift.
import { describe, expect, it } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { meetingBounds, meetingInterval } from "../../../src/time/interval.ts";
import { meeting } from "../sync/fixtures.ts";

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function awkward(): Meeting[] {
  const out: Meeting[] = [meeting({ date: null, start: null, end: null })];
  for (const timezone of ["Europe/Berlin", "America/New_York", "Asia/Damascus", "Nowhere/Zone"])
    for (const date of ["2026-03-29", "2026-10-25", "2026-11-01", "2026-02-30"])
      for (const date_end of [null, "2026-11-02"])
        for (const [start, end] of [
          [null, null],
          ["02:30", null],
          ["02:30", "04:00"],
          ["22:00", "01:00"],
        ] as const)
          out.push(meeting({ timezone, date, date_end, start, end }));
  return out;
}

describe("meetingBounds", () => {
  it("gives meetingInterval's start and end for every meeting", () => {
    const meetings = [
      ...parseSheet(generateSheet({ meetings: 400, seed: 5 }).tabs).meetings,
      ...awkward(),
    ];
    expect(meetings.length).toBeGreaterThan(500);
    for (const m of meetings) {
      const interval = meetingInterval(m);
      const want = interval.type === "none" ? null : [iso(interval.start), iso(interval.end)];
      const bounds = meetingBounds(m);
      expect(bounds === null ? null : [iso(bounds.start), iso(bounds.end)]).toEqual(want);
    }
  });
});
