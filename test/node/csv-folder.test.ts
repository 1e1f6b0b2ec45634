import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv, readSheetFolder, writeTab } from "../../scripts/lib/csv-folder.ts";

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
});
