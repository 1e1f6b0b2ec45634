// Draws blocks as the text/plain part: it has to read well on its own, in
// clients that show no HTML and in notification previews. A plain-text reader
// takes each line's direction from its first letter, so a cell value of the
// other direction (or with no letter at all) is isolated with FSI … PDI: "الضيف:
// Jane Smith, Resilience Advisor." would otherwise carry the full stop to the
// wrong end. Values of the block's own direction stay bare, searchable as typed.
import type { Lang } from "../sheet/types.ts";
import { isolated } from "./languages.ts";
import { type Block, differsFrom, type Inline, isolate, type Para } from "./model.ts";

function value(text: string, lang: Lang): string {
  return text.trim() !== "" && differsFrom(text, lang) ? isolate(text) : text;
}

function inline(item: Inline, lang: Lang): string {
  if (typeof item === "string") return item;
  if ("name" in item)
    return item.lang === undefined ? value(item.name, lang) : isolated(item.name, item.lang);
  // Addresses stay bare: a linkifier that runs to the next space would take the
  // closing isolate into the link. Each ends its line, where nothing follows to reorder.
  return item.label === item.link ? item.link : `${item.label}: ${item.link}`;
}

function para(p: Para, lang: Lang): string {
  return p.map((item) => inline(item, lang)).join("");
}

function block(b: Block): string {
  const { lang } = b;
  const out: string[] = [
    value(b.network, lang),
    "",
    b.heading,
    "=".repeat(Math.min(40, b.heading.length)),
    "",
  ];
  if (b.changes !== null) {
    out.push(`${b.changes.heading}:`);
    for (const r of b.changes.rows) {
      out.push(
        `- ${r.label}`,
        `  ${b.changes.before}: ${para(r.before, lang)}`,
        `  ${b.changes.after}: ${para(r.after, lang)}`,
      );
    }
    out.push("");
  }
  for (const p of b.paragraphs) out.push(para(p, lang), "");
  for (const d of b.details) out.push(`${d.label}: ${para(d.value, lang)}`);
  if (b.details.length > 0) out.push("");
  for (const n of b.notes) {
    const line = (text: string) =>
      n.lang === undefined ? value(text, lang) : isolated(text, n.lang);
    out.push(`${n.label}:`, ...n.text.split(/\r\n|\r|\n/).map(line), "");
  }
  for (const i of b.items) out.push(`- ${para(i, lang)}`);
  if (b.items.length > 0) out.push("");
  if (b.buttonsPrompt !== null) out.push(b.buttonsPrompt);
  for (const btn of b.buttons) out.push(`${btn.label}: ${btn.href}`);
  if (b.buttons.length > 0) out.push("");
  for (const p of b.footer) out.push(para(p, lang));
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function renderText(blocks: Block[]): string {
  return `${blocks.map(block).join("\n\n----------------------------------------\n\n")}\n`;
}
