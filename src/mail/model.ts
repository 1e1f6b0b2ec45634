// What an email says, apart from how it is drawn: each language's block as
// headings, paragraphs, detail rows, buttons and a footer. The HTML and the
// plain-text renderers both read this, so the two parts always say the same.
// Also the Unicode isolates both renderers wrap cell values in: characters, not
// markup, because Gmail, Outlook and Yahoo drop <bdi> and unknown attributes.
import type { Lang } from "../sheet/types.ts";

/**
 * A run of text. `name` marks a value from a cell (a person, an organisation, a
 * place, a date a staff member typed): it is isolated (FSI … PDI) so a Latin
 * name inside Arabic keeps its own order and does not reorder the sentence
 * around it. `lang` is set on a value in the block's other language (an Arabic
 * place in the English block): it is isolated in that language's direction
 * (RLI or LRI … PDI) and marked with its lang. Plain strings are the template's
 * own words, in the block's language.
 */
export type Inline = string | { name: string; lang?: Lang } | { link: string; label: string };
export type Para = Inline[];

export interface Button {
  label: string;
  href: string;
  color: string;
}

/** One changed field of an update: what the invitee had, and what it is now. */
export interface ChangeRow {
  label: string;
  before: Para;
  after: Para;
}

export interface Block {
  lang: Lang;
  /** The network's name, shown above the heading. */
  network: string;
  heading: string;
  /** An update's changes, shown first; null when there are none to show. */
  changes: { heading: string; before: string; after: string; rows: ChangeRow[] } | null;
  paragraphs: Para[];
  details: { label: string; value: Para }[];
  /** Longer text from a cell (agenda, summary), kept with its line breaks. */
  notes: { label: string; text: string; lang?: Lang }[];
  /** A list of items (the problem digest). */
  items: Para[];
  buttons: Button[];
  /** A line above the buttons, e.g. the RSVP question. */
  buttonsPrompt: string | null;
  footer: Para[];
}

/** FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (UAX #9): the run takes the direction of its first letter. */
export const FSI = "\u2068";
export const PDI = "\u2069";

export const isolate = (text: string): string => `${FSI}${text}${PDI}`;

const RTL_LETTER =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;

/**
 * Whether a cell value needs isolating in plain text, where every character
 * shown is one a reader may copy or search: when it has a letter of the other
 * direction than its block's, or no letter at all (a date, a number, an
 * address of digits), whose neutral ends would otherwise join the sentence.
 */
export function differsFrom(text: string, lang: Lang): boolean {
  let letters = false;
  for (const char of text) {
    if (!LETTER.test(char)) continue;
    letters = true;
    if (RTL_LETTER.test(char) !== (lang === "ar")) return true;
  }
  return !letters;
}
