// The setup tool against the Sheets emulator, through Google's official client:
// it builds the template, a second run changes nothing, and an existing sheet's
// own columns are kept.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { toCsv } from "../../../scripts/lib/csv-folder.ts";
import { headerNote } from "../../../scripts/setup-sheet/plan.ts";
import { setupSheet } from "../../../scripts/setup-sheet.ts";
import {
  type SheetsEmulator,
  startSheetsEmulator,
} from "../../../scripts/sheets-emulator/server.ts";
import { MEETING_COLUMNS, TABS } from "../../../src/sheet/contract.ts";
import { officialClient } from "../sheets-emulator/fixture.ts";

let dir: string;
let emulator: SheetsEmulator;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "setup-sheet-test-"));
  emulator = await startSheetsEmulator({
    dataDir: join(dir, "sheet"),
    keyFile: join(dir, "key.json"),
    port: 0,
  });
});
afterEach(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (extra: { lang?: "ar" | "en"; spreadsheetId?: string | null } = {}) =>
  setupSheet({
    keyFile: emulator.keyFile,
    api: emulator.url,
    lang: extra.lang ?? "ar",
    ...(extra.spreadsheetId === null
      ? {}
      : { spreadsheetId: extra.spreadsheetId ?? emulator.spreadsheetId }),
  });

const meta = async (ranges: string[] = []) =>
  (
    await officialClient(emulator).spreadsheets.get({
      spreadsheetId: emulator.spreadsheetId,
      ranges,
      includeGridData: ranges.length > 0,
    })
  ).data;

/** The Meetings tab's header and first row, as Google's client reads them. */
const meetingRows = async () =>
  (
    await officialClient(emulator).spreadsheets.values.get({
      spreadsheetId: emulator.spreadsheetId,
      range: `'${TABS.meetings.ar}'!1:2`,
    })
  ).data.values ?? [];

test("builds the five tabs, right to left with frozen Arabic headers", async () => {
  await run();
  const sheets = (await meta()).sheets ?? [];
  expect(sheets.map((s) => s.properties?.title)).toEqual(Object.values(TABS).map((t) => t.ar));
  for (const s of sheets) {
    expect(s.properties?.gridProperties?.frozenRowCount).toBe(1);
    expect(s.properties?.rightToLeft).toBe(true);
  }
  const values = await officialClient(emulator).spreadsheets.values.get({
    spreadsheetId: emulator.spreadsheetId,
    range: `'${TABS.meetings.ar}'!1:1`,
  });
  expect(values.data.values?.[0]).toEqual(MEETING_COLUMNS.map((c) => c.ar));
});

test("puts a bilingual note on each header and a dropdown on the status column", async () => {
  await run();
  const data = await meta([`'${TABS.meetings.ar}'!1:2`]);
  const rows = data.sheets?.[0]?.data?.[0]?.rowData ?? [];
  const status = MEETING_COLUMNS.findIndex((c) => c.key === "status");
  expect(rows[0]?.values?.[status]?.note).toBe(headerNote(MEETING_COLUMNS[status]!));
  const rule = rows[1]?.values?.[status]?.dataValidation;
  expect(rule?.condition?.type).toBe("ONE_OF_LIST");
  expect(rule?.condition?.values?.map((v) => v.userEnteredValue)).toEqual([
    "مسودة",
    "مؤكد",
    "ملغى",
    "منعقد",
  ]);
});

test("protects Liqaa's columns and tabs with a warning only", async () => {
  await run();
  const protections = ((await meta()).sheets ?? []).flatMap((s) => s.protectedRanges ?? []);
  expect(protections.map((p) => p.description)).toEqual(
    expect.arrayContaining([
      "Liqaa: ID / المعرف",
      "Liqaa: Sync status / حالة المزامنة",
      "Liqaa: Responses / الردود",
    ]),
  );
  expect(protections.every((p) => p.warningOnly === true)).toBe(true);
});

test("a second run reports no changes and sends no writes", async () => {
  await run();
  const writes = emulator.calls().writes;
  const second = await run();
  expect(second.changes).toEqual([]);
  expect(emulator.calls().writes).toBe(writes);
});

test("keeps an existing tab's English headers, its own columns and order, adding what is missing at the end", async () => {
  await writeFile(
    join(dir, "sheet", "Meetings.csv"),
    toCsv([
      ["Notes", "Date", "Title (Arabic)", "Status"],
      ["x", "2019-05-16", "اجتماع", "draft"],
    ]),
  );
  await run();
  const values = await officialClient(emulator).spreadsheets.values.get({
    spreadsheetId: emulator.spreadsheetId,
    range: "Meetings!1:2",
  });
  const header = values.data.values?.[0] ?? [];
  expect(header.slice(0, 4)).toEqual(["Notes", "Date", "Title (Arabic)", "Status"]);
  expect(header).toContain("المعرف");
  expect(header).not.toContain("التاريخ");
  expect(values.data.values?.[1]).toEqual(["x", "2019-05-16", "اجتماع", "draft"]);
});

test("adds the English Location, Counterpart and Agenda columns to a sheet made before them, touching nothing else", async () => {
  const english = new Set(["location_en", "counterpart_en", "agenda_en"]);
  const before = MEETING_COLUMNS.filter((c) => !english.has(c.key)).map((c) => c.ar);
  const row = before.map((header) =>
    header === "المكان" ? "غازي عنتاب" : header === "المعرف" ? "m-1" : `${header} ١`,
  );
  await writeFile(join(dir, "sheet", `${TABS.meetings.ar}.csv`), toCsv([before, row]));
  await run();
  const [header, data] = await meetingRows();
  expect(header).toEqual([
    ...before,
    "المكان بالإنجليزية",
    "الضيف بالإنجليزية",
    "جدول الأعمال بالإنجليزية",
  ]);
  expect(data).toEqual(row);
  const again = await run();
  expect(again.changes).toEqual([]);
  expect(await meetingRows()).toEqual([header, data]);
});

test("adds the Part of and Follows columns to a sheet made before them, touching nothing else", async () => {
  const links = new Set(["part_of", "follows"]);
  const before = MEETING_COLUMNS.filter((c) => !links.has(c.key)).map((c) => c.ar);
  const row = before.map((header) => (header === "المعرف" ? "m-1" : `${header} ١`));
  await writeFile(join(dir, "sheet", `${TABS.meetings.ar}.csv`), toCsv([before, row]));
  const first = await run();
  expect(first.changes.length).toBeGreaterThan(0);
  const [header, data] = await meetingRows();
  expect(header).toEqual([...before, "ضمن", "يلي"]);
  expect(data).toEqual(row);
  const again = await run();
  expect(again.changes).toEqual([]);
  expect(await meetingRows()).toEqual([header, data]);
});

test("adds the Publish schedule column, with its yes/no dropdown, to a sheet made before it", async () => {
  const before = MEETING_COLUMNS.filter((c) => c.key !== "publish_schedule").map((c) => c.ar);
  const row = before.map((header) => (header === "المعرف" ? "m-1" : `${header} ١`));
  await writeFile(join(dir, "sheet", `${TABS.meetings.ar}.csv`), toCsv([before, row]));
  const first = await run();
  expect(first.changes.length).toBeGreaterThan(0);
  const [header, data] = await meetingRows();
  expect(header).toEqual([...before, "نشر الجدول"]);
  expect(data).toEqual(row);
  const cells = (await meta([`'${TABS.meetings.ar}'!1:2`])).sheets?.[0]?.data?.[0]?.rowData;
  const rule = cells?.[1]?.values?.[before.length]?.dataValidation;
  expect(rule?.condition?.values?.map((v) => v.userEnteredValue)).toEqual(["نعم", "لا"]);
  const again = await run();
  expect(again.changes).toEqual([]);
  expect(await meetingRows()).toEqual([header, data]);
});

test("--lang en writes English headers and left-to-right tabs", async () => {
  await run({ lang: "en" });
  const sheets = (await meta()).sheets ?? [];
  expect(sheets.map((s) => s.properties?.title)).toContain("Sync log");
  expect(sheets.every((s) => !s.properties?.rightToLeft)).toBe(true);
});

test("without a spreadsheet id it creates a new spreadsheet with the template", async () => {
  const result = await run({ spreadsheetId: null });
  expect(result.created).toBe(true);
  expect(result.spreadsheetId).not.toBe(emulator.spreadsheetId);
  const again = await run({ spreadsheetId: result.spreadsheetId });
  expect(again.changes).toEqual([]);
});

test("reports the service account to share the sheet with", async () => {
  const result = await run();
  expect(result.serviceAccountEmail).toBe(emulator.serviceAccountKey.client_email);
});
