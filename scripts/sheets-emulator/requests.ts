// spreadsheets.batchUpdate on the emulator's state: the requests Liqaa and
// setup-sheet send (tabs, cells, notes, data validation, protected ranges),
// applied all or none; a request Google knows but the emulator does not is a
// 400, never silently ignored.
import { storeInput } from "./cells.ts";
import { sheetProperties } from "./resources.ts";
import {
  ApiError,
  type Bounded,
  badRequest,
  cellText,
  covers,
  type GridRange,
  type Json,
  key,
  type ProtectedRange,
  type SheetState,
  type SpreadsheetState,
  setCell,
} from "./state.ts";
import { addSheet, applySheetProperties } from "./tabs.ts";

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
