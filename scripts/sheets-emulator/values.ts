// The Sheets API values methods (get, batchGet, update, append, clear) on the
// emulator's in-memory spreadsheet: how Google bounds, renders, trims and
// writes ranges of cells.
import { raggedRows } from "../lib/csv-folder.ts";
import { formatRange } from "./a1.ts";
import {
  type ApiCell,
  type DateTimeRenderOption,
  renderCell,
  storeInput,
  type ValueRenderOption,
} from "./cells.ts";
import {
  badRequest,
  bound,
  formatOf,
  markerOf,
  resolveRange,
  type SheetState,
  type SpreadsheetState,
  setCell,
} from "./state.ts";

export type MajorDimension = "ROWS" | "COLUMNS";

export interface ReadOptions {
  majorDimension: MajorDimension;
  valueRenderOption: ValueRenderOption;
  dateTimeRenderOption: DateTimeRenderOption;
}

export interface ValueRange {
  range: string;
  majorDimension: MajorDimension;
  values?: ApiCell[][];
}

export function readValues(
  state: SpreadsheetState,
  text: string,
  options: ReadOptions,
): ValueRange {
  const { sheet, box } = resolveRange(state, text);
  const b = bound(sheet, box, text);
  const rows: ApiCell[][] = [];
  const lastRow = Math.min(b.endRow, sheet.grid.length);
  for (let r = b.startRow; r < lastRow; r++) {
    const source = sheet.grid[r]!;
    const row: ApiCell[] = [];
    for (let c = b.startCol; c < Math.min(b.endCol, source.length); c++) {
      const cell = source[c] ?? "";
      row.push(
        cell === ""
          ? ""
          : renderCell(
              cell,
              markerOf(sheet, r, c, cell),
              options.valueRenderOption,
              options.dateTimeRenderOption,
              formatOf(sheet, c),
            ),
      );
    }
    rows.push(row);
  }
  let values = raggedRows(rows);
  if (options.majorDimension === "COLUMNS") values = raggedRows(transpose(values));
  const out: ValueRange = {
    range: formatRange(sheet.title, b),
    majorDimension: options.majorDimension,
  };
  if (values.length > 0) out.values = values;
  return out;
}

function transpose<T>(rows: T[][]): T[][] {
  const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
  const out: T[][] = [];
  for (let c = 0; c < width; c++) {
    out.push(rows.map((row) => row[c] ?? ("" as T)));
  }
  return out;
}

export type InputOption = "RAW" | "USER_ENTERED";

export interface UpdateResult {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows: number;
  updatedColumns: number;
  updatedCells: number;
}

function inputRows(values: unknown, majorDimension: unknown): unknown[][] {
  if (values === undefined) return [];
  if (!Array.isArray(values) || !values.every((row) => Array.isArray(row))) {
    throw badRequest("Invalid values: expected a list of lists");
  }
  const rows = values as unknown[][];
  if (majorDimension === "COLUMNS") return transpose(rows) as unknown[][];
  return rows;
}

/** Writes `rows` with their top-left at (startRow, startCol); null cells are left as they are. */
function writeBlock(
  state: SpreadsheetState,
  sheet: SheetState,
  startRow: number,
  startCol: number,
  rows: unknown[][],
  mode: InputOption,
): UpdateResult {
  let cells = 0;
  let width = 0;
  rows.forEach((row, i) => {
    width = Math.max(width, row.length);
    row.forEach((value, j) => {
      const stored = storeInput(value, mode);
      if (!stored) return;
      setCell(sheet, startRow + i, startCol + j, stored.text, stored.marker);
      cells++;
    });
  });
  const height = rows.length;
  return {
    spreadsheetId: state.spreadsheetId,
    updatedRange: formatRange(sheet.title, {
      startRow,
      startCol,
      endRow: startRow + Math.max(height, 1),
      endCol: startCol + Math.max(width, 1),
    }),
    updatedRows: height,
    updatedColumns: width,
    updatedCells: cells,
  };
}

export function updateValues(
  state: SpreadsheetState,
  text: string,
  body: { values?: unknown; majorDimension?: unknown },
  mode: InputOption,
): UpdateResult {
  const { sheet, box } = resolveRange(state, text);
  const rows = inputRows(body.values, body.majorDimension);
  const height = rows.length;
  const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
  if (box.endRow !== undefined && box.startRow + height > box.endRow) {
    throw badRequest(
      `Requested writing within range [${text}], but tried writing to row [${box.startRow + height}]`,
    );
  }
  if (box.endCol !== undefined && box.startCol + width > box.endCol) {
    throw badRequest(
      `Requested writing within range [${text}], but tried writing to column [${columnName(box.startCol + width - 1)}]`,
    );
  }
  return writeBlock(state, sheet, box.startRow, box.startCol, rows, mode);
}

function columnName(index: number) {
  return formatRange("x", { startRow: 0, startCol: index, endRow: 1, endCol: index + 1 }).slice(
    2,
    -1,
  );
}

function rowHasData(sheet: SheetState, r: number, from: number, to: number) {
  const row = sheet.grid[r] ?? [];
  for (let c = from; c < Math.min(to, row.length); c++) if (row[c] !== "") return true;
  return false;
}

/** Appends after the table found in the range, starting at the range's first column. */
export function appendValues(
  state: SpreadsheetState,
  text: string,
  body: { values?: unknown; majorDimension?: unknown },
  mode: InputOption,
) {
  const { sheet, box } = resolveRange(state, text);
  const oneCell =
    box.endRow === box.startRow + 1 && box.endCol === box.startCol + 1 && box.endCol !== undefined;
  const toCol = oneCell ? sheet.columnCount : (box.endCol ?? sheet.columnCount);
  let first = -1;
  let last = -1;
  for (let r = box.startRow; r < sheet.grid.length; r++) {
    if (rowHasData(sheet, r, box.startCol, toCol)) {
      if (first === -1) first = r;
      last = r;
    }
  }
  const rows = inputRows(body.values, body.majorDimension);
  const at = last === -1 ? box.startRow : last + 1;
  let tableRange: string | undefined;
  if (first !== -1) {
    let width = 1;
    for (let r = first; r <= last; r++) {
      const row = sheet.grid[r] ?? [];
      for (let c = Math.min(toCol, row.length) - 1; c >= box.startCol; c--) {
        if (row[c] !== "") {
          width = Math.max(width, c - box.startCol + 1);
          break;
        }
      }
    }
    tableRange = formatRange(sheet.title, {
      startRow: first,
      startCol: box.startCol,
      endRow: last + 1,
      endCol: box.startCol + width,
    });
  }
  const updates = writeBlock(state, sheet, at, box.startCol, rows, mode);
  return {
    spreadsheetId: state.spreadsheetId,
    ...(tableRange ? { tableRange } : {}),
    updates,
  };
}

export function clearValues(state: SpreadsheetState, text: string): string {
  const { sheet, box } = resolveRange(state, text);
  const b = bound(sheet, box, text);
  for (let r = b.startRow; r < Math.min(b.endRow, sheet.grid.length); r++) {
    const row = sheet.grid[r]!;
    for (let c = b.startCol; c < Math.min(b.endCol, row.length); c++) {
      if (row[c] !== "") setCell(sheet, r, c, "", undefined);
    }
  }
  return formatRange(sheet.title, b);
}
