// Turning a cell, whatever the Sheets API or a person put in it, into text the
// field parsers can read: numbers and checkboxes as Sheets would show them,
// Arabic-Indic and Persian digits as ASCII, direction marks and stray spaces gone.
import type { Cell } from "./types.ts";

/** Zero-width and direction-control characters that pasted text carries and nobody sees, at either end. */
const EDGE_CHAR = /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]$/;
const EDGE_INVISIBLE =
  /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]+|[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]+$/g;

// Most cells are plain: printable ASCII and Arabic letters without marks. NFC and
// NFKC leave such text as it is (nothing in it decomposes or combines), and none
// of the marks or characters folded below occur in it, so it skips those passes.
/** Plain for a structured field: printable ASCII, Arabic letters (U+0621–U+064A). */
const PLAIN_FIELD = /^[\x20-\x7E\u0621-\u064A]*$/;
/** Plain for free text: the same, plus tabs, new lines, Arabic comma, semicolon, question mark and digits. */
const PLAIN_TEXT = /^[\t\n\x20-\x7E\u060C\u061B\u061F\u0621-\u064A\u0660-\u0669]*$/;

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
  const text = cellText(cell);
  // Plain text is already NFC, has no CR and no invisible marks: only edge spaces go.
  if (PLAIN_TEXT.test(text)) return text.trim();
  let clean = text.normalize("NFC");
  if (clean.includes("\r")) clean = clean.replace(/\r\n?/g, "\n");
  // Long text (an agenda, a summary) rarely has anything to strip at its ends.
  if (EDGE_CHAR.test(clean.charAt(0)) || EDGE_CHAR.test(clean.charAt(clean.length - 1)))
    clean = clean.replace(EDGE_INVISIBLE, "");
  return clean;
}

/** Free text, or null when the cell holds nothing visible. */
export function textOrNull(cell: Cell | unknown): string | null {
  const text = cleanText(cell);
  return text === "" ? null : text;
}

/** What fieldText folds to ASCII: Arabic-Indic and Persian digits, their punctuation, dash and slash look-alikes. */
const FOLDED: Readonly<Record<string, string>> = {
  "\u066B": ".",
  "\u066C": ",",
  "\u060C": ",",
  "\u061B": ";",
  "\u2212": "-",
  "\u2215": "/",
  "\u2044": "/",
};
/** The invisible marks above (dropped) and every character FOLDED or fold() turns into ASCII. */
const FOLD =
  /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C\u0660-\u0669\u06F0-\u06F9\u066B\u066C\u060C\u061B\u2010-\u2015\u2212\u2215\u2044]/g;

function fold(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  if (code >= 0x2010 && code <= 0x2015) return "-";
  // Everything else in FOLD is either folded by the table or invisible, and dropped.
  return FOLDED[char] ?? "";
}

/**
 * Text for a structured field (date, time, number, address): invisible marks
 * removed everywhere, Arabic-Indic and Persian digits and punctuation as ASCII,
 * dash and slash look-alikes folded, spaces folded. One pass for all the
 * folding, because every cell of every row comes through here.
 */
export function fieldText(cell: Cell | unknown): string {
  const text = cellText(cell);
  // In plain text the only white space is U+0020, so only runs of it need folding.
  if (PLAIN_FIELD.test(text))
    return (text.includes("  ") ? text.replace(/ {2,}/g, " ") : text).trim();
  return text.normalize("NFKC").replace(FOLD, fold).replace(/\s+/g, " ").trim();
}

/** A letter or digit that no folding removes: a cell holding one is not blank. */
const VISIBLE = /[A-Za-z0-9\u0621-\u064A]/;

/** Whether a cell holds nothing a person would see. */
export function isBlank(cell: Cell | unknown): boolean {
  // Most cells that hold anything hold a letter; long agendas need not be folded to say so.
  if (typeof cell === "string" && VISIBLE.test(cell)) return false;
  return fieldText(cell) === "";
}

/**
 * text.trim().toLowerCase(), the key of an address (normalizeEmail) and of an
 * ID (idKey). The usual one is already its own key: printable ASCII without
 * capitals, which neither trim nor toLowerCase changes. Returning it as it is
 * spares a new string (and hashing it) per contact, per invited address and
 * per meeting.
 */
export function trimLower(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code > 0x7e || (code >= 0x41 && code <= 0x5a))
      return text.trim().toLowerCase();
  }
  return text;
}

/** Keeps a problem's quoted value readable when a cell holds a novel. */
export function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
