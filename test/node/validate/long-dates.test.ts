// The validator reads dates as Google shows them in a long format, and as staff
// type them with month names and weekdays, and am/pm times: run as staff run it.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { toCsv } from "../../../scripts/lib/csv-folder.ts";

const SCRIPT = join(import.meta.dirname, "../../../scripts/validate.ts");

let folder: string;

const ROWS: [string, string, string, string][] = [
  ["m1", "16 May 2027", "10am", "11:30 AM"],
  ["m2", "Thursday, May 16, 2027", "2:00 PM", "3 pm"],
  ["m3", "١٦ أيار ٢٠٢٧", "١٠ ص", "١٢ م"],
  ["m4", "الخميس، ١٦ كانون الثاني ٢٠٢٧", "9:30", "10:00"],
  ["m5", "16-18 مايو 2027", "", ""],
  ["m6", "30 Nov - 2 Dec 2027", "", ""],
];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "liqaa-validate-long-"));
  await writeFile(
    join(folder, "Meetings.csv"),
    toCsv([
      ["ID", "Title (English)", "Date", "Start", "End", "Status"],
      ...ROWS.map(([id, date, start, end]) => [id, `Meeting ${id}`, date, start, end, "draft"]),
    ]),
  );
  await writeFile(
    join(folder, "الإعدادات.csv"),
    "الإعداد,القيمة\nالمنطقة الزمنية الافتراضية,Asia/Damascus\nعنوان المرسل,liqaa@example.org\n",
  );
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

it("reads long dates, month names in English and Arabic, and am/pm times, with no problem", () => {
  const run = spawnSync(process.execPath, [SCRIPT, folder, "--json"], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  const out = JSON.parse(run.stdout) as {
    meetings: {
      id: string;
      date: string;
      date_end: string | null;
      start: string | null;
      end: string | null;
    }[];
    problems: { code: string }[];
  };
  expect(
    out.problems.filter((p) => p.code.startsWith("date.") || p.code.startsWith("time.")),
  ).toEqual([]);
  const byId = Object.fromEntries(out.meetings.map((m) => [m.id, m]));
  expect(byId.m1).toMatchObject({
    date: "2027-05-16",
    date_end: null,
    start: "10:00",
    end: "11:30",
  });
  expect(byId.m2).toMatchObject({ date: "2027-05-16", start: "14:00", end: "15:00" });
  expect(byId.m3).toMatchObject({ date: "2027-05-16", start: "10:00", end: "12:00" });
  expect(byId.m4).toMatchObject({ date: "2027-01-16", start: "09:30", end: "10:00" });
  expect(byId.m5).toMatchObject({ date: "2027-05-16", date_end: "2027-05-18" });
  expect(byId.m6).toMatchObject({ date: "2027-11-30", date_end: "2027-12-02" });
});

it("prints the long date's day in the report, as ISO", () => {
  const run = spawnSync(process.execPath, [SCRIPT, folder], { encoding: "utf8" });
  expect(run.stdout).toContain("2027-05-16  10:00–11:30  Asia/Damascus");
  expect(run.stdout).toContain("2027-11-30 – 2027-12-02");
});
