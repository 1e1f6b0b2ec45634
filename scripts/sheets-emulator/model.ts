// The spreadsheet the emulator serves, in memory: tabs as grids of strings (as
// the CSV files hold them) plus the metadata a CSV cannot hold (sheet ids,
// frozen rows, right-to-left, notes, data validation, protected ranges), and
// the Sheets API v4 operations on it. Operations throw ApiError with Google's
// codes and messages; the server turns those into Google's error JSON.
import { type CellBox, formatRange, parseRange } from "./a1.ts";
import {
  type ApiCell,
  type DateTimeRenderOption,
  type Marker,
  renderCell,
  storeInput,
  typeOf,
  type ValueRenderOption,
} from "./cells.ts";

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

const badRequest = (message: string) => new ApiError(400, "INVALID_ARGUMENT", message);

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

const key = (r: number, c: number) => `${r}:${c}`;

function cellText(sheet: SheetState, r: number, c: number) {
  return sheet.grid[r]?.[c] ?? "";
}

function markerOf(sheet: SheetState, r: number, c: number, text: string): Marker | undefined {
  const m = sheet.markers[key(r, c)];
  return m && m.text === text ? m.kind : undefined;
}

function setCell(
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

interface Bounded {
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
function bound(sheet: SheetState, box: CellBox, text: string): Bounded {
  const endRow = box.endRow ?? sheet.rowCount;
  const endCol = box.endCol ?? sheet.columnCount;
  if (endRow > sheet.rowCount || endCol > sheet.columnCount) {
    throw badRequest(
      `Range (${text}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    );
  }
  return { startRow: box.startRow, startCol: box.startCol, endRow, endCol };
}

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

/** Drops trailing empty cells and trailing empty rows, as Google does. */
function ragged(rows: ApiCell[][]): ApiCell[][] {
  const out = rows.map((row) => {
    let end = row.length;
    while (end > 0 && row[end - 1] === "") end--;
    return row.slice(0, end);
  });
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
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
            ),
      );
    }
    rows.push(row);
  }
  let values = ragged(rows);
  if (options.majorDimension === "COLUMNS") values = ragged(transpose(values));
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

// --- spreadsheet metadata -----------------------------------------------------------

function sheetProperties(sheet: SheetState): Json {
  const grid: Json = { rowCount: sheet.rowCount, columnCount: sheet.columnCount };
  if (sheet.frozenRowCount > 0) grid.frozenRowCount = sheet.frozenRowCount;
  if (sheet.frozenColumnCount > 0) grid.frozenColumnCount = sheet.frozenColumnCount;
  const props: Json = {
    sheetId: sheet.sheetId,
    title: sheet.title,
    index: sheet.index,
    sheetType: "GRID",
    gridProperties: grid,
  };
  if (sheet.rightToLeft) props.rightToLeft = true;
  return props;
}

function covers(range: GridRange, r: number, c: number) {
  return (
    r >= (range.startRowIndex ?? 0) &&
    r < (range.endRowIndex ?? Number.POSITIVE_INFINITY) &&
    c >= (range.startColumnIndex ?? 0) &&
    c < (range.endColumnIndex ?? Number.POSITIVE_INFINITY)
  );
}

function validationAt(sheet: SheetState, r: number, c: number): Json | null {
  for (let i = sheet.validations.length - 1; i >= 0; i--) {
    const v = sheet.validations[i]!;
    if (covers(v.range, r, c)) return v.rule;
  }
  return null;
}

function cellData(sheet: SheetState, r: number, c: number): Json {
  const text = cellText(sheet, r, c);
  const out: Json = {};
  if (text !== "") {
    const marker = markerOf(sheet, r, c, text);
    const typed = marker ? { kind: "text" as const } : typeOf(text);
    let value: Json;
    if (marker === "formula") value = { formulaValue: text };
    else if (typed.kind === "number" || typed.kind === "date") value = { numberValue: typed.value };
    else if (typed.kind === "bool") value = { boolValue: typed.value };
    else value = { stringValue: text };
    out.userEnteredValue = value;
    // Formulas are not evaluated: their effective value is left out.
    if (marker !== "formula") out.effectiveValue = value;
    out.formattedValue = text;
  }
  const note = sheet.notes[key(r, c)];
  if (note) out.note = note;
  const rule = validationAt(sheet, r, c);
  if (rule) out.dataValidation = rule;
  return out;
}

function gridData(sheet: SheetState, b: Bounded): Json {
  const rowData: Json[] = [];
  for (let r = b.startRow; r < b.endRow; r++) {
    const values: Json[] = [];
    for (let c = b.startCol; c < b.endCol; c++) values.push(cellData(sheet, r, c));
    while (values.length > 0 && Object.keys(values[values.length - 1]!).length === 0) values.pop();
    rowData.push(values.length > 0 ? { values } : {});
  }
  while (rowData.length > 0 && Object.keys(rowData[rowData.length - 1]!).length === 0)
    rowData.pop();
  const out: Json = { rowData };
  if (b.startRow > 0) out.startRow = b.startRow;
  if (b.startCol > 0) out.startColumn = b.startCol;
  return out;
}

function dataExtent(sheet: SheetState): Bounded {
  let endRow = sheet.grid.length;
  let endCol = sheet.grid.reduce((w, row) => Math.max(w, row.length), 0);
  for (const k of Object.keys(sheet.notes)) {
    const [r, c] = k.split(":").map(Number);
    endRow = Math.max(endRow, r! + 1);
    endCol = Math.max(endCol, c! + 1);
  }
  return { startRow: 0, startCol: 0, endRow, endCol };
}

/** The Spreadsheet resource; grid data (values, notes, validation) only when asked for. */
export function spreadsheetResource(
  state: SpreadsheetState,
  options: { baseUrl: string; includeGridData?: boolean; ranges?: string[] },
): Json {
  const ranges = options.ranges ?? [];
  const data = new Map<number, Json[]>();
  for (const text of ranges) {
    const { sheet, box } = resolveRange(state, text);
    const list = data.get(sheet.sheetId) ?? [];
    if (options.includeGridData) list.push(gridData(sheet, bound(sheet, box, text)));
    data.set(sheet.sheetId, list);
  }
  const sheets = [...state.sheets]
    .sort((a, b) => a.index - b.index)
    .filter((s) => ranges.length === 0 || data.has(s.sheetId))
    .map((sheet) => {
      const out: Json = { properties: sheetProperties(sheet) };
      if (options.includeGridData) {
        out.data = data.get(sheet.sheetId) ?? [gridData(sheet, dataExtent(sheet))];
      }
      if (sheet.protectedRanges.length > 0) out.protectedRanges = sheet.protectedRanges;
      return out;
    });
  return {
    spreadsheetId: state.spreadsheetId,
    properties: {
      title: state.title,
      locale: state.locale,
      autoRecalc: "ON_CHANGE",
      timeZone: state.timeZone,
    },
    sheets,
    spreadsheetUrl: `${options.baseUrl}/spreadsheets/d/${state.spreadsheetId}/edit`,
  };
}

// --- spreadsheets.batchUpdate -------------------------------------------------------

/** Request kinds Google knows but the emulator does not implement (answered 400, never ignored). */
const GOOGLE_REQUESTS = new Set(
  "updateSpreadsheetProperties updateSheetProperties updateDimensionProperties updateNamedRange repeatCell addNamedRange deleteNamedRange addSheet deleteSheet autoFill cutPaste copyPaste mergeCells unmergeCells updateBorders updateCells addFilterView appendCells clearBasicFilter deleteDimension deleteEmbeddedObject deleteFilterView duplicateFilterView duplicateSheet findReplace insertDimension insertRange moveDimension updateEmbeddedObjectPosition pasteData textToColumns updateFilterView deleteRange appendDimension addConditionalFormatRule updateConditionalFormatRule deleteConditionalFormatRule sortRange setDataValidation setBasicFilter addProtectedRange updateProtectedRange deleteProtectedRange autoResizeDimensions addChart updateChartSpec updateBanding addBanding deleteBanding createDeveloperMetadata updateDeveloperMetadata deleteDeveloperMetadata randomizeRange addDimensionGroup deleteDimensionGroup updateDimensionGroup trimWhitespace deleteDuplicates addSlicer updateSlicerSpec addDataSource updateDataSource deleteDataSource refreshDataSource cancelDataSourceRefresh addTable updateTable deleteTable".split(
    " ",
  ),
);

function fieldSet(fields: unknown, where: string): Set<string> {
  if (typeof fields !== "string" || fields.trim() === "") {
    throw badRequest(`Invalid ${where}: At least one field must be updated.`);
  }
  return new Set(fields.split(",").map((f) => f.trim()));
}

function sheetById(state: SpreadsheetState, id: unknown, where: string): SheetState {
  const sheet = state.sheets.find((s) => s.sheetId === (id ?? 0));
  if (!sheet) throw badRequest(`Invalid ${where}: No grid with id: ${String(id ?? 0)}`);
  return sheet;
}

function gridBox(sheet: SheetState, range: GridRange): Bounded {
  return {
    startRow: range.startRowIndex ?? 0,
    startCol: range.startColumnIndex ?? 0,
    endRow: Math.min(range.endRowIndex ?? sheet.rowCount, sheet.rowCount),
    endCol: Math.min(range.endColumnIndex ?? sheet.columnCount, sheet.columnCount),
  };
}

function checkTitle(state: SpreadsheetState, title: string, where: string, except?: SheetState) {
  const clash = state.sheets.find(
    (s) => s !== except && s.title.toLowerCase() === title.toLowerCase(),
  );
  if (clash) {
    throw badRequest(
      `Invalid ${where}: A sheet with the name "${title}" already exists. Please enter another name.`,
    );
  }
  if (title.trim() === "") throw badRequest(`Invalid ${where}: The sheet name cannot be empty.`);
  // Tabs are files here; Google itself allows these characters.
  if (/[/\\]/.test(title)) {
    throw badRequest(
      `Invalid ${where}: the local emulator keeps tabs as files: no / or \\ in names`,
    );
  }
}

const SHEET_FIELDS = new Set([
  "*",
  "title",
  "index",
  "rightToLeft",
  "gridProperties",
  "gridProperties.frozenRowCount",
  "gridProperties.frozenColumnCount",
  "gridProperties.rowCount",
  "gridProperties.columnCount",
]);

function applySheetProperties(
  state: SpreadsheetState,
  sheet: SheetState,
  props: Json,
  fields: Set<string>,
  where: string,
) {
  for (const f of fields) {
    if (!SHEET_FIELDS.has(f))
      throw badRequest(`Invalid ${where}: the emulator cannot update '${f}'`);
  }
  const all = fields.has("*");
  const has = (f: string) =>
    all || fields.has(f) || (f.startsWith("gridProperties.") && fields.has("gridProperties"));
  const grid = (props.gridProperties ?? {}) as Json;
  if (has("title") && typeof props.title === "string") {
    checkTitle(state, props.title, where, sheet);
    sheet.title = props.title.normalize("NFC");
  }
  if (has("rightToLeft")) sheet.rightToLeft = props.rightToLeft === true;
  if (has("gridProperties.frozenRowCount")) sheet.frozenRowCount = Number(grid.frozenRowCount ?? 0);
  if (has("gridProperties.frozenColumnCount")) {
    sheet.frozenColumnCount = Number(grid.frozenColumnCount ?? 0);
  }
  if (has("gridProperties.rowCount") && typeof grid.rowCount === "number") {
    sheet.rowCount = grid.rowCount;
  }
  if (has("gridProperties.columnCount") && typeof grid.columnCount === "number") {
    sheet.columnCount = grid.columnCount;
  }
  if (has("index") && typeof props.index === "number") moveSheet(state, sheet, props.index);
}

function moveSheet(state: SpreadsheetState, sheet: SheetState, index: number) {
  const ordered = [...state.sheets].sort((a, b) => a.index - b.index).filter((s) => s !== sheet);
  ordered.splice(Math.max(0, Math.min(index, ordered.length)), 0, sheet);
  ordered.forEach((s, i) => {
    s.index = i;
  });
}

export function addSheet(state: SpreadsheetState, props: Json, where: string): SheetState {
  const count = state.sheets.length;
  const title = typeof props.title === "string" ? props.title : `Sheet${count + 1}`;
  checkTitle(state, title, where);
  let sheetId: number;
  if (typeof props.sheetId === "number") {
    if (state.sheets.some((s) => s.sheetId === props.sheetId)) {
      throw badRequest(
        `Invalid ${where}: A sheet with id ${props.sheetId} already exists. Please enter another id.`,
      );
    }
    sheetId = props.sheetId;
  } else {
    // Google picks large random ids for added tabs; only the first tab is 0.
    do sheetId = count === 0 ? 0 : Math.floor(Math.random() * 2_000_000_000);
    while (state.sheets.some((s) => s.sheetId === sheetId));
  }
  const sheet: SheetState = newSheet(sheetId, title.normalize("NFC"), count);
  state.sheets.push(sheet);
  const rest = { ...props };
  delete rest.title;
  delete rest.sheetId;
  applySheetProperties(state, sheet, rest, new Set(["*"]), where);
  if (typeof props.index !== "number") moveSheet(state, sheet, count);
  sheet.version++;
  return sheet;
}

function applyCell(sheet: SheetState, r: number, c: number, cell: Json, fields: Set<string>) {
  const all = fields.has("*");
  if (all || fields.has("note")) {
    if (typeof cell.note === "string" && cell.note !== "") sheet.notes[key(r, c)] = cell.note;
    else delete sheet.notes[key(r, c)];
  }
  if (all || fields.has("userEnteredValue")) {
    const v = (cell.userEnteredValue ?? {}) as Json;
    if (typeof v.formulaValue === "string") setCell(sheet, r, c, v.formulaValue, "formula");
    else if (typeof v.numberValue === "number")
      setCell(sheet, r, c, String(v.numberValue), undefined);
    else if (typeof v.boolValue === "boolean") {
      setCell(sheet, r, c, v.boolValue ? "TRUE" : "FALSE", undefined);
    } else if (typeof v.stringValue === "string") {
      const stored = storeInput(v.stringValue, "RAW")!;
      setCell(sheet, r, c, stored.text, stored.marker);
    } else if (cellText(sheet, r, c) !== "") setCell(sheet, r, c, "", undefined);
  }
  if (all || fields.has("dataValidation")) {
    const rule = (cell.dataValidation as Json | undefined) ?? null;
    setValidation(
      sheet,
      { startRowIndex: r, endRowIndex: r + 1, startColumnIndex: c, endColumnIndex: c + 1 },
      rule,
    );
  }
}

const CELL_FIELDS = new Set(["*", "note", "userEnteredValue", "dataValidation"]);

function cellFields(fields: unknown, where: string) {
  const set = fieldSet(fields, where);
  for (const f of set) {
    const bare = f.replace(/^userEnteredValue\..*$/, "userEnteredValue");
    if (!CELL_FIELDS.has(bare))
      throw badRequest(`Invalid ${where}: the emulator cannot update '${f}'`);
    if (bare !== f) set.add(bare);
  }
  return set;
}

function inside(inner: GridRange, outer: GridRange) {
  return (
    (inner.startRowIndex ?? 0) >= (outer.startRowIndex ?? 0) &&
    (inner.endRowIndex ?? Number.POSITIVE_INFINITY) <=
      (outer.endRowIndex ?? Number.POSITIVE_INFINITY) &&
    (inner.startColumnIndex ?? 0) >= (outer.startColumnIndex ?? 0) &&
    (inner.endColumnIndex ?? Number.POSITIVE_INFINITY) <=
      (outer.endColumnIndex ?? Number.POSITIVE_INFINITY)
  );
}

function setValidation(sheet: SheetState, range: GridRange, rule: Json | null) {
  const { sheetId: _ignored, ...cells } = range;
  // Entries wholly covered by the new one can never show again.
  sheet.validations = sheet.validations.filter((v) => !inside(v.range, cells));
  if (
    rule !== null ||
    sheet.validations.some((v) =>
      covers(v.range, cells.startRowIndex ?? 0, cells.startColumnIndex ?? 0),
    )
  ) {
    sheet.validations.push({ range: cells, rule });
  }
}

/** Applies one batchUpdate request to `state`; returns its reply. */
function applyRequest(state: SpreadsheetState, request: Json, i: number): Json {
  const kinds = Object.keys(request);
  if (kinds.length !== 1) {
    throw badRequest(`Invalid requests[${i}]: exactly one kind of request must be set`);
  }
  const kind = kinds[0]!;
  const body = (request[kind] ?? {}) as Json;
  const where = `requests[${i}].${kind}`;
  switch (kind) {
    case "addSheet": {
      const sheet = addSheet(state, (body.properties ?? {}) as Json, where);
      return { addSheet: { properties: sheetProperties(sheet) } };
    }
    case "updateSheetProperties": {
      const props = (body.properties ?? {}) as Json;
      const sheet = sheetById(state, props.sheetId, where);
      applySheetProperties(state, sheet, props, fieldSet(body.fields, where), where);
      return {};
    }
    case "updateSpreadsheetProperties": {
      const props = (body.properties ?? {}) as Json;
      const fields = fieldSet(body.fields, where);
      for (const f of fields) {
        const all = f === "*";
        if (!all && !["title", "locale", "timeZone"].includes(f)) {
          throw badRequest(`Invalid ${where}: the emulator cannot update '${f}'`);
        }
        if ((all || f === "title") && typeof props.title === "string") state.title = props.title;
        if ((all || f === "locale") && typeof props.locale === "string")
          state.locale = props.locale;
        if ((all || f === "timeZone") && typeof props.timeZone === "string") {
          state.timeZone = props.timeZone;
        }
      }
      return {};
    }
    case "updateCells": {
      const fields = cellFields(body.fields, where);
      const rows = (body.rows ?? []) as Json[];
      let sheet: SheetState;
      let r0: number;
      let c0: number;
      if (body.start) {
        const start = body.start as Json;
        sheet = sheetById(state, start.sheetId, where);
        r0 = Number(start.rowIndex ?? 0);
        c0 = Number(start.columnIndex ?? 0);
      } else {
        const range = (body.range ?? {}) as GridRange;
        sheet = sheetById(state, range.sheetId, where);
        r0 = range.startRowIndex ?? 0;
        c0 = range.startColumnIndex ?? 0;
      }
      rows.forEach((row, dr) => {
        ((row.values ?? []) as Json[]).forEach((cell, dc) => {
          applyCell(sheet, r0 + dr, c0 + dc, cell, fields);
        });
      });
      return {};
    }
    case "repeatCell": {
      const fields = cellFields(body.fields, where);
      const range = (body.range ?? {}) as GridRange;
      const sheet = sheetById(state, range.sheetId, where);
      const b = gridBox(sheet, range);
      for (let r = b.startRow; r < b.endRow; r++) {
        for (let c = b.startCol; c < b.endCol; c++)
          applyCell(sheet, r, c, (body.cell ?? {}) as Json, fields);
      }
      return {};
    }
    case "setDataValidation": {
      const range = (body.range ?? {}) as GridRange;
      const sheet = sheetById(state, range.sheetId, where);
      setValidation(sheet, range, (body.rule as Json | undefined) ?? null);
      return {};
    }
    case "addProtectedRange": {
      const given = (body.protectedRange ?? {}) as Json;
      const range = (given.range ?? {}) as GridRange;
      const sheet = sheetById(state, range.sheetId, where);
      if (given.warningOnly === true && given.editors) {
        throw badRequest(
          `Invalid ${where}: You cannot set editors on a warning-only protected range.`,
        );
      }
      const protectedRange: ProtectedRange = {
        ...given,
        protectedRangeId: state.nextProtectedRangeId++,
        range: { ...range, sheetId: sheet.sheetId },
        requestingUserCanEdit: true,
      };
      sheet.protectedRanges.push(protectedRange);
      return { addProtectedRange: { protectedRange } };
    }
    case "updateProtectedRange": {
      const given = (body.protectedRange ?? {}) as Json;
      const fields = fieldSet(body.fields, where);
      const found = state.sheets
        .flatMap((s) => s.protectedRanges.map((p) => ({ s, p })))
        .find(({ p }) => p.protectedRangeId === given.protectedRangeId);
      if (!found) {
        throw badRequest(
          `Invalid ${where}: No protected range with id: ${String(given.protectedRangeId)}`,
        );
      }
      for (const f of fields) {
        if (f === "protectedRangeId") continue;
        if (f === "*") Object.assign(found.p, given);
        else found.p[f] = given[f];
      }
      return {};
    }
    case "deleteProtectedRange": {
      for (const sheet of state.sheets) {
        const before = sheet.protectedRanges.length;
        sheet.protectedRanges = sheet.protectedRanges.filter(
          (p) => p.protectedRangeId !== body.protectedRangeId,
        );
        if (sheet.protectedRanges.length !== before) return {};
      }
      throw badRequest(
        `Invalid ${where}: No protected range with id: ${String(body.protectedRangeId)}`,
      );
    }
    default:
      if (GOOGLE_REQUESTS.has(kind)) {
        throw badRequest(
          `Invalid requests[${i}]: the local Sheets emulator does not implement ${kind}`,
        );
      }
      throw new ApiError(
        400,
        "INVALID_ARGUMENT",
        `Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`,
        [
          {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            fieldViolations: [
              {
                field: `requests[${i}]`,
                description: `Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`,
              },
            ],
          },
        ],
      );
  }
}

/** Applies all requests or none, as Google does: works on a copy, returns it with the replies. */
export function batchUpdate(state: SpreadsheetState, requests: unknown) {
  if (!Array.isArray(requests)) throw badRequest("Invalid requests: a list is required");
  const draft = structuredClone(state);
  const replies = requests.map((r, i) => {
    if (typeof r !== "object" || r === null) throw badRequest(`Invalid requests[${i}]`);
    return applyRequest(draft, r as Json, i);
  });
  return { draft, replies };
}

export { formatRange };
