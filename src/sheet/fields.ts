// Reading the smaller fields of a row: email addresses, links, time zones,
// dropdown words in either language, yes/no flags and lists.
import { type Choice, normalizeHeader } from "./contract.ts";
import { plainAddress, plainList } from "./plain-cells.ts";
import { cellText, fieldText, trimLower } from "./text.ts";
import type { Cell } from "./types.ts";

// A practical RFC 5322 address: a dot-atom local part and a domain of labels,
// where a label may be in any script (IDN) or already in punycode.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u;
const TLD = /^(?:\p{L}[\p{L}\p{M}]{1,62}|xn--[a-z0-9-]{1,59})$/u;

/**
 * An email address as Liqaa keeps it (domain lower-cased, local part as
 * written), or null. Accepts `Name <address>` and `mailto:` as people paste them.
 */
export function parseEmail(cell: Cell | string): string | null {
  return parseEmailText(fieldText(cell));
}

/** parseEmail of a cell already through fieldText, for a caller that needed that text anyway. */
export function parseEmailText(field: string): string | null {
  let text = field;
  // The usual address (ASCII, lower-case domain) passes the checks below as it is.
  if (plainAddress(text) !== null) return text;
  const angle = /<([^<>]*)>\s*$/.exec(text);
  if (angle) text = angle[1]!.trim();
  text = text.replace(/^mailto:/i, "");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at > 64 || text.length > 254) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  if (!LOCAL.test(local)) return null;
  const labels = domain.split(".");
  if (labels.length < 2) return null;
  if (!labels.every((label) => LABEL.test(label))) return null;
  if (!TLD.test(labels[labels.length - 1]!)) return null;
  return `${local}@${domain}`;
}

/**
 * An address as it is compared, stored in D1 and signed into links: the same
 * mailbox whatever its case or the spaces around it. The one rule for the whole
 * project, so the sheet, the plan, D1 and the links never disagree on who is who.
 */
export function normalizeEmail(email: string): string {
  return trimLower(email);
}

/** An http(s) link with a real host, as text; null for anything else (javascript:, a bare word). */
export function parseUrl(cell: Cell): string | null {
  const text = fieldText(cell);
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username !== "" || url.password !== "") return null;
  if (!url.hostname.includes(".") && url.hostname !== "localhost") return null;
  return url.href;
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

// Asking Intl means building a DateTimeFormat, which costs far more than reading
// a row; a sheet names few zones, so the answers are kept (pure data, no I/O,
// safe across requests). Capped so a long-lived isolate fed odd cells stays small.
const zoneAnswers = new Map<string, string | null>();
const MAX_ZONE_ANSWERS = 1000;

/** The canonical IANA name of a time zone, or null when the runtime knows no such zone. */
export function parseTimeZone(cell: Cell | string): string | null {
  const text = fieldText(cell);
  if (!ZONE_NAME.test(text)) return null;
  const known = zoneAnswers.get(text);
  if (known !== undefined) return known;
  let zone: string | null;
  try {
    // Throws RangeError for a zone it does not know; that is the check.
    zone = new Intl.DateTimeFormat("en", { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    zone = null;
  }
  if (zoneAnswers.size >= MAX_ZONE_ANSWERS) zoneAnswers.clear();
  zoneAnswers.set(text, zone);
  return zone;
}

/** For "Istanbul" or "damascus": the full zone name staff probably meant, to put in the message. */
export function suggestTimeZone(text: string): string | null {
  const city = fieldText(text).replace(/\s+/g, "_");
  if (city === "" || city.includes("/")) return null;
  for (const area of ["Europe", "Asia", "Africa", "America", "Australia", "Pacific", "Atlantic"]) {
    const zone = parseTimeZone(`${area}/${city}`);
    if (zone) return zone;
  }
  return null;
}

const NO_SYNONYMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Each (choices, synonyms) pair as one lookup table from wordKey to value, built
 * on first use: the lists are module constants, and normalising every spelling
 * again for every cell was most of the cost of reading a dropdown column. A
 * spelling keeps the first value it was given, so choices win over synonyms and
 * an earlier choice over a later one.
 */
const choiceTables = new WeakMap<object, WeakMap<object, Map<string, string>>>();

function choiceTable(
  choices: readonly Choice[],
  synonyms: Readonly<Record<string, string>>,
): Map<string, string> {
  let bySynonyms = choiceTables.get(choices);
  if (!bySynonyms) {
    bySynonyms = new WeakMap();
    choiceTables.set(choices, bySynonyms);
  }
  let table = bySynonyms.get(synonyms);
  if (!table) {
    table = new Map();
    const put = (spelling: string, value: string) => {
      const key = wordKey(spelling);
      if (!table!.has(key)) table!.set(key, value);
    };
    for (const choice of choices) {
      put(choice.value, choice.value);
      put(choice.en, choice.value);
      put(choice.ar, choice.value);
    }
    for (const [spelling, value] of Object.entries(synonyms)) put(spelling, value);
    bySynonyms.set(synonyms, table);
  }
  return table;
}

/** The choice a dropdown word stands for, in English or Arabic, or through one of its extra spellings. */
export function parseChoice<C extends Choice>(
  cell: Cell,
  choices: readonly C[],
  synonyms: Readonly<Record<string, C["value"]>> = NO_SYNONYMS,
): C["value"] | null {
  const word = wordKey(cell);
  if (word === "") return null;
  // The table only holds values from `choices` and `synonyms`, so this is a C["value"].
  return (choiceTable(choices, synonyms).get(word) as C["value"] | undefined) ?? null;
}

/**
 * A pure function of short text, remembered: the words a sheet repeats on every
 * row (dropdowns, group names, "م"/"ص") are normalised once, not once a row.
 * Long text is not kept, and the memory is dropped when full, so it stays small
 * in a long-lived isolate (it holds no I/O, so it is safe across requests).
 */
function remembered(fn: (text: string) => string, max = 5000): (text: string) => string {
  const memory = new Map<string, string>();
  return (text) => {
    if (text.length > 64) return fn(text);
    let value = memory.get(text);
    if (value === undefined) {
      value = fn(text);
      if (memory.size >= max) memory.clear();
      memory.set(text, value);
    }
    return value;
  };
}

const PLAIN_NAME = /^[\x20-\x7E\u0621-\u064A]*$/;
const NAME_FOLD = /[\u0640\u0622\u0623\u0625\u0649]/g;
const foldName = (char: string) => (char === "\u0640" ? "" : char === "\u0649" ? "ي" : "ا");

/**
 * normalizeHeader, with a shortcut for the usual name: printable ASCII and Arabic
 * letters without marks are already NFC and hold no invisible mark, so only
 * tatweel, the hamza'd alefs and alef maqsura need folding (test/worker/sheet/
 * text.test.ts pins it to normalizeHeader).
 */
export function headerKey(text: string): string {
  if (!PLAIN_NAME.test(text)) return normalizeHeader(text);
  const folded = text.replace(NAME_FOLD, foldName);
  // The only white space plain text can hold is U+0020.
  return (folded.includes("  ") ? folded.replace(/ {2,}/g, " ") : folded).trim().toLowerCase();
}

/** headerKey, remembered, for the short names and words a sheet repeats row after row. */
export const nameKey = remembered(headerKey);

const wordKeyOfText = remembered((text) =>
  headerKey(fieldText(text))
    .replace(/ة/g, "ه")
    .replace(/[.!]+$/, ""),
);

/** Dropdown words compared loosely: taa marbuta and haa, with or without a trailing full stop. */
function wordKey(cell: Cell | string): string {
  return wordKeyOfText(typeof cell === "string" ? cell : cellText(cell));
}

const YES = ["yes", "y", "true", "1", "x", "✓", "✔", "نعم", "اجل", "صح"];
const NO = ["no", "n", "false", "0", "لا", "خطا"];

/** A yes/no cell: words in both languages, and the TRUE/FALSE a checkbox gives. */
export function parseYesNo(cell: Cell): boolean | null {
  if (typeof cell === "boolean") return cell;
  const word = wordKey(cell);
  if (YES.includes(word)) return true;
  if (NO.includes(word)) return false;
  return null;
}

/** Splits a list cell on , ، ; ؛ and new lines; drops empty items. */
export function splitList(cell: Cell): string[] {
  // Nearly every list cell is plain: one pass (plain-cells.ts) reads it the same.
  return plainList(cell) ?? splitListText(cell);
}

/** splitList the general way, for any cell (test/worker/sheet/plain-cells.test.ts compares the two). */
export function splitListText(cell: Cell): string[] {
  const lines =
    typeof cell === "string" && (cell.includes("\n") || cell.includes("\r"))
      ? cell.replace(/[\r\n]+/g, ",")
      : cell;
  const text = fieldText(lines);
  // One item is the usual cell, and fieldText has already trimmed it.
  if (!text.includes(",") && !text.includes(";")) return text === "" ? [] : [text];
  return text
    .split(/[,;]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
