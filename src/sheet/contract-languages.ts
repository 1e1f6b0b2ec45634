// Which language a column's text is read in. Location, Counterpart and Agenda
// are the Arabic columns, each with an optional English one beside it, as the
// titles are (contract-meetings.ts): a reader gets their own language's column,
// else the other one, marked with the language it is written in, so Arabic
// inside an English section is drawn right to left rather than taking the
// section's direction (its final punctuation would land on the wrong side).
// The emails (src/mail/languages.ts), the pages and the feed all choose here.
import type { Lang } from "./types.ts";

/** A cell's text and the language it is written in. */
export interface TextIn {
  text: string;
  lang: Lang;
}

const ARABIC_LETTER = /\p{Script=Arabic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * The language of a text from `column`'s column: that column's language, unless
 * the text holds no letter of its script (a place typed "Gaziantep" in the
 * Arabic Location column is not Arabic, and marking it right to left would move
 * its punctuation).
 */
export function languageOf(text: string, column: Lang): Lang {
  if (column === "ar") return ARABIC_LETTER.test(text) ? "ar" : "en";
  return LATIN_LETTER.test(text) || !ARABIC_LETTER.test(text) ? "en" : "ar";
}

/**
 * What a reader of `lang` reads of a field given in both columns: their own
 * column (taken as their language whatever its script: an English agenda may
 * quote an Arabic name), else the other one with the language it is in; null
 * when both are blank.
 */
export function pickColumn(
  text: { readonly ar: string | null; readonly en: string | null },
  lang: Lang,
): TextIn | null {
  const mine = text[lang];
  if (mine) return { text: mine, lang };
  const other: Lang = lang === "ar" ? "en" : "ar";
  const theirs = text[other];
  return theirs ? { text: theirs, lang: languageOf(theirs, other) } : null;
}

/** The direction a language is written in. */
export function dirOf(lang: Lang): "rtl" | "ltr" {
  return lang === "ar" ? "rtl" : "ltr";
}
