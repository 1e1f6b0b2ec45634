// The Sheets API v4 methods the emulator answers: which method a path and verb
// name, the query options each takes (refused with Google's messages when not
// one of Google's values), and running a method on a spreadsheet's state.
import type { DateTimeRenderOption, ValueRenderOption } from "./cells.ts";
import { batchUpdate } from "./requests.ts";
import { spreadsheetResource } from "./resources.ts";
import { ApiError, type Json, type SpreadsheetState } from "./state.ts";
import {
  appendValues,
  clearValues,
  type InputOption,
  type MajorDimension,
  type ReadOptions,
  readValues,
  type UpdateResult,
  updateValues,
} from "./values.ts";

/** Names the API method a path and verb ask for, and where the spreadsheet id and range are. */
export function route(verb: string, path: string) {
  const rest = path.slice("/v4/spreadsheets".length);
  if (rest === "" && verb === "POST")
    return { method: "spreadsheets.create", id: null, range: null };
  const m = /^\/([^/:]+)(.*)$/.exec(rest);
  if (!m) return null;
  const id = decodeURIComponent(m[1]!);
  const tail = m[2]!;
  const r = (method: string, range: string | null = null) => ({ method, id, range });
  if (tail === "" && verb === "GET") return r("spreadsheets.get");
  if (tail === ":batchUpdate" && verb === "POST") return r("spreadsheets.batchUpdate");
  if (tail === "/values:batchGet" && verb === "GET") return r("spreadsheets.values.batchGet");
  if (tail === "/values:batchUpdate" && verb === "POST")
    return r("spreadsheets.values.batchUpdate");
  if (tail === "/values:batchClear" && verb === "POST") return r("spreadsheets.values.batchClear");
  if (!tail.startsWith("/values/")) return null;
  const raw = tail.slice("/values/".length);
  if (raw.endsWith(":append") && verb === "POST") {
    return r("spreadsheets.values.append", decodeURIComponent(raw.slice(0, -":append".length)));
  }
  if (raw.endsWith(":clear") && verb === "POST") {
    return r("spreadsheets.values.clear", decodeURIComponent(raw.slice(0, -":clear".length)));
  }
  if (verb === "GET") return r("spreadsheets.values.get", decodeURIComponent(raw));
  if (verb === "PUT") return r("spreadsheets.values.update", decodeURIComponent(raw));
  return null;
}

/** Runs one API method; `next` is the new state when it wrote anything. */
export function runMethod(
  baseUrl: string,
  method: string,
  state: SpreadsheetState,
  query: URLSearchParams,
  body: Json,
  range: string | null,
): { reply: unknown; next?: SpreadsheetState } {
  const q = (name: string) => query.get(name);
  switch (method) {
    case "spreadsheets.get":
      return {
        reply: spreadsheetResource(state, {
          baseUrl,
          includeGridData: q("includeGridData") === "true",
          ranges: query.getAll("ranges"),
        }),
      };
    case "spreadsheets.values.get":
      return { reply: readValues(state, range!, readOptions(q)) };
    case "spreadsheets.values.batchGet": {
      const opts = readOptions(q);
      return {
        reply: {
          spreadsheetId: state.spreadsheetId,
          valueRanges: query.getAll("ranges").map((r) => readValues(state, r, opts)),
        },
      };
    }
    case "spreadsheets.values.update": {
      const mode = inputOption(q("valueInputOption"));
      const next = structuredClone(state);
      const result: Json & UpdateResult = { ...updateValues(next, range!, body, mode) };
      if (q("includeValuesInResponse") === "true") {
        result.updatedData = readValues(next, result.updatedRange, responseOptions(q));
      }
      return { reply: result, next };
    }
    case "spreadsheets.values.append": {
      const mode = inputOption(q("valueInputOption"));
      const next = structuredClone(state);
      return { reply: appendValues(next, range!, body, mode), next };
    }
    case "spreadsheets.values.clear": {
      const next = structuredClone(state);
      return {
        reply: { spreadsheetId: state.spreadsheetId, clearedRange: clearValues(next, range!) },
        next,
      };
    }
    case "spreadsheets.values.batchClear": {
      const next = structuredClone(state);
      const ranges = Array.isArray(body.ranges) ? (body.ranges as unknown[]).map(String) : [];
      return {
        reply: {
          spreadsheetId: state.spreadsheetId,
          clearedRanges: ranges.map((r) => clearValues(next, r)),
        },
        next,
      };
    }
    case "spreadsheets.values.batchUpdate": {
      const mode = inputOption(body.valueInputOption);
      const next = structuredClone(state);
      const data = Array.isArray(body.data) ? (body.data as Json[]) : [];
      const responses = data.map((d) => updateValues(next, String(d.range ?? ""), d, mode));
      const sheets = new Set(responses.map((r) => r.updatedRange.replace(/![^!]*$/, "")));
      return {
        reply: {
          spreadsheetId: state.spreadsheetId,
          totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
          totalUpdatedColumns: responses.reduce((n, r) => n + r.updatedColumns, 0),
          totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
          totalUpdatedSheets: sheets.size,
          responses,
        },
        next,
      };
    }
    case "spreadsheets.batchUpdate": {
      const { draft, replies } = batchUpdate(state, body.requests);
      const reply: Json = { spreadsheetId: state.spreadsheetId, replies };
      if (body.includeSpreadsheetInResponse === true) {
        reply.updatedSpreadsheet = spreadsheetResource(draft, { baseUrl });
      }
      return { reply, next: draft };
    }
    default:
      throw new ApiError(404, "NOT_FOUND", `Method not found: ${method}`);
  }
}

function oneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
  fallback: T,
  field: string,
  type: string,
): T {
  if (value === null || value === "") return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ApiError(
    400,
    "INVALID_ARGUMENT",
    `Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${value}"`,
  );
}

function readOptions(get: (name: string) => string | null): ReadOptions {
  return {
    majorDimension: oneOf<MajorDimension>(
      get("majorDimension"),
      ["ROWS", "COLUMNS"],
      "ROWS",
      "major_dimension",
      "Dimension",
    ),
    valueRenderOption: oneOf<ValueRenderOption>(
      get("valueRenderOption"),
      ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"],
      "FORMATTED_VALUE",
      "value_render_option",
      "ValueRenderOption",
    ),
    dateTimeRenderOption: oneOf<DateTimeRenderOption>(
      get("dateTimeRenderOption"),
      ["SERIAL_NUMBER", "FORMATTED_STRING"],
      "SERIAL_NUMBER",
      "date_time_render_option",
      "DateTimeRenderOption",
    ),
  };
}

function inputOption(value: unknown): InputOption {
  if (value === "RAW" || value === "USER_ENTERED") return value;
  throw new ApiError(
    400,
    "INVALID_ARGUMENT",
    value === undefined || value === null || value === ""
      ? "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
      : `Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "${String(value)}"`,
  );
}

function responseOptions(q: (name: string) => string | null): ReadOptions {
  return readOptions((name) => {
    if (name === "valueRenderOption") return q("responseValueRenderOption");
    if (name === "dateTimeRenderOption") return q("responseDateTimeRenderOption");
    return null;
  });
}
