// A Contacts row's Language and Active cells: the general readers, and the
// answers to the words nearly every row holds, read once by them.
import { LANGUAGE_CHOICES } from "./contract.ts";
import { nameKey, parseChoice, parseYesNo } from "./fields.ts";
import { commonCells } from "./plain-cells.ts";
import { fieldText } from "./text.ts";
import type { Cell, Lang } from "./types.ts";

const LANGUAGE_SYNONYMS = {
  عربي: "ar",
  عربيه: "ar",
  انجليزي: "en",
  انكليزي: "en",
  انجليزيه: "en",
  انكليزيه: "en",
  ara: "ar",
  eng: "en",
} as const;

const ACTIVE_SYNONYMS: Record<string, boolean> = {
  active: true,
  inactive: false,
  فعال: true,
  "غير فعال": false,
};

/** A Language cell: blank is Arabic; null for a word that names no language. */
function readLanguage(cell: Cell): Lang | null {
  if (fieldText(cell) === "") return "ar";
  return parseChoice(cell, LANGUAGE_CHOICES, LANGUAGE_SYNONYMS);
}

/** An Active cell: blank is active; null for a word that is neither. */
function readActive(cell: Cell): boolean | null {
  if (fieldText(cell) === "") return true;
  return parseYesNo(cell) ?? ACTIVE_SYNONYMS[nameKey(fieldText(cell))] ?? null;
}

// The words nearly every row holds, read once by the general readers above
// (so their answers are the general answers by construction); any other cell
// is read by them each time.
export const languageOf = commonCells(readLanguage, [
  "",
  "ar",
  "en",
  "Arabic",
  "English",
  "عربي",
  "العربية",
]);
export const activeOf = commonCells(readActive, [
  "",
  "نعم",
  "لا",
  "yes",
  "no",
  "TRUE",
  "FALSE",
  "Yes",
  "No",
]);
