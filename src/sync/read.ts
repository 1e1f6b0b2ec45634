// The read step: the whole sheet in one values:batchGet, unformatted with dates
// and times as serial numbers (see LIQAA_READ). The tab titles come
// from D1; getSpreadsheet is called only on the first run, when a title stopped
// matching, or (at most hourly) while a contract tab is still missing. Also the
// counted Sheets client, so a run knows how many calls to Google it made.
import type { GoogleError } from "../google/errors.ts";
import {
  a1Range,
  batchGetBytes,
  LIQAA_READ,
  type SheetsClient,
  type ValueRange,
} from "../google/sheets-client.ts";
import { TABS } from "../sheet/contract.ts";
import { findTab } from "../sheet/layout.ts";
import type { Grid, Workbook } from "../sheet/types.ts";

/** Counts this run's calls to Google, for the run record and the tests. */
export function counted(
  sheets: SheetsClient,
  counts: { reads: number; writes: number },
): SheetsClient {
  return {
    batchGet: (ranges, opts) => {
      counts.reads += 1;
      return sheets.batchGet(ranges, opts);
    },
    batchUpdate: (data) => {
      counts.writes += 1;
      return sheets.batchUpdate(data);
    },
    getSpreadsheet: () => {
      counts.reads += 1;
      return sheets.getSpreadsheet();
    },
    addSheets: (tabs) => {
      counts.writes += 1;
      return sheets.addSheets(tabs);
    },
  };
}

const tabsKey = (sheetId: string) => `tabs:${sheetId}`;

/** Looking again for a contract tab the sheet lacked (staff may add Responses later) at most this often. */
const MISSING_TAB_RECHECK_MS = 60 * 60 * 1000;

/** Whether every contract tab is among the titles, by either of its names. */
function hasEveryTab(titles: string[]): boolean {
  const workbook = Object.fromEntries(titles.map((t) => [t, []]));
  return (Object.keys(TABS) as (keyof typeof TABS)[]).every(
    (key) => findTab(workbook, key, []) !== null,
  );
}

/** The remembered titles' row in sync_meta, as tabsStatement reads it. */
export interface TabsRow {
  value: string;
  updated_at: string;
}

/** Reads the titles remembered from the last getSpreadsheet: a statement for the sync's first batch (begin.ts). */
export function tabsStatement(db: D1Database, sheetId: string): D1PreparedStatement {
  return db.prepare("SELECT value, updated_at FROM sync_meta WHERE key = ?").bind(tabsKey(sheetId));
}

/** The titles remembered from the last getSpreadsheet; null when they should be looked up again. */
function rememberedTabs(row: TabsRow | null, now: Date): string[] | null {
  if (!row) return null;
  const titles = JSON.parse(row.value) as string[];
  const stale = now.getTime() - Date.parse(row.updated_at) > MISSING_TAB_RECHECK_MS;
  return stale && !hasEveryTab(titles) ? null : titles;
}

export async function rememberTabs(db: D1Database, sheetId: string, titles: string[], now: Date) {
  await db
    .prepare(
      `INSERT INTO sync_meta (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .bind(tabsKey(sheetId), JSON.stringify(titles), now.toISOString())
    .run();
}

export async function forgetTabs(db: D1Database, sheetId: string) {
  await db.prepare("DELETE FROM sync_meta WHERE key = ?").bind(tabsKey(sheetId)).run();
}

/**
 * Each workbook's read as Google sent it, with the titles it was read under:
 * the same bytes are the same workbook, so the unchanged check hashes them as
 * they came instead of serialising the workbook again (and never decodes them:
 * a read of a few changed rows decoded only those).
 */
const readTexts = new WeakMap<Workbook, ReadAnswer>();

/** The answer a workbook was read from, as the bytes that came, with the titles it was read under. */
export interface ReadAnswer {
  /** The titles' JSON. */
  titles: string;
  bytes: Uint8Array;
}

/** The answer a workbook was read from; undefined for one made another way (tests, the preview). */
export function readAnswer(workbook: Workbook): ReadAnswer | undefined {
  return readTexts.get(workbook);
}

export type ReadResult = { ok: true; workbook: Workbook } | { ok: false; error: GoogleError };

export interface ReadDeps {
  db: D1Database;
  sheetId: string;
  now: () => Date;
}

/**
 * The whole sheet in one batchGet; the titles are looked up only when unknown or
 * stale. `tabs`: their sync_meta row, when the caller read it already (begin.ts).
 */
export async function readWorkbook(
  deps: ReadDeps,
  sheets: SheetsClient,
  tabs?: TabsRow | null,
): Promise<ReadResult> {
  const row =
    tabs !== undefined ? tabs : await tabsStatement(deps.db, deps.sheetId).first<TabsRow>();
  let titles = rememberedTabs(row, deps.now());
  for (let fresh = titles === null; ; fresh = true) {
    if (titles === null || fresh) {
      const info = await sheets.getSpreadsheet();
      if (!info.ok) return info;
      titles = info.value.sheets.map((s) => s.title);
      await rememberTabs(deps.db, deps.sheetId, titles, deps.now());
    }
    const read = await sheets.batchGet(
      titles.map((t) => a1Range(t)),
      LIQAA_READ,
    );
    if (read.ok) {
      const workbook: Record<string, Grid> = {};
      titles.forEach((title, i) => {
        workbook[title] = (read.value[i] as ValueRange | undefined)?.values ?? [];
      });
      const bytes = batchGetBytes(read.value);
      if (bytes !== undefined) readTexts.set(workbook, { titles: JSON.stringify(titles), bytes });
      return { ok: true, workbook };
    }
    // A renamed or deleted tab fails the whole batchGet as a bad request; look the titles up again once.
    if (read.error.kind !== "bad_request" || fresh) return read;
  }
}
