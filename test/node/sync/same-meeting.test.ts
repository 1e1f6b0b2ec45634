// sameMeeting's field-by-field fast path answers exactly what comparing the
// two meetings' JSON (row aside) answers: over a generated sheet's meetings
// against themselves as D1 gives them back, moved, edited, with keys in
// another order, an English column added, and values JSON cannot tell apart.
import { describe, expect, it } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { sameMeeting } from "../../../src/sync/last-good.ts";

const byJson = (a: Meeting | null, b: Meeting) =>
  a !== null && JSON.stringify({ ...a, row: 0 }) === JSON.stringify({ ...b, row: 0 });

const meetings = parseSheet(
  generateSheet({ meetings: 120, contactsPerMeeting: 3, seed: 5 }).tabs,
).meetings;

describe("sameMeeting", () => {
  it("answers as the JSON comparison does, for every kind of difference", () => {
    expect(meetings.length).toBeGreaterThan(100);
    let same = 0;
    let differ = 0;
    for (const m of meetings) {
      const stored = JSON.parse(JSON.stringify(m)) as Meeting;
      const reversed = Object.fromEntries(Object.entries(m).reverse()) as unknown as Meeting;
      const variants: Meeting[] = [
        stored,
        { ...stored, row: m.row + 7 },
        { ...stored, title_ar: `${m.title_ar ?? ""}.` },
        { ...stored, invite: [...m.invite].reverse() },
        { ...stored, invite: [] },
        { ...stored, location_en: "Gaziantep" },
        { ...stored, location_en: undefined } as Meeting,
        { ...stored, summary_en: Number.NaN as unknown as null },
        reversed,
      ];
      for (const v of variants) {
        const expected = byJson(v, m);
        expect(sameMeeting(v, m)).toBe(expected);
        expect(sameMeeting(m, v)).toBe(byJson(m, v));
        if (expected) same++;
        else differ++;
      }
    }
    expect(sameMeeting(null, meetings[0] as Meeting)).toBe(false);
    expect(same).toBeGreaterThan(200);
    expect(differ).toBeGreaterThan(200);
  });
});
