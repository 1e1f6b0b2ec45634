// The validator on bilateral series rows, as staff run it (a child process on
// a folder of CSVs): each series' slot and break minutes, and "schedule
// published" when its Publish schedule / نشر الجدول cell says yes.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "../../../scripts/validate.ts");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "liqaa-validate-series-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("prints a series' slot and break minutes, and whether its schedule is published", async () => {
  const head =
    "المعرف,العنوان,التاريخ,البداية,النهاية,النوع,المدعوون,الحالة,مدة اللقاء (دقائق),الاستراحة (دقائق),نشر الجدول,حالة المزامنة";
  const rows = [
    "open,لقاءات,2027/06/07-08,9:00,13:00,سلسلة لقاءات ثنائية,a@one.example,مسودة,45,15,نعم,",
    "closed,لقاءات,2027/06/09,9:00,13:00,سلسلة لقاءات ثنائية,a@one.example,مسودة,30,,لا,",
  ];
  await writeFile(join(dir, "الاجتماعات.csv"), `\uFEFF${[head, ...rows].join("\r\n")}\r\n`);
  await writeFile(join(dir, "جهات الاتصال.csv"), "Organization,Email\r\nOne,a@one.example\r\n");
  await writeFile(
    join(dir, "الإعدادات.csv"),
    "الإعداد,القيمة\r\nالمنطقة الزمنية الافتراضية,Europe/Istanbul\r\nعنوان المرسل,liqaa@example.org\r\n",
  );
  const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: "utf8" });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const lines = run.stdout.split("\n");
  expect(lines).toContain("    series: 45-minute slots, 15-minute breaks, schedule published");
  expect(lines).toContain("    series: 30-minute slots, 0-minute breaks");
});
