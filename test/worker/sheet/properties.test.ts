import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTACT_COLUMNS, MEETING_COLUMNS, TABS } from "../../../src/sheet/contract.ts";
import { toWorkbook } from "../../../src/sheet/emit.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Cell, ParsedSheet, Workbook } from "../../../src/sheet/types.ts";

// Cells as people and the Sheets API produce them, plus garbage: numbers of every
// kind, checkboxes, nothing, direction marks, Arabic, long strings, and the
// shapes the parser actually looks for, so rows often get past the first check.
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constantFrom<Cell>(
    undefined,
    null,
    "",
    true,
    false,
    "\u200F",
    "مؤكد",
    "scheduled",
    "held",
    "draft",
    "منعقد",
    "2019/11/19-18",
    "٢٠١٩/٠٥/١٦",
    "2019/02/30",
    "16/05/2019",
    "2 م",
    "10 ص",
    "14.30",
    "نعم",
    "Partners، a@b.org",
    "شركاء",
    "x@y.org",
    "Europe/Istanbul",
    "https://meet.example.org/x",
    "m1",
  ),
  fc.double(),
  fc.integer({ min: 0, max: 80_000 }),
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ minLength: 500, maxLength: 2000 }),
);

/** A header row holding the required columns (in either language) and some others, in any order. */
const headerRow = (required: readonly string[], others: readonly string[]) =>
  fc.tuple(fc.subarray([...others, "Notes"]), fc.boolean()).chain(([extra, arabic]) => {
    const all = [...required.map((h) => (arabic ? h.normalize("NFD") : h)), ...extra];
    return fc.shuffledSubarray(all, { minLength: all.length });
  });

const grid = (required: readonly string[], others: readonly string[]) =>
  fc
    .tuple(
      headerRow(required, others),
      fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 8 }),
    )
    .map(([head, rows]) => [head as Cell[], ...rows]);

const names = (
  columns: readonly { en: string; ar: string; required: boolean }[],
  required: boolean,
) => columns.filter((c) => c.required === required);

const workbook: fc.Arbitrary<Workbook> = fc.record({
  [TABS.meetings.en]: grid(
    names(MEETING_COLUMNS, true).map((c) => c.ar),
    names(MEETING_COLUMNS, false).flatMap((c) => [c.en, c.ar]),
  ),
  [TABS.contacts.ar]: grid(
    names(CONTACT_COLUMNS, true).map((c) => c.en),
    names(CONTACT_COLUMNS, false).map((c) => c.ar),
  ),
  [TABS.settings.en]: fc.array(fc.array(cell, { maxLength: 3 }), { maxLength: 6 }),
});

const garbage: fc.Arbitrary<Workbook> = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom(TABS.meetings.en, TABS.contacts.ar, TABS.settings.ar)),
  fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 10 }),
);

/** What must survive normalising: everything but whether the ID was proposed (once written, it is not). */
function meetingsOf(parsed: ParsedSheet) {
  return parsed.meetings.map(({ id_proposed: _, ...rest }) => rest);
}

// Hundreds of generated workbooks per property: on a shared 2-core machine under a
// full parallel run this takes longer than vitest's 5 s default, so give it room.
describe("the parser on any input", { timeout: 60_000 }, () => {
  it("never throws on a random workbook of random cells", () => {
    fc.assert(
      fc.property(fc.oneof(workbook, garbage), (wb) => {
        const parsed = parseSheet(wb);
        expect(Array.isArray(parsed.problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on values that are not even cells", () => {
    const odd = [{}, [1, [2]], Symbol("x"), 10n, () => 1, new Date(0)];
    const wb = {
      Meetings: [["Title (English)", "Date", "Status"], odd],
      Settings: odd,
    } as unknown as Workbook;
    expect(() => parseSheet(wb)).not.toThrow();
  });

  it("puts every non-blank meetings row in meetings or rejected, once", () => {
    fc.assert(
      fc.property(workbook, (wb) => {
        const parsed = parseSheet(wb);
        const rows = [...parsed.meetings.map((m) => m.row), ...parsed.rejected.map((r) => r.row)];
        expect(new Set(rows).size).toBe(rows.length);
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same meetings, contacts and settings when its own output is read again", () => {
    let usable = 0;
    fc.assert(
      fc.property(workbook, (wb) => {
        const once = parseSheet(wb);
        usable += once.meetings.length;
        const twice = parseSheet(toWorkbook(once));
        expect(meetingsOf(twice)).toEqual(meetingsOf(once));
        expect(twice.contacts).toEqual(once.contacts);
        expect(twice.settings).toEqual(once.settings);
        expect(parseSheet(toWorkbook(twice))).toEqual(twice);
      }),
      { numRuns: 300 },
    );
    // The property says little unless random sheets often hold meetings that pass.
    expect(usable).toBeGreaterThan(20);
  });
});
