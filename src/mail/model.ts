// What an email says, apart from how it is drawn: each language's block as
// headings, paragraphs, detail rows, buttons and a footer. The HTML and the
// plain-text renderers both read this, so the two parts always say the same.
import type { Lang } from "../sheet/types.ts";

/**
 * A run of text. `name` marks a value from a cell (a person, an organisation, a
 * place): HTML isolates it with <bdi> so a Latin name inside Arabic keeps its
 * own order and does not reorder the sentence around it. `lang` is set on a
 * value in the block's other language (an Arabic place in the English block):
 * it is drawn with that language and direction.
 */
export type Inline = string | { name: string; lang?: Lang } | { link: string; label: string };
export type Para = Inline[];

export interface Button {
  label: string;
  href: string;
  color: string;
}

export interface Block {
  lang: Lang;
  /** The network's name, shown above the heading. */
  network: string;
  heading: string;
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
