// Reading Start and End cells: 10:00, 9:30, 14.30, 2 م, 10 ص, 2 pm, 10am,
// 2:00:00 PM, and the serial numbers the Sheets API returns for time cells (a
// fraction of a day) and date-time cells (a day and a fraction), whatever
// their display format.
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
    // A whole number is an hour typed on its own; anything else is a time cell
    // (a fraction of a day) or a date-time cell (its time of day is the fraction).
    // Zero is a time cell at midnight, as before.
    if (Number.isInteger(cell) && cell !== 0) {
      return cell >= 1 && cell <= 23
        ? { ok: true, time: hhmm(cell, 0) }
        : { ok: false, reason: "invalid" };
    }
    if (!(cell >= 0) || !Number.isFinite(cell)) return { ok: false, reason: "invalid" };
    const minutes = Math.round((cell - Math.floor(cell)) * 1440);
    // 23:59:50 rounds up to the next midnight, which is no start or end time a row means.
    if (minutes >= 1440) return { ok: false, reason: "invalid" };
    return { ok: true, time: hhmm(Math.floor(minutes / 60), minutes % 60) };
  }
  if (typeof cell !== "string") return { ok: false, reason: "invalid" };
  const match = TIME.exec(fieldText(cell));
  if (!match) return { ok: false, reason: "invalid" };
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  // "10 ص." and "2 pm." end a sentence-like cell; the full stop says nothing.
  const suffix = nameKey(match[3] ?? "").replace(/(?<=[^.])\.$/, "");
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
