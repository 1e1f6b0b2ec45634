// The spreadsheet the emulator serves, in memory: tabs as grids of strings (as
// the CSV files hold them) plus the metadata a CSV cannot hold (sheet ids,
// frozen rows, right-to-left, notes, data validation, protected ranges), and
// the cell and range primitives the API operations share. Operations throw
// ApiError with Google's codes and messages; the server turns those into
// Google's error JSON.
import { type CellBox, parseRange } from "./a1.ts";
import type { Marker } from "./cells.ts";
import type { NumberFormat } from "./number-format.ts";

export class ApiError extends Error {
  readonly code: number;
  readonly status: string;
  readonly details: unknown[] | undefined;
  constructor(code: number, status: string, message: string, details?: unknown[]) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const badRequest = (message: string) => new ApiError(400, "INVALID_ARGUMENT", message);

export interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

/** Sheets API objects the emulator stores and returns without interpreting them. */
export type Json = Record<string, unknown>;

export interface ProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string;
  warningOnly?: boolean;
  requestingUserCanEdit?: boolean;
  [field: string]: unknown;
}

export interface SheetState {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  frozenColumnCount: number;
  rightToLeft: boolean;
  grid: string[][];
  /** "row:col" → how the cell must be read, valid only while the cell still holds `text`. */
  markers: Record<string, { kind: Marker; text: string }>;
  notes: Record<string, string>;
  /** Column index → its display format for dates and numbers (absent in older sidecar files). */
  numberFormats?: Record<string, NumberFormat>;
  /** Later entries win where ranges overlap; a null rule clears. */
  validations: { range: GridRange; rule: Json | null }[];
  protectedRanges: ProtectedRange[];
  /** Bumped on every change to `grid`, so the store knows which files to rewrite. */
  version: number;
}

export interface SpreadsheetState {
  spreadsheetId: string;
  title: string;
  locale: string;
  timeZone: string;
  sheets: SheetState[];
  nextProtectedRangeId: number;
}

export function newSheet(sheetId: number, title: string, index: number, grid: string[][] = []) {
  const width = grid.reduce((w, row) => Math.max(w, row.length), 0);
  return {
    sheetId,
    title,
    index,
    rowCount: Math.max(1000, grid.length),
    columnCount: Math.max(26, width),
    frozenRowCount: 0,
    frozenColumnCount: 0,
    rightToLeft: false,
    grid,
    markers: {},
    notes: {},
    validations: [],
    protectedRanges: [],
    version: 0,
  } satisfies SheetState;
}

export const key = (r: number, c: number) => `${r}:${c}`;

export function cellText(sheet: SheetState, r: number, c: number) {
  return sheet.grid[r]?.[c] ?? "";
}

/** The display format of column `c`, if one was set. */
export function formatOf(sheet: SheetState, c: number): NumberFormat | undefined {
  return sheet.numberFormats?.[String(c)];
}

export function markerOf(
  sheet: SheetState,
  r: number,
  c: number,
  text: string,
): Marker | undefined {
  const m = sheet.markers[key(r, c)];
  return m && m.text === text ? m.kind : undefined;
}

export function setCell(
  sheet: SheetState,
  r: number,
  c: number,
  text: string,
  marker: Marker | undefined,
) {
  while (sheet.grid.length <= r) sheet.grid.push([]);
  const row = sheet.grid[r]!;
  while (row.length <= c) row.push("");
  row[c] = text;
  if (marker) sheet.markers[key(r, c)] = { kind: marker, text };
  else delete sheet.markers[key(r, c)];
  sheet.rowCount = Math.max(sheet.rowCount, r + 1);
  sheet.columnCount = Math.max(sheet.columnCount, c + 1);
  sheet.version++;
}

export function findSheet(state: SpreadsheetState, title: string): SheetState | undefined {
  const nfc = title.normalize("NFC");
  return (
    state.sheets.find((s) => s.title === nfc) ??
    // Google matches tab titles in ranges without regard to case.
    state.sheets.find((s) => s.title.toLowerCase() === nfc.toLowerCase())
  );
}

function firstSheet(state: SpreadsheetState) {
  return [...state.sheets].sort((a, b) => a.index - b.index)[0];
}

export interface Bounded {
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
}

/** Resolves A1 text to a tab and a box; `Unable to parse range` as Google says it. */
export function resolveRange(state: SpreadsheetState, text: string) {
  const parsed = parseRange(text, (t) => findSheet(state, t) !== undefined);
  const sheet = parsed
    ? parsed.sheet === null
      ? firstSheet(state)
      : findSheet(state, parsed.sheet)
    : undefined;
  if (!parsed || !sheet) throw badRequest(`Unable to parse range: ${text}`);
  const box: CellBox = parsed.box ?? {
    startRow: 0,
    startCol: 0,
    endRow: undefined,
    endCol: undefined,
  };
  return { sheet, box };
}

/** Clamps open ends to the grid; a bounded end past the grid is Google's "exceeds grid limits". */
export function bound(sheet: SheetState, box: CellBox, text: string): Bounded {
  const endRow = box.endRow ?? sheet.rowCount;
  const endCol = box.endCol ?? sheet.columnCount;
  if (endRow > sheet.rowCount || endCol > sheet.columnCount) {
    throw badRequest(
      `Range (${text}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    );
  }
  return { startRow: box.startRow, startCol: box.startCol, endRow, endCol };
}

export function covers(range: GridRange, r: number, c: number) {
  return (
    r >= (range.startRowIndex ?? 0) &&
    r < (range.endRowIndex ?? Number.POSITIVE_INFINITY) &&
    c >= (range.startColumnIndex ?? 0) &&
    c < (range.endColumnIndex ?? Number.POSITIVE_INFINITY)
  );
}
