// The validator reads the Part of / ضمن and Follows / يلي columns, as staff run
// it (a child process on a folder of CSVs): links in the meetings it prints, an
// unknown ID a warning, a loop an error that rejects the rows in it.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "../../../scripts/validate.ts");

function validate(...args: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;

/** A sheet folder whose Meetings rows are [id, ضمن, يلي], held and published. */
async function folder(rows: readonly (readonly [string, string, string])[]): Promise<string> {
  const meetings = [
    "المعرف,العنوان,التاريخ,الحالة,للنشر,حالة المزامنة,ضمن,يلي",
    ...rows.map(
      ([id, partOf, follows]) => `${id},اجتماع ${id},2019/05/16,منعقد,نعم,,${partOf},${follows}`,
    ),
  ];
  const out = await mkdtemp(join(dir, "sheet-"));
  await writeFile(join(out, "الاجتماعات.csv"), `\uFEFF${meetings.join("\r\n")}\r\n`);
  await writeFile(join(out, "جهات الاتصال.csv"), "Email\r\n");
  await writeFile(
    join(out, "الإعدادات.csv"),
    "الإعداد,القيمة\r\nالمنطقة الزمنية الافتراضية,Asia/Damascus\r\nعنوان المرسل,liqaa@example.org\r\n",
  );
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "liqaa-validate-links-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the validator and linked meetings", () => {
  it("prints each meeting's links, with no problem when they name IDs of the tab", async () => {
    const sheet = await folder([
      ["hizma", "", ""],
      ["khoury", "hizma", ""],
      ["after", "", "Khoury"],
    ]);
    const text = validate(sheet);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("    part of: hizma");
    expect(text.stdout).toContain("    follows: Khoury");
    const { meetings, problems } = JSON.parse(validate(sheet, "--json").stdout);
    expect(problems).toEqual([]);
    expect(
      meetings.map((m: { part_of?: string; follows?: string }) => [m.part_of, m.follows]),
    ).toEqual([
      [undefined, undefined],
      ["hizma", undefined],
      [undefined, "Khoury"],
    ]);
  });

  it("warns about an unknown ID and rejects the rows of a loop, in both languages", async () => {
    const sheet = await folder([
      ["a", "nowhere", ""],
      ["b", "c", ""],
      ["c", "", "b"],
    ]);
    const run = validate(sheet, "--json");
    expect(run.code).toBe(1);
    const { meetings, problems } = JSON.parse(run.stdout);
    expect(meetings.map((m: { id: string }) => m.id)).toEqual(["a"]);
    expect(
      problems.map((p: { code: string; severity: string; row: number; column: string }) => [
        p.code,
        p.severity,
        p.row,
        p.column,
      ]),
    ).toEqual([
      ["link.unknown", "warning", 2, "ضمن"],
      ["link.cycle", "error", 3, "ضمن"],
      ["link.cycle", "error", 4, "يلي"],
    ]);
    const text = validate(sheet).stdout;
    expect(text).toContain("[link.cycle]");
    expect(text).toContain("cannot be part of, or follow, itself");
  });
});
