// Adding, renaming, moving and resizing tabs, as spreadsheets.create and the
// batchUpdate requests addSheet and updateSheetProperties do, with Google's
// checks on titles and ids.
import {
  badRequest,
  type Json,
  newSheet,
  type SheetState,
  type SpreadsheetState,
} from "./state.ts";

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

export function applySheetProperties(
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
