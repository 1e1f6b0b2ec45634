// The Spreadsheet resource as spreadsheets.get renders it from the emulator's
// state: sheet properties, protected ranges and, when asked for, grid data
// (values, notes, data validation) for whole tabs or the ranges named.

import { renderCell, typeOf } from "./cells.ts";
import {
  type Bounded,
  bound,
  cellText,
  covers,
  formatOf,
  type Json,
  key,
  markerOf,
  resolveRange,
  type SheetState,
  type SpreadsheetState,
} from "./state.ts";

export function sheetProperties(sheet: SheetState): Json {
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
    out.formattedValue = String(
      renderCell(text, marker, "FORMATTED_VALUE", "SERIAL_NUMBER", formatOf(sheet, c)),
    );
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
