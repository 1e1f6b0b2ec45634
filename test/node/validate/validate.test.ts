// The validator CLI, run as staff run it: a child process on a folder of CSVs.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "../../../scripts/validate.ts");
const BROKEN = join(import.meta.dirname, "../../fixtures/broken-sheet");

function validate(...args: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let good: string;
let noMeetings: string;

beforeAll(async () => {
  good = await mkdtemp(join(tmpdir(), "liqaa-validate-good-"));
  await writeFile(
    join(good, "Meetings.csv"),
    "\uFEFFID,Title (English),العنوان,Date,Start,End,Invite,Status,Publish,Sync status\r\n" +
      "m1,Briefing,إحاطة,2019/11/19-18,2 م,15:30,Partners,scheduled,TRUE\r\n" +
      ",Archive,,,,,,held,نعم\r\n",
  );
  await writeFile(join(good, "جهات الاتصال.csv"), "Email,Groups\nomar@bahar.org,Partners\n");
  await writeFile(
    join(good, "الإعدادات.csv"),
    "الإعداد,القيمة\nالمنطقة الزمنية الافتراضية,Asia/Damascus\nعنوان المرسل,liqaa@example.org\n",
  );
  noMeetings = await mkdtemp(join(tmpdir(), "liqaa-validate-empty-"));
  await writeFile(join(noMeetings, "Contacts.csv"), "Email\na@b.org\n");
});

afterAll(async () => {
  await rm(good, { recursive: true, force: true });
  await rm(noMeetings, { recursive: true, force: true });
});

describe("npm run validate", () => {
  it("exits 0 for a sheet with no problems", () => {
    expect(validate(good)).toMatchObject({ code: 0, stderr: "" });
  });

  it("prints the normalised meetings as JSON with ISO dates and 24-hour times", () => {
    const { stdout } = validate(good, "--json");
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(["meetings", "contacts", "settings", "problems"]);
    expect(out.meetings[0]).toMatchObject({
      id: "m1",
      date: "2019-11-18",
      date_end: "2019-11-19",
      start: "14:00",
      end: "15:30",
      timezone: "Asia/Damascus",
      publish: true,
    });
    expect(out.meetings[1]).toMatchObject({ status: "held", date: null, id_proposed: true });
  });

  it("exits 1 for the broken sheet", () => {
    expect(validate(BROKEN).code).toBe(1);
  });

  it("names each problem of the broken sheet by tab, row, column and code", () => {
    const { problems } = JSON.parse(validate(BROKEN, "--json").stdout);
    const places = problems.map(
      (p: { tab: string; row: number; column: string; code: string }) =>
        `${p.tab}|${p.row}|${p.column}|${p.code}`,
    );
    expect(places).toEqual([
      "Contacts|3|Email|contact.email_invalid",
      "الاجتماعات|3|التاريخ|date.impossible",
      "الاجتماعات|4|المعرف|id.duplicate",
      "الاجتماعات|5|المعرف|id.duplicate",
      "الاجتماعات|6|النهاية|time.end_before_start",
      "الاجتماعات|6|المدعوون|invite.group_unknown",
      "الاجتماعات|6|المدعوون|invite.none",
    ]);
  });

  it("prints each problem in English and in Arabic, on lines of their own", () => {
    const { stdout } = validate(BROKEN);
    expect(stdout).toContain('EN  "2019/02/30" is not a day in the calendar');
    expect(stdout).toMatch(/^ {4}AR {2}\u2067«2019\/02\/30» ليس يومًا موجودًا في التقويم.*\u2069$/m);
  });

  it("keeps the usable meeting of the broken sheet, reading its right-to-left range", () => {
    const { meetings } = JSON.parse(validate(BROKEN, "--json").stdout);
    expect(meetings).toEqual([
      expect.objectContaining({ id: "m-ok", date: "2019-11-18", date_end: "2019-11-19" }),
    ]);
  });

  it("exits 2 with a one-line reason when the folder does not exist", () => {
    const run = validate(join(good, "nope"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^validate: no such folder: .*nope\n$/);
  });

  it("exits 2 with a one-line reason when there is no Meetings tab", () => {
    const run = validate(noMeetings);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^validate: no Meetings tab in .*\n$/);
  });

  it("exits 2 when no folder is given", () => {
    expect(validate().code).toBe(2);
  });
});
