// A spreadsheet kept as a folder of CSV files, one per tab (file name = tab title,
// e.g. `Meetings.csv`, `جهات الاتصال.csv`). The validator reads it; the Sheets
// emulator serves it and writes back into it. Rows come out ragged, as Google
// returns them: trailing empty cells and trailing empty rows dropped.
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

/** One tab's rows as strings, ragged like a Sheets API ValueRange. */
export type StringGrid = string[][];

/** Drops trailing empty cells of each row and trailing empty rows, as the Sheets API does. */
export function raggedRows<T = string>(rows: readonly (readonly T[])[]): T[][] {
  const out = rows.map((row) => {
    let end = row.length;
    while (end > 0 && row[end - 1] === "") end--;
    return row.slice(0, end);
  });
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/** Parses CSV text (a UTF-8 BOM, CRLF or LF, quoted cells with new lines) into ragged rows. */
export function parseCsv(text: string): StringGrid {
  const rows: string[][] = parse(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
  });
  return raggedRows(rows);
}

/**
 * A cell that must be quoted for every reader to give it back as written: a line
 * break (CR or LF alone as well as CRLF: some programs end a row at either), a
 * quote, a comma, or space at either end (which some programs trim when unquoted).
 */
const NEEDS_QUOTES = /[\r\n",]|^\s|\s$/;

/**
 * Writes rows as CSV that spreadsheet programs open as UTF-8 (with a BOM, CRLF line
 * ends) and read back cell for cell. Rows are padded with empty cells to the widest,
 * as Google's own CSV export does, so strict readers that want one width take it;
 * parseCsv drops the padding again.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const width = rows.reduce((widest, row) => Math.max(widest, row.length), 0);
  const grid = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ""));
  return `\uFEFF${stringify(grid, { record_delimiter: "\r\n", quoted_match: NEEDS_QUOTES })}`;
}

/** The tab titles of a folder: each `.csv` file's name without the extension, NFC-normalised. */
export async function listTabs(dir: string): Promise<Map<string, string>> {
  const files = await readdir(dir);
  const tabs = new Map<string, string>();
  for (const file of files.sort()) {
    if (extname(file).toLowerCase() !== ".csv") continue;
    tabs.set(basename(file, extname(file)).normalize("NFC"), join(dir, file));
  }
  return tabs;
}

/** Reads every tab of a folder. Throws (with the path) when the folder cannot be read. */
export async function readSheetFolder(dir: string): Promise<Record<string, StringGrid>> {
  const tabs = await listTabs(dir);
  const out: Record<string, StringGrid> = {};
  for (const [title, path] of tabs) {
    out[title] = parseCsv(await readFile(path, "utf8"));
  }
  return out;
}

/** Replaces one tab's file atomically (write then rename), so a reader never sees half a file. */
export async function writeTab(dir: string, title: string, rows: readonly (readonly string[])[]) {
  const tabs = await listTabs(dir);
  const path = tabs.get(title.normalize("NFC")) ?? join(dir, `${title}.csv`);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, toCsv(rows), "utf8");
  await rename(temporary, path);
}
