// The write-back step: what this sync learned goes into the sheet in one
// values:batchUpdate, only when something differs from what was read. Meetings
// rows are written only after a fresh read shows they still hold the meeting
// they were computed for (the Sheets API has no conditional write). Liqaa's own
// tabs the sheet lacks are created, titled in the staff's language, and filled
// by the same write; only beside a Meetings tab, so a wrong SHEET_ID does not
// get tabs added to someone else's spreadsheet.
import type { GoogleError } from "../google/errors.ts";
import { a1Range, type SheetsClient, tabOfRange } from "../google/sheets-client.ts";
import { SCHEDULE_TAB, TABS } from "../sheet/contract.ts";
import { idKey } from "../sheet/ids.ts";
import { findTab } from "../sheet/layout.ts";
import type { Cell, Grid, Lang, Meeting, ParsedSheet, Problem, Workbook } from "../sheet/types.ts";
import { forgetTabs, rememberTabs } from "./read.ts";
import { type Lines, patchLines, responseLinesOf } from "./responses.ts";
import { stamp } from "./stamp.ts";
import type { SyncCounts } from "./summary.ts";
import type { SkippedResponse } from "./types.ts";
import {
  confirmRows,
  planWriteBack,
  type ResponseLine,
  staffLanguage,
  tabWrite,
  toCellUpdates,
} from "./write-back.ts";

/**
 * A dry run's Sync status: said to be one, so staff can tell a preview from
 * mail that went. "invited 23" becomes "would invite 23", "updated 23" "would
 * update 23"; other notes keep their words behind the marker.
 */
export function dryRunStatus(note: { ar: string; en: string }): { ar: string; en: string } {
  const bare = (text: string) => text.replace(/^[✓✕⚠⏳]\uFE0F?\s*/u, "");
  const ar = bare(note.ar)
    .replace(/^دُعي /, "سيُدعى ")
    .replace(/^أُبلغ /, "سيُبلغ ")
    .replace(/^أُرسل التذكير /, "سيُرسل التذكير ");
  const en = bare(note.en)
    .replace(/^invited /, "would invite ")
    .replace(/^updated /, "would update ")
    .replace(/^reminded /, "would remind ");
  return { ar: `◌ معاينة، لم يُرسل شيء: ${ar}`, en: `◌ dry run, nothing sent: ${en}` };
}

export interface WriteSheetDeps {
  db: D1Database;
  sheetId: string;
  dryRun: boolean;
  now: () => Date;
}

export interface WriteSheetInput {
  workbook: Workbook;
  sheet: ParsedSheet;
  problems: readonly Problem[];
  statusByMeeting: ReadonlyMap<string, { ar: string; en: string }>;
  responsesSkipped: readonly SkippedResponse[];
  /** The meetings mail went about, for the Responses tab's titles, when not the sheet's (a series' organisations). */
  mailed?: readonly Meeting[];
  /** The Schedule tab's values (src/series/schedule-tab.ts), when the sheet has a bilateral series. */
  schedule?: { values: string[][]; found: { title: string; grid: Grid } | null };
  /** Only these Meetings rows may need writing (write-back.ts WriteBackInput.onlyRows). */
  onlyRows?: ReadonlySet<number>;
  /** The incremental sync: the changed meetings' idKeys and the last sync's Responses lines. */
  patchResponses?: { keys: ReadonlySet<string>; previous: Lines };
  /** What a line whose resend request could not be served says under Delivery, by meeting|email. */
  resendNotes?: ReadonlyMap<string, { ar: string; en: string }>;
  now: Date;
}

export type WriteSheetResult =
  /** `lines`: the Responses lines as computed (before the resend notes), for the next incremental sync. */
  { ok: true; lines: Lines | null } | { ok: false; error: GoogleError };

export async function writeSheet(
  deps: WriteSheetDeps,
  sheets: SheetsClient,
  input: WriteSheetInput,
  counts: SyncCounts,
): Promise<WriteSheetResult> {
  const { workbook, sheet, now } = input;
  const lang = staffLanguage(sheet);
  const creating: string[] = [];
  const ownTab = (key: "responses" | "syncLog") => {
    const found = findTab(workbook, key, []);
    if (found || !sheet.layout.meetings) return found;
    creating.push(TABS[key][lang]);
    return { title: TABS[key][lang], grid: [] };
  };
  const responses = ownTab("responses");
  const syncLog = ownTab("syncLog");
  const layout = sheet.layout.meetings;
  const lines = responses ? await linesFor(deps.db, input, lang) : null;
  const writeBack = planWriteBack({
    sheet,
    problems: input.problems,
    meetingsGrid: layout ? (workbook[layout.title] ?? []) : [],
    statusByMeeting: deps.dryRun
      ? new Map([...input.statusByMeeting].map(([id, note]) => [id, dryRunStatus(note)]))
      : input.statusByMeeting,
    responsesTab: responses,
    syncLogTab: syncLog,
    responses: lines ? withNotes(lines.lines, input, lang) : [],
    stamp: stamp(now, sheet.settings.timezone),
    ...(input.onlyRows ? { onlyRows: input.onlyRows } : {}),
  });
  if (input.schedule && sheet.layout.meetings) {
    const found = input.schedule.found;
    const title = found?.title ?? SCHEDULE_TAB[lang];
    if (found === null) creating.push(title);
    writeBack.tabs.push(...tabWrite(title, found?.grid ?? [], input.schedule.values, null));
  }
  let rows = writeBack.rows;
  if (rows.length > 0 && layout) {
    const fresh = await freshRows(sheets, layout.title, rows);
    if (!fresh.ok) return fresh;
    const confirmed = confirmRows(rows, fresh.value, layout);
    rows = confirmed.kept;
    counts.rowsHeldBack = confirmed.heldBack;
  }
  let data = toCellUpdates(writeBack, rows, layout);
  if (creating.length > 0) {
    const added = await sheets.addSheets(
      creating.map((title) => ({ title, rightToLeft: lang === "ar" })),
    );
    if (added.ok) {
      counts.tabsCreated = added.value.length;
      await rememberTabs(
        deps.db,
        deps.sheetId,
        [...Object.keys(workbook), ...creating],
        deps.now(),
      );
    } else if (added.error.kind === "bad_request") {
      // Staff added a tab of that name since the titles were looked up: write
      // nothing into it blind; the next sync looks the titles up and fills it.
      await forgetTabs(deps.db, deps.sheetId);
      data = data.filter((update) => !creating.includes(tabOfRange(update.range)));
    } else {
      return added;
    }
  }
  if (data.length > 0) {
    const written = await sheets.batchUpdate(data);
    if (!written.ok) return written;
    counts.rowsWritten = rows.length;
    counts.tabsWritten = new Set(
      data.map((update) => tabOfRange(update.range)).filter((t) => t !== layout?.title),
    ).size;
  }
  return { ok: true, lines };
}

/** Up to this many rows to write are read back one row range each; more, the whole tab. */
export const CONFIRM_BY_ROW = 25;

/**
 * The Meetings rows about to be written, read again (grid indexed as the tab's,
 * other rows absent): a sync that writes a few rows' Sync status reads those
 * rows, not the network's whole tab (one batchGet either way, one read of the
 * quota), so its CPU does not grow with the sheet.
 */
async function freshRows(
  sheets: SheetsClient,
  title: string,
  rows: readonly { row: number }[],
): Promise<{ ok: true; value: Grid } | { ok: false; error: GoogleError }> {
  if (rows.length > CONFIRM_BY_ROW) {
    const whole = await sheets.batchGet([a1Range(title)]);
    return whole.ok ? { ok: true, value: whole.value[0]?.values ?? [] } : whole;
  }
  const read = await sheets.batchGet(rows.map(({ row }) => a1Range(title, `${row}:${row}`)));
  if (!read.ok) return read;
  const grid: Cell[][] = [];
  rows.forEach(({ row }, i) => {
    grid[row - 1] = read.value[i]?.values[0] ?? [];
  });
  return { ok: true, value: grid };
}

/**
 * The Responses lines: of the changed meetings only, patched into the last
 * sync's, when the incremental sync hands those over and patching gives what
 * the whole would (responses.ts patchLines); else all of them.
 */
async function linesFor(db: D1Database, input: WriteSheetInput, lang: Lang): Promise<Lines> {
  const { sheet, responsesSkipped: skipped, patchResponses: patch } = input;
  if (patch && patch.previous.lang === lang) {
    const mine = skipped.filter((s) => patch.keys.has(idKey(s.meeting_id)));
    const fresh = await responseLinesOf(db, sheet, lang, mine, [...patch.keys], input.mailed);
    const lines = patchLines(patch.previous, fresh, patch.keys);
    if (lines) return { lines, rest: 0, lang };
  }
  return responseLinesOf(db, sheet, lang, skipped, undefined, input.mailed);
}

/** An invitee's last line carries the answer to a resend request that could not be served. */
function withNotes(lines: ResponseLine[], input: WriteSheetInput, lang: Lang): ResponseLine[] {
  const notes = input.resendNotes;
  if (!notes || notes.size === 0) return lines;
  const last = new Map(lines.map((l, i) => [`${l.meeting_id}|${l.email}`, i]));
  return lines.map((l, i) => {
    const key = `${l.meeting_id}|${l.email}`;
    const note = last.get(key) === i ? notes.get(key) : undefined;
    return note ? { ...l, delivery: note[lang] } : l;
  });
}
