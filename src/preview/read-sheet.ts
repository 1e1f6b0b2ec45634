// Reads and parses the whole sheet for a preview: the tab titles, then every tab
// in one batchGet, then the sheet contract's parser. The sync keeps its own
// reader (with the titles remembered in D1); a preview is rare and can afford
// the one extra call, and must not touch the sync's state.
import type { GoogleError } from "../google/errors.ts";
import { a1Range, type SheetsClient } from "../google/sheets-client.ts";
import { parseSheet } from "../sheet/parse.ts";
import type { Grid, ParsedSheet } from "../sheet/types.ts";

export type ReadSheetResult = { ok: true; sheet: ParsedSheet } | { ok: false; error: GoogleError };

export async function readParsedSheet(sheets: SheetsClient): Promise<ReadSheetResult> {
  const info = await sheets.getSpreadsheet();
  if (!info.ok) return info;
  const titles = info.value.sheets.map((s) => s.title);
  const read = await sheets.batchGet(titles.map((t) => a1Range(t)));
  if (!read.ok) return read;
  const workbook: Record<string, Grid> = {};
  titles.forEach((title, i) => {
    workbook[title] = read.value[i]?.values ?? [];
  });
  return { ok: true, sheet: parseSheet(workbook) };
}
