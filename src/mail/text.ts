// Draws blocks as the text/plain part: it has to read well on its own, in
// clients that show no HTML and in notification previews.
import { isolated } from "./languages.ts";
import type { Block, Inline, Para } from "./model.ts";

function inline(item: Inline): string {
  if (typeof item === "string") return item;
  if ("name" in item) return item.lang === undefined ? item.name : isolated(item.name, item.lang);
  return item.label === item.link ? item.link : `${item.label}: ${item.link}`;
}

function para(p: Para): string {
  return p.map(inline).join("");
}

function block(b: Block): string {
  const out: string[] = [b.network, "", b.heading, "=".repeat(Math.min(40, b.heading.length)), ""];
  for (const p of b.paragraphs) out.push(para(p), "");
  for (const d of b.details) out.push(`${d.label}: ${para(d.value)}`);
  if (b.details.length > 0) out.push("");
  for (const n of b.notes) out.push(`${n.label}:`, n.text, "");
  for (const i of b.items) out.push(`- ${para(i)}`);
  if (b.items.length > 0) out.push("");
  if (b.buttonsPrompt !== null) out.push(b.buttonsPrompt);
  for (const btn of b.buttons) out.push(`${btn.label}: ${btn.href}`);
  if (b.buttons.length > 0) out.push("");
  for (const p of b.footer) out.push(para(p));
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function renderText(blocks: Block[]): string {
  return `${blocks.map(block).join("\n\n----------------------------------------\n\n")}\n`;
}
