// The staff's problem digest in words: its subject and one block per language,
// in its own words (digest-words.ts) and the meeting emails' footer (templates.ts).
import type { Lang, Problem, Settings } from "../sheet/types.ts";
import { DIGEST_WORDS } from "./digest-words.ts";
import type { Block, Para } from "./model.ts";
import { networkName, safeUrl, WORDS } from "./templates.ts";

export function digestSubject(
  count: number,
  langs: Lang[],
  changes?: { added: number; fixed: number },
): string {
  return langs
    .map((lang) => {
      const words = DIGEST_WORDS[lang];
      const base = words.subject(count);
      return changes ? `${base}${words.changes(changes.added, changes.fixed)}` : base;
    })
    .join(" | ");
}

export function digestBlock(
  lang: Lang,
  settings: Settings,
  problems: Problem[],
  to: string,
  sheetUrl: string | null,
): Block {
  const w = WORDS[lang];
  const d = DIGEST_WORDS[lang];
  const network = networkName(settings, lang);
  const items: Para[] = problems.map((p) => {
    const comma = lang === "ar" ? "، " : ", ";
    const where: Para = [`${d.tab} `, { name: p.tab }];
    if (p.row !== null) where.push(`${comma}${d.row} ${p.row}`);
    if (p.column !== null) where.push(`${comma}${d.column} `, { name: p.column });
    const severity = p.severity === "error" ? d.error : d.warning;
    const out: Para = [`${severity} (`, ...where, "): ", p.message[lang]];
    if (p.value !== null) out.push(` — ${d.value}: `, { name: p.value });
    return out;
  });
  const url = sheetUrl === null ? null : safeUrl(sheetUrl);
  return {
    lang,
    network,
    heading: d.heading,
    changes: null,
    paragraphs: [[d.intro(problems.length)]],
    details: [],
    notes: [],
    items,
    buttons: url === null ? [] : [{ label: d.open, href: url, color: "#0b5cad" }],
    buttonsPrompt: null,
    footer: [w.sentTo(network, to)],
  };
}
