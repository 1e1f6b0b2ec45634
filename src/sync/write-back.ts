// What a sync writes into the sheet, computed as data: new IDs into blank ID
// cells, each meeting's Sync status, the Responses and Sync log tabs. Liqaa
// writes only its own cells (ID when blank, Sync status, its two tabs) and only
// what differs from what it read, so a sync that finds nothing new writes
// nothing. Meetings rows are written only after checking, against a fresh read,
// that the row still holds the meeting they were computed for.
import { a1Range, type CellUpdate } from "../google/sheets-client.ts";
import {
  type ColumnDef,
  RESPONSES_COLUMNS,
  type ResponsesKey,
  SYNC_LOG_COLUMNS,
  type SyncLogKey,
} from "../sheet/contract.ts";
import type { Grid, Lang, ParsedSheet, Problem, TabLayout } from "../sheet/types.ts";
import { TRAILING_STAMP } from "./stamp.ts";
import { leftOutWords } from "./status-words.ts";
import { cellText, type TabWrite, tabWrite } from "./tab-write.ts";

export { type TabWrite, tabWrite } from "./tab-write.ts";

/** What identifies a meetings row: its cells as read, in the columns that name the meeting. */
export interface RowIdentity {
  id: string;
  title_ar: string;
  title_en: string;
  date: string;
}

export interface MeetingsRowWrite {
  row: number;
  identity: RowIdentity;
  /** A new ID for a blank ID cell. */
  id?: string;
  /** The new Sync status text. */
  status?: string;
}

export interface WriteBackPlan {
  meetingsTitle: string | null;
  rows: MeetingsRowWrite[];
  tabs: TabWrite[];
}

export interface ResponseLine {
  meeting_id: string;
  meeting: string;
  email: string;
  name: string;
  kind: string;
  sent: string;
  response: string;
  delivery: string;
  /** Who replaces this invitee, or whom this substitute replaces (src/substitutes/). */
  substitute?: string;
}

/** The staff's language: the language the Meetings tab is titled in. */
export function staffLanguage(sheet: ParsedSheet): Lang {
  const title = sheet.layout.meetings?.title;
  return title !== undefined && /[A-Za-z]/.test(title) ? "en" : "ar";
}

/** Sync status text without its trailing "· 2026-11-29 10:05 UTC+3": the stamp alone is no change. */
export const withoutStamp = (text: string) => text.replace(TRAILING_STAMP, "").trim();

/** `text` with `more` put before its trailing stamp, so the stamp stays last. */
function beforeStamp(text: string, more: string): string {
  const at = TRAILING_STAMP.exec(text)?.index ?? text.length;
  return text.slice(0, at) + more + text.slice(at);
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function cellAt(grid: Grid, row: number, col: number | undefined): string {
  if (col === undefined) return "";
  return cellText(grid[row - 1]?.[col]).trim();
}

export function identityAt(grid: Grid, layout: TabLayout, row: number): RowIdentity {
  const c = layout.columns;
  return {
    id: cellAt(grid, row, c.id),
    title_ar: cellAt(grid, row, c.title_ar),
    title_en: cellAt(grid, row, c.title_en),
    date: cellAt(grid, row, c.date),
  };
}

const sameIdentity = (a: RowIdentity, b: RowIdentity) =>
  a.id === b.id && a.title_ar === b.title_ar && a.title_en === b.title_en && a.date === b.date;

/** The Sync status of a row that could not be used: its first error, in the staff's language. */
function rejectedStatus(errors: Problem[] | undefined, lang: Lang): string {
  const first = errors?.[0];
  if (!errors || !first) return lang === "ar" ? "✗ صف غير صالح" : "✗ invalid row";
  const column = first.column ? `${first.column}: ` : "";
  const more = errors.length > 1 ? ` (+${errors.length - 1})` : "";
  return `✗ ${column}${first.message[lang]}${more}`;
}

/** A tab's errors by row, built once: a sheet of thousands of bad rows stays linear. */
function errorsByRow(problems: readonly Problem[], tab: string): Map<number, Problem[]> {
  const byRow = new Map<number, Problem[]>();
  for (const p of problems) {
    if (p.tab !== tab || p.row === null || p.severity !== "error") continue;
    const list = byRow.get(p.row);
    if (list) list.push(p);
    else byRow.set(p.row, [p]);
  }
  return byRow;
}

/** Invite entries that named nobody and were left out (warnings), by row. */
const LEFT_OUT_CODES = new Set(["invite.email_invalid", "invite.group_unknown"]);

function leftOutByRow(problems: readonly Problem[], tab: string): Map<number, string[]> {
  const byRow = new Map<number, string[]>();
  for (const p of problems) {
    if (p.tab !== tab || p.row === null || p.severity !== "warning") continue;
    if (!LEFT_OUT_CODES.has(p.code) || p.value === null) continue;
    const list = byRow.get(p.row);
    if (list) list.push(p.value);
    else byRow.set(p.row, [p.value]);
  }
  return byRow;
}

export interface WriteBackInput {
  sheet: ParsedSheet;
  /** Every problem this run found (the sheet's, the plan's, the mail's, the feed's), for the Sync log and the rows' status. */
  problems: readonly Problem[];
  /** The Meetings grid as this sync read it. */
  meetingsGrid: Grid;
  statusByMeeting: ReadonlyMap<string, { ar: string; en: string }>;
  /** The Responses and Sync log tabs as read, when the sheet has them. */
  responsesTab: { title: string; grid: Grid } | null;
  syncLogTab: { title: string; grid: Grid } | null;
  responses: ResponseLine[];
  /** This run's time in the Settings zone, saying which (stamp.ts), for the Sync log's Time column. */
  stamp: string;
  /**
   * Only these Meetings rows may need writing (the incremental sync's changed
   * rows: every other row's cells are as the last sync found them right).
   */
  onlyRows?: ReadonlySet<number>;
}

function header<Key extends string>(columns: readonly ColumnDef<Key>[], lang: Lang): string[] {
  return columns.map((c) => c[lang]);
}

/** Everything this sync would write, before any check against a fresh read. */
export function planWriteBack(input: WriteBackInput): WriteBackPlan {
  const { sheet, meetingsGrid } = input;
  const layout = sheet.layout.meetings;
  const lang = staffLanguage(sheet);
  const rows: MeetingsRowWrite[] = [];
  if (layout) {
    const syncCol = layout.columns.sync;
    const idCol = layout.columns.id;
    const wanted = new Map<number, { id?: string; status?: string }>();
    const leftOut = leftOutByRow(input.problems, layout.title);
    const only = input.onlyRows;
    for (const meeting of sheet.meetings) {
      if (only && !only.has(meeting.row)) continue;
      const entry: { id?: string; status?: string } = {};
      if (meeting.id_proposed && idCol !== undefined) entry.id = meeting.id;
      const note = input.statusByMeeting.get(meeting.id);
      const missing = leftOut.get(meeting.row);
      // The typo is told next to the row, after what did go out.
      if (note && syncCol !== undefined) {
        entry.status = missing ? beforeStamp(note[lang], leftOutWords(missing)[lang]) : note[lang];
      }
      wanted.set(meeting.row, entry);
    }
    const errors = errorsByRow(input.problems, layout.title);
    for (const rejected of sheet.rejected) {
      if (syncCol === undefined) break;
      if (only && !only.has(rejected.row)) continue;
      // A row whose meeting was valid before has the plan's words: what is wrong, and that it is kept as it was.
      const kept = rejected.id === null ? undefined : input.statusByMeeting.get(rejected.id);
      const status = kept?.[lang] ?? rejectedStatus(errors.get(rejected.row), lang);
      wanted.set(rejected.row, { status });
    }
    for (const [row, entry] of [...wanted].sort(([a], [b]) => a - b)) {
      const write: MeetingsRowWrite = { row, identity: identityAt(meetingsGrid, layout, row) };
      if (entry.id !== undefined && write.identity.id === "") write.id = entry.id;
      if (
        entry.status !== undefined &&
        withoutStamp(cellAt(meetingsGrid, row, syncCol)) !== withoutStamp(entry.status)
      ) {
        write.status = entry.status;
      }
      if (write.id !== undefined || write.status !== undefined) rows.push(write);
    }
  }

  const tabs: TabWrite[] = [];
  if (input.responsesTab) {
    const values = [RESPONSES_HEADER[lang], ...input.responses.map(cellsOfLine)];
    tabs.push(...tabWrite(input.responsesTab.title, input.responsesTab.grid, values, null));
  }
  if (input.syncLogTab) {
    const timeIndex = SYNC_LOG_COLUMNS.findIndex((c) => c.key === "time");
    const values = [
      header(SYNC_LOG_COLUMNS, lang),
      ...input.problems.map((p) =>
        SYNC_LOG_COLUMNS.map((c) => logCell(p, c.key, input.stamp, lang)),
      ),
    ];
    tabs.push(...tabWrite(input.syncLogTab.title, input.syncLogTab.grid, values, timeIndex));
  }
  return { meetingsTitle: layout?.title ?? null, rows, tabs };
}

/** The Responses header in each staff language, made once (frozen: tab-write.ts remembers frozen rows). */
const RESPONSES_HEADER: Record<Lang, readonly string[]> = {
  ar: Object.freeze(header(RESPONSES_COLUMNS, "ar")),
  en: Object.freeze(header(RESPONSES_COLUMNS, "en")),
};

/**
 * A frozen line's cells, made once per line: the incremental sync hands on the
 * last sync's line objects for every meeting it did not plan again
 * (responses.ts patchLines), and a line is frozen once made, so its cells
 * cannot differ from the ones remembered. A line not frozen gets fresh cells.
 */
const lineCells = new WeakMap<ResponseLine, readonly string[]>();

function cellsOfLine(line: ResponseLine): readonly string[] {
  const known = lineCells.get(line);
  if (known !== undefined) return known;
  const cells = RESPONSES_COLUMNS.map((c) => responseCell(line, c.key));
  if (!Object.isFrozen(line)) return cells;
  Object.freeze(cells);
  lineCells.set(line, cells);
  return cells;
}

function responseCell(r: ResponseLine, key: ResponsesKey): string {
  switch (key) {
    case "meeting_id":
      return r.meeting_id;
    case "meeting":
      return r.meeting;
    case "email":
      return r.email;
    case "name":
      return r.name;
    case "message":
      return r.kind;
    case "sent":
      return r.sent;
    case "response":
      return r.response;
    case "delivery":
      return r.delivery;
    case "resend":
      // A request is read once and answered under Delivery: every write clears it.
      return "";
    case "substitute":
      return r.substitute ?? "";
  }
}

const SEVERITY: Record<Problem["severity"], { ar: string; en: string }> = {
  error: { ar: "خطأ", en: "error" },
  warning: { ar: "تنبيه", en: "warning" },
};

function logCell(p: Problem, key: SyncLogKey, stamp: string, lang: Lang): string {
  switch (key) {
    case "time":
      return stamp;
    case "severity":
      return SEVERITY[p.severity][lang];
    case "tab":
      return p.tab;
    case "row":
      return p.row === null ? "" : String(p.row);
    case "column":
      return p.column ?? "";
    case "value":
      return p.value ?? "";
    case "problem_ar":
      return p.message.ar;
    case "problem_en":
      return p.message.en;
    case "code":
      return p.code;
  }
}

/**
 * Keeps the row writes whose row still holds the same meeting in a fresh read of
 * the Meetings tab; the rest wait for the next sync (staff sorted, inserted or
 * deleted rows in between). Returns the kept writes and how many were held back.
 */
export function confirmRows(
  writes: MeetingsRowWrite[],
  fresh: Grid,
  layout: TabLayout,
): { kept: MeetingsRowWrite[]; heldBack: number } {
  const kept = writes.filter((w) => sameIdentity(w.identity, identityAt(fresh, layout, w.row)));
  return { kept, heldBack: writes.length - kept.length };
}

/** The write-back as one RAW batchUpdate's data. */
export function toCellUpdates(
  plan: WriteBackPlan,
  rows: MeetingsRowWrite[],
  layout: TabLayout | null,
): CellUpdate[] {
  const data: CellUpdate[] = [];
  if (layout && plan.meetingsTitle !== null) {
    for (const w of rows) {
      if (w.id !== undefined && layout.columns.id !== undefined) {
        const cell = `${columnLetter(layout.columns.id)}${w.row}`;
        data.push({ range: a1Range(plan.meetingsTitle, cell), values: [[w.id]] });
      }
      if (w.status !== undefined && layout.columns.sync !== undefined) {
        const cell = `${columnLetter(layout.columns.sync)}${w.row}`;
        data.push({ range: a1Range(plan.meetingsTitle, cell), values: [[w.status]] });
      }
    }
  }
  for (const tab of plan.tabs) {
    const width = tab.values[0]?.length ?? 1;
    const from = (tab.from ?? 0) + 1;
    data.push({
      range: a1Range(
        tab.title,
        `A${from}:${columnLetter(width - 1)}${from + tab.values.length - 1}`,
      ),
      values: tab.values,
    });
  }
  return data;
}
