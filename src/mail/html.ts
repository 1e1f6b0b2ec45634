// Draws blocks as an HTML email that Gmail and Outlook show as intended: nested
// tables for layout, inline styles only, no web fonts or scripts. Direction is
// set where those clients keep it: `dir` and `lang` on every block element (the
// language's cell, each paragraph, heading, table cell and list item), and
// Unicode isolates (model.ts) around each value from a cell. Not <bdi>, which
// Gmail, Outlook and Yahoo turn into a plain <span>, and not `dir` or `style`
// on inline elements, which some of them strip: test/node/mail/bidi.test.ts
// renders every kind of email as they would leave it. Every value is escaped:
// hono/html's `html` tag escapes what it interpolates (chosen over hono/jsx
// because .tsx would need a transform to run under plain Node, where scripts
// may render previews).
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Lang } from "../sheet/types.ts";
import { isolated } from "./languages.ts";
import { type Block, type ChangeRow, type Inline, isolate, type Para } from "./model.ts";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const FONT = "font-family:Tahoma,Arial,'Segoe UI',sans-serif;";

/**
 * Text from a cell, one isolate per line: an agenda line like "1. Early recovery
 * priorities" inside the Arabic block otherwise takes the block's right-to-left
 * direction and shows as "Early recovery priorities .1".
 */
function lines(text: string): Html[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line, i) => (i === 0 ? html`${isolate(line)}` : html`<br>${isolate(line)}`));
}

function inline(item: Inline): Html {
  // The template's own words are in the block's language: isolating them would
  // cut their punctuation off the sentence ("التاريخ :)" in the digest).
  if (typeof item === "string") return html`${item}`;
  if ("name" in item) {
    if (item.lang === undefined) return html`${isolate(item.name)}`;
    // Another language's run: isolated in its direction (characters survive
    // clients that drop dir on a span), its lang kept for fonts and screen readers.
    return html`<span lang="${item.lang}">${isolated(item.name, item.lang)}</span>`;
  }
  // A link that shows its address is a value of unknown direction; a worded one is the template's.
  const label = item.label === item.link ? isolate(item.label) : item.label;
  return html`<a href="${item.link}" style="color:#0b5cad;text-decoration:underline;">${label}</a>`;
}

function para(p: Para): Html {
  return html`${p.map(inline)}`;
}

/** The attributes every block element carries, so a client that drops the outer cell's still has them. */
function marks(lang: Lang) {
  return raw(`dir="${lang === "ar" ? "rtl" : "ltr"}" lang="${lang}"`);
}

/** An update's changes: one row per changed field, what it was beside what it is. */
function changes(b: Block, cell: string): Html {
  if (b.changes === null) return html``;
  const c = b.changes;
  const m = marks(b.lang);
  const head = `${cell}padding:6px 8px;font-size:13px;color:#6b7280;font-weight:bold;border-bottom:1px solid #fcd34d;`;
  const row = (r: ChangeRow) =>
    html`<tr><th ${m} scope="row" valign="top" style="${cell}padding:6px 8px;width:24%;font-weight:bold;color:#374151;">${r.label}</th><td ${m} valign="top" style="${cell}padding:6px 8px;color:#6b7280;text-decoration:line-through;">${para(r.before)}</td><td ${m} valign="top" style="${cell}padding:6px 8px;color:#111827;font-weight:bold;">${para(r.after)}</td></tr>`;
  return html`<p ${m} style="margin:0 0 6px 0;font-weight:bold;color:#92400e;">${c.heading}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ${m} style="border-collapse:collapse;margin:0 0 18px 0;background:#fffbeb;border:1px solid #fcd34d;">
<tr><td ${m} style="${head}">&nbsp;</td><td ${m} style="${head}">${c.before}</td><td ${m} style="${head}">${c.after}</td></tr>
${c.rows.map(row)}
</table>`;
}

function block(b: Block): Html {
  const rtl = b.lang === "ar";
  const dir = rtl ? "rtl" : "ltr";
  const align = rtl ? "right" : "left";
  const cell = `${FONT}direction:${dir};text-align:${align};`;
  const m = marks(b.lang);
  return html`<tr><td ${m} class="liqaa-${b.lang}" style="${cell}padding:24px 28px;color:#1f2937;font-size:15px;line-height:1.7;">
<p ${m} style="margin:0 0 4px 0;font-size:13px;color:#6b7280;">${isolate(b.network)}</p>
<h1 ${m} style="margin:0 0 16px 0;font-size:21px;line-height:1.4;color:#111827;">${b.heading}</h1>
${changes(b, cell)}
${b.paragraphs.map((p) => html`<p ${m} style="margin:0 0 12px 0;">${para(p)}</p>`)}
${
  b.details.length > 0
    ? html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ${m} style="border-collapse:collapse;margin:8px 0 16px 0;">
${b.details.map(
  (d) =>
    html`<tr><th ${m} scope="row" valign="top" style="${cell}padding:6px 0;width:32%;font-weight:bold;color:#374151;border-bottom:1px solid #e5e7eb;">${d.label}</th><td ${m} valign="top" style="${cell}padding:6px 0;border-bottom:1px solid #e5e7eb;">${para(d.value)}</td></tr>`,
)}
</table>`
    : ""
}
${b.notes.map(
  (n) =>
    html`<p ${m} style="margin:12px 0 4px 0;font-weight:bold;color:#374151;">${n.label}</p><p ${marks(n.lang ?? b.lang)} style="margin:0 0 12px 0;">${lines(n.text)}</p>`,
)}
${
  b.items.length > 0
    ? html`<ul ${m} style="margin:0 0 16px 0;padding-${align}:20px;">${b.items.map((i) => html`<li ${m} style="margin:0 0 8px 0;">${para(i)}</li>`)}</ul>`
    : ""
}
${b.buttonsPrompt === null ? "" : html`<p ${m} style="margin:8px 0 4px 0;font-weight:bold;">${b.buttonsPrompt}</p>`}
${
  b.buttons.length > 0
    ? html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" ${m} style="margin:8px 0 16px 0;"><tr>${b.buttons.map(
        (btn) =>
          html`<td ${m} style="padding-${rtl ? "left" : "right"}:8px;padding-bottom:8px;"><table role="presentation" cellpadding="0" cellspacing="0" border="0" ${m}><tr><td ${m} bgcolor="${btn.color}" style="background:${btn.color};border-radius:4px;"><a href="${btn.href}" style="${FONT}display:inline-block;padding:10px 18px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;">${btn.label}</a></td></tr></table></td>`,
      )}</tr></table>`
    : ""
}
${b.footer.map((p) => html`<p ${m} style="margin:12px 0 0 0;font-size:12px;color:#6b7280;">${para(p)}</p>`)}
</td></tr>`;
}

function text(h: Html): string {
  if (h instanceof Promise) throw new Error("email templates must render synchronously");
  return h.toString();
}

/** The whole HTML document; blocks in the order given, separated by a rule. */
export function renderHtml(title: string, blocks: Block[]): string {
  const first = blocks[0]?.lang ?? "ar";
  const separator = html`<tr><td style="border-top:1px solid #e5e7eb;font-size:0;line-height:0;">&nbsp;</td></tr>`;
  const body = blocks.map((b, i) => (i === 0 ? block(b) : html`${separator}${block(b)}`));
  return text(html`${raw("<!DOCTYPE html>")}
<html lang="${first}" dir="${first === "ar" ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e5e7eb;">
${body}
</table>
</td></tr>
</table>
</body>
</html>
`);
}
