// Reading Start and End cells: 10:00, 9:30, 14.30, 2 م, 10 ص, 2 pm, and the
// fractions of a day the Sheets API returns for time cells.
import { nameKey } from "./fields.ts";
import { fieldText } from "./text.ts";
import type { Cell } from "./types.ts";

export type TimeResult = { ok: true; time: string } | { ok: false; reason: "invalid" };

const AM = new Set(["am", "a.m.", "a.m", "ص", "صباحا", "صباح", "فجرا"]);
const PM = new Set([
  "pm",
  "p.m.",
  "p.m",
  "م",
  "مساء",
  "مساءا",
  "ظهرا",
  "ظهر",
  "بعد الظهر",
  "عصرا",
  "ليلا",
]);

const TIME = /^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?(?::\d{2})?\s*(.*)$/;

function hhmm(hours: number, minutes: number): string {
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** Reads a time cell as 24-hour HH:MM. A blank cell is not a time; the caller decides. */
export function parseTime(cell: Cell): TimeResult {
  if (typeof cell === "number") {
    // A time cell is a fraction of a day; a whole number is an hour typed on its own.
    if (cell >= 0 && cell < 1) {
      const minutes = Math.round(cell * 1440);
      if (minutes >= 1440) return { ok: false, reason: "invalid" };
      return { ok: true, time: hhmm(Math.floor(minutes / 60), minutes % 60) };
    }
    if (Number.isInteger(cell) && cell >= 1 && cell <= 23) return { ok: true, time: hhmm(cell, 0) };
    return { ok: false, reason: "invalid" };
  }
  if (typeof cell !== "string") return { ok: false, reason: "invalid" };
  const match = TIME.exec(fieldText(cell));
  if (!match) return { ok: false, reason: "invalid" };
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = nameKey(match[3] ?? "");
  if (minutes > 59) return { ok: false, reason: "invalid" };
  if (suffix === "") {
    if (hours > 23) return { ok: false, reason: "invalid" };
  } else if (AM.has(suffix)) {
    if (hours > 12) return { ok: false, reason: "invalid" };
    if (hours === 12) hours = 0;
  } else if (PM.has(suffix)) {
    // "14 م" is redundant but not wrong; "2 م" is 14:00; "12 ظهرا" is noon.
    if (hours > 23) return { ok: false, reason: "invalid" };
    if (hours < 12) hours += 12;
  } else {
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, time: hhmm(hours, minutes) };
}
