// Pins that reading the sheet unformatted (dates and times as serial numbers,
// typed numbers as numbers, checkboxes as booleans) changes nothing the parser
// makes of the demo sheet or of generated sheets: the same meetings, IDs (the
// calendar UIDs), contacts, settings and problems as the formatted read gave.
import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { readSheetFolder } from "../../../scripts/lib/csv-folder.ts";
import { renderCell } from "../../../scripts/sheets-emulator/cells.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import { cellText } from "../../../src/sheet/text.ts";
import type { Cell, Workbook } from "../../../src/sheet/types.ts";

type Tabs = Record<string, string[][]>;

const MEETINGS = "الاجتماعات";

/** Each tab as the emulator answers Liqaa's read for cells staff typed. */
function unformatted(tabs: Tabs): Workbook {
  const out: Record<string, Cell[][]> = {};
  for (const [title, rows] of Object.entries(tabs)) {
    out[title] = rows.map((row) =>
      row.map((text) =>
        text === "" ? "" : renderCell(text, undefined, "UNFORMATTED_VALUE", "SERIAL_NUMBER"),
      ),
    );
  }
  return out;
}

function parsedAlike(tabs: Tabs) {
  const before = parseSheet(tabs);
  const after = parseSheet(unformatted(tabs));
  expect(after.meetings).toEqual(before.meetings);
  expect(after.rejected).toEqual(before.rejected);
  expect(after.contacts).toEqual(before.contacts);
  expect(after.settings).toEqual(before.settings);
  expect(after.problems).toEqual(before.problems);
  return before;
}

/** Cells that come back as something other than the text they show, by column header. */
function changedColumns(tabs: Tabs): Set<string> {
  const changed = new Set<string>();
  for (const [title, rows] of Object.entries(tabs)) {
    const read = unformatted({ [title]: rows })[title]!;
    rows.forEach((row, r) => {
      row.forEach((text, c) => {
        if (cellText(read[r]![c]) !== text) changed.add(`${title}: ${rows[0]![c]}`);
      });
    });
  }
  return changed;
}

describe("the unformatted read against the formatted one", () => {
  test("the demo sheet parses the same; only its Date, Start and End cells come back as serials", async () => {
    const dir = new URL("../../../demo-sheet/", import.meta.url).pathname;
    expect(readdirSync(dir).some((f) => f.endsWith(".csv"))).toBe(true);
    const tabs = await readSheetFolder(dir);
    const parsed = parsedAlike(tabs);
    expect(parsed.meetings.length).toBeGreaterThan(5);
    expect(changedColumns(tabs)).toEqual(
      new Set(["الاجتماعات: التاريخ", "الاجتماعات: البداية", "الاجتماعات: النهاية"]),
    );
  });

  test.each([1, 7, 42])("a generated sheet (seed %i) parses the same, bad rows and all", (seed) => {
    const sheet = generateSheet({ meetings: 400, seed });
    const parsed = parsedAlike(sheet.tabs);
    expect(parsed.problems.length).toBeGreaterThan(0);
    for (const column of changedColumns(sheet.tabs)) {
      expect(column).toMatch(/: (التاريخ|البداية|النهاية)$/);
    }
  });

  test("IDs staff typed as numbers keep their text, so their calendar UIDs do not change", async () => {
    const tabs = await readSheetFolder(new URL("../../../demo-sheet/", import.meta.url).pathname);
    const meetings = tabs[MEETINGS]!.map((row) => [...row]);
    meetings[1]![0] = "2027";
    meetings[2]![0] = "12.5";
    const parsed = parsedAlike({ ...tabs, [MEETINGS]: meetings });
    expect(parsed.meetings.map((m) => m.id)).toEqual(expect.arrayContaining(["2027", "12.5"]));
  });
});
