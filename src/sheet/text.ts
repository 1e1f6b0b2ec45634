// Turning a cell, whatever the Sheets API or a person put in it, into text the
// field parsers can read: numbers and checkboxes as Sheets would show them,
// Arabic-Indic and Persian digits as ASCII, direction marks and stray spaces gone.
import type { Cell } from "./types.ts";

/** Zero-width and direction-control characters that pasted text carries and nobody sees. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]/g;
const EDGE_INVISIBLE =
  /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]+|[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]+$/g;

/** A cell as the text Sheets would show; never throws, whatever arrives (the API is a trust boundary). */
export function cellText(cell: Cell | unknown): string {
  switch (typeof cell) {
    case "string":
      return cell;
    case "number":
      return Number.isFinite(cell) ? String(cell) : "";
    case "boolean":
      return cell ? "TRUE" : "FALSE";
    default:
      return "";
  }
}

/** Free text (titles, agenda, names): NFC, one kind of line break, no invisible marks at the ends. */
export function cleanText(cell: Cell | unknown): string {
  return cellText(cell).normalize("NFC").replace(/\r\n?/g, "\n").replace(EDGE_INVISIBLE, "");
}

/** Free text, or null when the cell holds nothing visible. */
export function textOrNull(cell: Cell | unknown): string | null {
  const text = cleanText(cell);
  return text === "" ? null : text;
}

/**
 * Text for a structured field (date, time, number, address): invisible marks
 * removed everywhere, Arabic-Indic and Persian digits and punctuation as ASCII,
 * dash and slash look-alikes folded, spaces folded.
 */
export function fieldText(cell: Cell | unknown): string {
  return cellText(cell)
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066B/g, ".")
    .replace(/[\u066C\u060C]/g, ",")
    .replace(/\u061B/g, ";")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u2215\u2044]/g, "/")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether a cell holds nothing a person would see. */
export function isBlank(cell: Cell | unknown): boolean {
  return fieldText(cell) === "";
}

/** Keeps a problem's quoted value readable when a cell holds a novel. */
export function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
