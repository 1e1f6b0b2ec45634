// Which of a meeting's two columns each block of an email shows: the reader's
// language's column, else the other one marked with the language it is in
// (src/sheet/contract-languages.ts), so the English block of an invitation reads
// "Location: Gaziantep" when the sheet gives it, and otherwise shows the Arabic
// place as Arabic, right to left, not as English text.
import { pickColumn, type TextIn } from "../sheet/contract-languages.ts";
import type { Lang, Meeting } from "../sheet/types.ts";

export type { TextIn } from "../sheet/contract-languages.ts";

/** The fields a reader reads that have a column in each language (titles aside). */
export type BilingualField = "location" | "counterpart" | "agenda";

/** A meeting's field as a reader of `lang` reads it; null when neither column is given. */
export function fieldIn(meeting: Meeting, field: BilingualField, lang: Lang): TextIn | null {
  return pickColumn({ ar: meeting[field], en: meeting[`${field}_en`] ?? null }, lang);
}

/**
 * A cell's text as a run of a block in `block`'s language: a plain name run, or
 * one marked with its own language when it is in the other one (html.ts gives
 * it lang and dir and Unicode isolates, which survive clients that strip tags).
 */
export function runIn(value: TextIn, block: Lang): { name: string; lang?: Lang } {
  return value.lang === block ? { name: value.text } : { name: value.text, lang: value.lang };
}

/** Text between the Unicode isolates of its direction (RLI or LRI … PDI), for a run in the other language. */
export function isolated(text: string, lang: Lang): string {
  return `${lang === "ar" ? "\u2067" : "\u2066"}${text}\u2069`;
}
