// How the emulator turns a stored cell (always a string, as in the CSV files)
// into what the Sheets API returns for each valueRenderOption, the way Google
// does for a cell a person typed: numbers, TRUE/FALSE, dates and times are
// typed values with a serial number; everything else is text. A CSV cell is
// what the sheet shows, so a date written as an ISO or day-first date is a
// date cell, as Google stores it after staff typed it; its column's display
// format (number-format.ts), when one is set, is how FORMATTED_VALUE shows it.
import { formatSerial, type NumberFormat } from "./number-format.ts";

/** Why a cell is not read the way a person's typing would be read. */
export type Marker = "text" | "formula";

export type ValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";
export type DateTimeRenderOption = "SERIAL_NUMBER" | "FORMATTED_STRING";
export type ApiCell = string | number | boolean;

export type Typed =
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "date"; value: number }
  | { kind: "text" };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Day first, as a sheet in a Turkish or Arabic locale reads 16/05/2019. */
const DAY_FIRST = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Days since 1899-12-30, Google's (and Lotus's) day zero. */
export function serialDate(year: number, month: number, day: number): number | null {
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return null;
  if (back.getUTCDate() !== day) return null;
  return Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000);
}

function timeFraction(h: string | undefined, m: string | undefined, s: string | undefined) {
  if (h === undefined || m === undefined) return 0;
  const hours = Number(h);
  const minutes = Number(m);
  const seconds = s === undefined ? 0 : Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return (hours * 3600 + minutes * 60 + seconds) / 86_400;
}

function dateValue(y: string, mo: string, d: string, h?: string, mi?: string, s?: string) {
  const day = serialDate(Number(y), Number(mo), Number(d));
  const time = timeFraction(h, mi, s);
  if (day === null || time === null) return null;
  return day + time;
}

/**
 * What Google's parser would make of this text had a person typed it. A number
 * only where the text is how Sheets shows that number ("12", "0.5", "-3"):
 * Sheets shows a typed 007, 1.50 or +5 as 7, 1.5 and 5, so a CSV cell showing
 * them holds text (a plain-text column, or a leading apostrophe).
 */
export function typeOf(text: string): Typed {
  const t = text.trim();
  if (t === "") return { kind: "text" };
  if (NUMBER.test(t)) {
    const value = Number(t);
    return String(value) === t ? { kind: "number", value } : { kind: "text" };
  }
  const upper = t.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return { kind: "bool", value: upper === "TRUE" };
  let m = YEAR_FIRST.exec(t);
  if (m) {
    const v = dateValue(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
    if (v !== null) return { kind: "date", value: v };
  }
  m = DAY_FIRST.exec(t);
  if (m) {
    const v = dateValue(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6]);
    if (v !== null) return { kind: "date", value: v };
  }
  m = TIME.exec(t);
  if (m) {
    const v = timeFraction(m[1], m[2], m[3]);
    if (v !== null) return { kind: "date", value: v };
  }
  return { kind: "text" };
}

/**
 * One stored cell as the API returns it. `marker` applies only if it was set
 * for this very text; `format` is its column's display format, if one was set:
 * a date (or a number) in a date format shows as the format says.
 */
export function renderCell(
  text: string,
  marker: Marker | undefined,
  valueRender: ValueRenderOption,
  dateRender: DateTimeRenderOption,
  format?: NumberFormat,
): ApiCell {
  if (marker !== undefined) return text;
  const typed = typeOf(text);
  const shown = () =>
    format && (typed.kind === "date" || typed.kind === "number")
      ? formatSerial(typed.value, format)
      : text;
  if (valueRender === "FORMATTED_VALUE") return shown();
  switch (typed.kind) {
    case "text":
      return text;
    case "number":
    case "bool":
      return typed.value;
    case "date":
      return dateRender === "FORMATTED_STRING" ? shown() : typed.value;
  }
}

/** A value from a write request, as stored text plus how it must be read back. */
export interface Stored {
  text: string;
  marker: Marker | undefined;
}

/**
 * RAW keeps a string as text (so "=SUM(1)" or "2019-05-16" stay text);
 * USER_ENTERED parses it as if typed: "=..." is a formula (kept, not evaluated),
 * a leading apostrophe forces text. JSON numbers and booleans are typed either way.
 */
export function storeInput(value: unknown, mode: "RAW" | "USER_ENTERED"): Stored | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return { text: String(value), marker: undefined };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE", marker: undefined };
  const text = String(value);
  if (mode === "RAW") {
    const needsMarker = text.startsWith("=") || typeOf(text).kind !== "text";
    return { text, marker: needsMarker ? "text" : undefined };
  }
  if (text.startsWith("=") && text.length > 1) return { text, marker: "formula" };
  if (text.startsWith("'")) {
    const rest = text.slice(1);
    return { text: rest, marker: typeOf(rest).kind === "text" ? undefined : "text" };
  }
  return { text, marker: undefined };
}
