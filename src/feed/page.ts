// The small public page of one meeting (/meetings/{id}): Arabic, right to left, with
// the English beside it (or English first with ?lang=en), an "add to calendar" link,
// and a bilingual 404 for ids the feed does not know. Every cell is escaped.
import type { TextIn } from "../sheet/contract-languages.ts";
import type { Lang } from "../sheet/types.ts";
import {
  escapeHtml,
  fieldIn,
  formatWhen,
  inlineIn,
  KIND_LABEL,
  meetingTitle,
  pickText,
  STATUS_LABEL,
  textToHtml,
  WORDS,
} from "./format.ts";
import { linkRows } from "./page-links.ts";
import type { FeedSnapshot, PublicMeeting } from "./snapshot.ts";

const PAGE_WORDS = {
  addToCalendar: { ar: "أضف إلى التقويم", en: "Add to calendar" },
  allMeetings: { ar: "كل الاجتماعات", en: "All meetings" },
  otherLanguage: { ar: "English", en: "العربية" },
  notFound: { ar: "لم نجد هذا الاجتماع", en: "Meeting not found" },
  notFoundText: {
    ar: "ربما أزيل من النشر أو أن الرابط غير صحيح.",
    en: "It may have been unpublished, or the link is wrong.",
  },
} as const;

/** Inline styles only: the page loads nothing else, so its CSP can forbid everything else. */
const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,"Noto Naskh Arabic","Segoe UI",Tahoma,sans-serif;line-height:1.6}
body{max-width:42rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0}
.meta{color:GrayText;margin:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
dt{font-weight:600}
dd{margin:0}
.status-cancelled h1{text-decoration:line-through}
.badge{display:inline-block;border:1px solid currentColor;border-radius:.3rem;padding:0 .4rem;font-size:.85rem}
.other{border-top:1px solid GrayText;margin-top:2rem;padding-top:1rem}
a.button{display:inline-block;padding:.4rem .8rem;border:1px solid currentColor;border-radius:.4rem;text-decoration:none}
nav{display:flex;gap:1rem;margin-bottom:1rem}
`;

export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *";

function dir(lang: Lang): "rtl" | "ltr" {
  return lang === "ar" ? "rtl" : "ltr";
}

function layout(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}" dir="${dir(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function details(m: PublicMeeting, lang: Lang, linked: readonly [string, string][]): string {
  const rows: [string, string][] = [[WORDS.when[lang], escapeHtml(formatWhen(m, lang))]];
  const where = fieldIn(m, "location", lang);
  if (where) rows.push([WORDS.where[lang], inlineIn(where, lang)]);
  const counterpart = fieldIn(m, "counterpart", lang);
  const who = [
    m.organization ? escapeHtml(m.organization) : null,
    counterpart ? inlineIn(counterpart, lang) : null,
  ].filter((v): v is string => !!v);
  if (who.length > 0) rows.push([WORDS.with[lang], who.join(lang === "ar" ? "، " : ", ")]);
  rows.push(...linked);
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

/** A section of longer text, in the language it is written in (an Arabic agenda on the English page is right to left). */
function section(label: string, text: TextIn | null, lang: Lang): string {
  if (!text) return "";
  const body =
    text.lang === lang
      ? textToHtml(text.text)
      : `<div lang="${text.lang}" dir="${dir(text.lang)}">${textToHtml(text.text)}</div>`;
  return `<section lang="${lang}" dir="${dir(lang)}"><h2>${escapeHtml(label)}</h2>${body}</section>`;
}

export interface PageUrls {
  base: string;
  /** The ICS of this meeting alone. */
  calendar: string;
}

export function renderMeetingPage(
  snapshot: FeedSnapshot,
  m: PublicMeeting,
  lang: Lang,
  urls: PageUrls,
): string {
  const other: Lang = lang === "ar" ? "en" : "ar";
  const title = meetingTitle(m, lang);
  const network = lang === "ar" ? snapshot.network.name_ar : snapshot.network.name_en;
  const badges = [m.kind ? KIND_LABEL[m.kind][lang] : null, STATUS_LABEL[m.status][lang]]
    .filter((b): b is string => !!b)
    .map((b) => `<span class="badge">${escapeHtml(b)}</span>`)
    .join(" ");
  const summary = pickText(m.summary, lang);
  const otherTitle = m.title[other];
  const otherSummary = m.summary[other];
  const selfUrl = `${urls.base}/meetings/${encodeURIComponent(m.id)}`;
  const switchUrl = other === "ar" ? selfUrl : `${selfUrl}?lang=en`;
  const otherBlock =
    otherTitle || (otherSummary && otherSummary !== summary?.text)
      ? `<aside class="other" lang="${other}" dir="${dir(other)}">${otherTitle ? `<h2>${escapeHtml(otherTitle)}</h2>` : ""}<p>${escapeHtml(formatWhen(m, other))}</p>${otherSummary && otherSummary !== summary?.text ? textToHtml(otherSummary) : ""}</aside>`
      : "";
  const calendarLink =
    m.start !== null
      ? `<p><a class="button" href="${escapeHtml(urls.calendar)}" download="${escapeHtml(m.id)}.ics">${PAGE_WORDS.addToCalendar[lang]}</a></p>`
      : "";
  const body = `<nav><a href="${escapeHtml(`${urls.base}/`)}">${escapeHtml(network)} · ${PAGE_WORDS.allMeetings[lang]}</a><a href="${escapeHtml(switchUrl)}" lang="${other}" hreflang="${other}">${PAGE_WORDS.otherLanguage[lang]}</a></nav>
<article class="status-${m.status}">
<p class="meta">${badges}</p>
<h1 lang="${title.lang}" dir="${dir(title.lang)}">${escapeHtml(title.text)}</h1>
${details(m, lang, linkRows(snapshot, m, lang, urls.base))}
${calendarLink}
${section(WORDS.agenda[lang], fieldIn(m, "agenda", lang), lang)}
${section(WORDS.summary[lang], summary, lang)}
${otherBlock}
</article>`;
  return layout(lang, `${title.text} · ${network}`, body);
}

export function renderNotFoundPage(lang: Lang, base: string): string {
  const other: Lang = lang === "ar" ? "en" : "ar";
  return layout(
    lang,
    PAGE_WORDS.notFound[lang],
    `<h1>${PAGE_WORDS.notFound[lang]}</h1><p>${PAGE_WORDS.notFoundText[lang]}</p>
<p lang="${other}" dir="${dir(other)}"><strong>${PAGE_WORDS.notFound[other]}</strong> — ${PAGE_WORDS.notFoundText[other]}</p>
<p><a href="${escapeHtml(`${base}/`)}">${PAGE_WORDS.allMeetings[lang]}</a></p>`,
  );
}
