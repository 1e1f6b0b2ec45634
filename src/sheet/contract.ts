// The sheet contract in code: tab names, column headers (English and Arabic),
// dropdown choices and Settings keys, as the README's sheet contract gives them.
// The parser matches a sheet against these; the spreadsheet setup tool and the
// demo sheet are built from them, so a header is spelled in one place only.
// The columns of each tab are in contract-*.ts and the choices in choices.ts;
// this module is where every reader finds them.
import type { Bilingual } from "./types.ts";

export * from "./choices.ts";
export * from "./contract-liqaa-tabs.ts";
export * from "./contract-meetings.ts";
export * from "./contract-people.ts";
export * from "./contract-schedule.ts";

export type TabKey = "meetings" | "contacts" | "settings" | "responses" | "syncLog";

/** Each tab's title in both languages; a sheet may use either. */
export const TABS = {
  meetings: { en: "Meetings", ar: "الاجتماعات" },
  contacts: { en: "Contacts", ar: "جهات الاتصال" },
  settings: { en: "Settings", ar: "الإعدادات" },
  responses: { en: "Responses", ar: "الردود" },
  syncLog: { en: "Sync log", ar: "سجل المزامنة" },
} as const satisfies Record<TabKey, Bilingual>;

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD]/g;
const TATWEEL_AND_DIACRITICS = /[\u0640\u064B-\u065F\u0670]/g;

/**
 * The form a header, tab title, setting name or dropdown word is compared in:
 * staff type the same word with or without tatweel, diacritics, hamza on the
 * alef, stray direction marks and spaces, and in any case.
 */
export function normalizeHeader(text: string): string {
  const known = normalized.get(text);
  if (known !== undefined) return known;
  const out = normalizeAnew(text);
  // Headers, titles and dropdown words are few and come again every sync; a sheet
  // of many other words only empties the memo now and then.
  if (normalized.size >= NORMALIZED_KEPT) normalized.clear();
  normalized.set(text, out);
  return out;
}

/**
 * normalizeHeader's answers, by text (module-scope data: a pure function's
 * results, so never stale): the header row and the contract's names are
 * normalized again on every sync, and the regular expressions are most of a
 * small sync's reading of a header.
 */
const normalized = new Map<string, string>();
const NORMALIZED_KEPT = 2_000;

function normalizeAnew(text: string): string {
  return text
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(TATWEEL_AND_DIACRITICS, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}
