import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseCsv,
  raggedRows,
  readSheetFolder,
  toCsv,
  writeTab,
} from "../../scripts/lib/csv-folder.ts";

/** A cell as staff write one: Arabic and Latin letters, line breaks of every kind, quotes, commas, spaces. */
const cell = fc.string({
  maxLength: 12,
  unit: fc.constantFrom(..."ab zكلمة،؛\r\n\t\",;'=", "\r\n", "\u00A0", "١٢", "é"),
});

/** What another program reads: csv-parse with no options at all, after the BOM. */
function readElsewhere(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  return parse(text.slice(1));
}

describe("a sheet kept as a folder of CSV files", () => {
  it("drops trailing empty cells and rows, as the Sheets API does", () => {
    expect(parseCsv("a,b,,\r\n,,\r\nc,,d\r\n,,\r\n")).toEqual([["a", "b"], [], ["c", "", "d"]]);
  });

  it("keeps quoted new lines and commas inside a cell, and strips a BOM", () => {
    expect(parseCsv('\uFEFFالمدعوون,x\r\n"OCHA, UNDP\nشبكة",y\r\n')).toEqual([
      ["المدعوون", "x"],
      ["OCHA, UNDP\nشبكة", "y"],
    ]);
  });

  it("round-trips an Arabic tab name and a formula-looking cell as text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "liqaa-csv-"));
    await writeTab(dir, "جهات الاتصال", [
      ["الاسم", "ملاحظة"],
      ["سارة", "=SUM(A1)"],
    ]);
    const text = await readFile(join(dir, "جهات الاتصال.csv"), "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    await writeFile(join(dir, "notes.txt"), "not a tab");
    expect(await readSheetFolder(dir)).toEqual({
      "جهات الاتصال": [
        ["الاسم", "ملاحظة"],
        ["سارة", "=SUM(A1)"],
      ],
    });
  });

  it("quotes a cell with a lone line break, a quote, a comma, or space at either end", () => {
    const text = toCsv([["a\nb", "c\rd", 'say "hi"', "OCHA, UNDP", " lead", "trail ", "plain"]]);
    expect(text).toBe('\uFEFF"a\nb","c\rd","say ""hi""","OCHA, UNDP"," lead","trail ",plain\r\n');
  });

  it("pads rows to one width, so a strict reader takes the file, and parseCsv drops the padding", () => {
    const rows = [["ID", "Title", "Invite"], ["m-1"], [], ["m-2", "", "شبكات"]];
    const text = toCsv(rows);
    expect(readElsewhere(text)).toEqual([
      ["ID", "Title", "Invite"],
      ["m-1", "", ""],
      ["", "", ""],
      ["m-2", "", "شبكات"],
    ]);
    expect(parseCsv(text)).toEqual([["ID", "Title", "Invite"], ["m-1"], [], ["m-2", "", "شبكات"]]);
  });

  it("gives any grid of cells back unchanged to a reader with default options", () => {
    const grid = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }))
      .chain(([width, height]) =>
        fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
          minLength: height,
          maxLength: height,
        }),
      );
    fc.assert(
      fc.property(grid, (rows) => {
        expect(readElsewhere(toCsv(rows))).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it("gives any ragged grid back to parseCsv as the Sheets API would return it", () => {
    const rows = fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 6 });
    fc.assert(
      fc.property(rows, (grid) => {
        expect(parseCsv(toCsv(grid))).toEqual(raggedRows(grid));
      }),
      { numRuns: 500 },
    );
  });
});
