// Editing the sheet as staff would, through the staff's own Sheets client:
// a cell by tab and A1, a Meetings cell by row and header, a Settings value by
// key, a whole tab's grid; and reading a tab back as strings.
import { a1Range, type SheetsClient } from "../../../src/google/sheets-client.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";

export const RESPONSES_TAB = "الردود";
export const SYNC_LOG_TAB = "سجل المزامنة";
/** Written by Liqaa when the sheet has a bilateral series (the demo sheet has one). */
export const SCHEDULE_TAB = "الجدول";
export const MEETINGS_TAB = "الاجتماعات";
export const SETTINGS_TAB = "الإعدادات";
export const CONTACTS_TAB = "جهات الاتصال";

/** Whatever holds the staff's client: a World, or anything with `staff`. */
export interface Staffed {
  staff: SheetsClient;
}

/** Writes `rows` at an A1 range of a tab; throws when Google refuses. */
export async function writeCells(
  w: Staffed,
  title: string,
  range: string,
  rows: string[][],
): Promise<void> {
  const written = await w.staff.batchUpdate([{ range: a1Range(title, range), values: rows }]);
  if (!written.ok) throw new Error(written.error.detail);
}

/** Reads one tab as the staff see it. */
export async function tab(w: Staffed, title: string): Promise<string[][]> {
  const read = await w.staff.batchGet([a1Range(title)]);
  if (!read.ok) throw new Error(read.error.detail);
  return (read.value[0]?.values ?? []).map((row) => row.map((c) => (c == null ? "" : String(c))));
}

/** The A1 address of a Meetings cell, by its row number and its column's header. */
export async function meetingsCell(w: Staffed, row: number, header: string): Promise<string> {
  const [headers = []] = await tab(w, MEETINGS_TAB);
  const col = headers.indexOf(header);
  if (col === -1) throw new Error(`no column ${header}`);
  return `${columnLetter(col)}${row}`;
}

/** Sets one Meetings cell by its row number and its column's header. */
export async function setCell(w: Staffed, row: number, header: string, value: string) {
  await writeCells(w, MEETINGS_TAB, await meetingsCell(w, row, header), [[value]]);
}

/** Sets a Settings value by its key (column A). */
export async function setSetting(w: Staffed, key: string, value: string): Promise<void> {
  const row = (await tab(w, SETTINGS_TAB)).findIndex((r) => r[0] === key);
  if (row === -1) throw new Error(`no setting ${key}`);
  await writeCells(w, SETTINGS_TAB, `B${row + 1}`, [[value]]);
}

/** Replaces a tab's grid from A1, padding rows to one width so no old cell is left behind. */
export async function writeGrid(w: Staffed, title: string, grid: string[][]): Promise<void> {
  const width = Math.max(1, ...grid.map((r) => r.length));
  await writeCells(
    w,
    title,
    `A1:${columnLetter(width - 1)}${grid.length}`,
    grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")),
  );
}
