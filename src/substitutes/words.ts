// What staff read about substitutes in the Responses tab's Substitute column,
// Arabic and English: who replaces an invitee, whom a substitute replaces, and
// that staff refused one. A name or address is a cell value: it sits between
// Unicode isolates, so an English name keeps its order in an Arabic cell.
import type { Lang } from "../sheet/types.ts";

const iso = (text: string) => `\u2068${text}\u2069`;

/** "Name <email>", or the address alone; with the organisation when the sheet gives one. */
export function who(name: string | null, email: string, organization?: string | null): string {
  const person = name ? `${iso(name)} <${email}>` : `<${email}>`;
  return organization ? `${person} · ${iso(organization)}` : person;
}

export const SUBSTITUTE_WORDS: Record<
  Lang,
  {
    replacedBy: (who: string) => string;
    substituteFor: (who: string) => string;
    refused: (who: string) => string;
    refusedFor: (who: string) => string;
    calendar: string;
  }
> = {
  ar: {
    replacedBy: (w) => `ينوب عنه: ${w}`,
    substituteFor: (w) => `بديل عن: ${w}`,
    refused: (w) => `رُفض البديل: ${w}`,
    refusedFor: (w) => `رُفض بديلًا عن: ${w}`,
    calendar: " (من التقويم)",
  },
  en: {
    replacedBy: (w) => `substitute: ${w}`,
    substituteFor: (w) => `substitute for: ${w}`,
    refused: (w) => `substitute refused: ${w}`,
    refusedFor: (w) => `refused as substitute for: ${w}`,
    calendar: " (calendar)",
  },
};
