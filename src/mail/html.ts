// Draws blocks as an HTML email that Gmail and Outlook show as intended: nested
// tables for layout, inline styles only, no web fonts or scripts. The Arabic
// block carries dir="rtl" lang="ar". Every value is escaped: hono/html's `html`
// tag escapes what it interpolates (chosen over hono/jsx because .tsx would need
// a transform to run under plain Node, where scripts may render previews).
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { isolated } from "./languages.ts";
import type { Block, Inline, Para } from "./model.ts";

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
    .map((line, i) => (i === 0 ? html`<bdi>${line}</bdi>` : html`<br><bdi>${line}</bdi>`));
}

function inline(item: Inline): Html {
  if (typeof item === "string") return html`${lines(item)}`;
  if ("name" in item) {
    if (item.lang === undefined) return html`<bdi>${item.name}</bdi>`;
    // Another language's run: its lang and dir, and isolates for clients that drop both.
    const dir = item.lang === "ar" ? "rtl" : "ltr";
    return html`<bdi lang="${item.lang}" dir="${dir}">${isolated(item.name, item.lang)}</bdi>`;
  }
  return html`<a href="${item.link}" style="color:#0b5cad;text-decoration:underline;">${item.label}</a>`;
}

function para(p: Para): Html {
  return html`${p.map(inline)}`;
}

function block(b: Block): Html {
  const rtl = b.lang === "ar";
  const dir = rtl ? "rtl" : "ltr";
  const align = rtl ? "right" : "left";
  const cell = `${FONT}direction:${dir};text-align:${align};`;
  return html`<tr><td dir="${dir}" lang="${b.lang}" class="liqaa-${b.lang}" style="${cell}padding:24px 28px;color:#1f2937;font-size:15px;line-height:1.7;">
<p style="margin:0 0 4px 0;font-size:13px;color:#6b7280;"><bdi>${b.network}</bdi></p>
<h1 style="margin:0 0 16px 0;font-size:21px;line-height:1.4;color:#111827;">${b.heading}</h1>
${b.paragraphs.map((p) => html`<p style="margin:0 0 12px 0;">${para(p)}</p>`)}
${
  b.details.length > 0
    ? html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" dir="${dir}" style="border-collapse:collapse;margin:8px 0 16px 0;">
${b.details.map(
  (d) =>
    html`<tr><th scope="row" valign="top" style="${cell}padding:6px 0;width:32%;font-weight:bold;color:#374151;border-bottom:1px solid #e5e7eb;">${d.label}</th><td valign="top" style="${cell}padding:6px 0;border-bottom:1px solid #e5e7eb;">${para(d.value)}</td></tr>`,
)}
</table>`
    : ""
}
${b.notes.map(
  (n) =>
    html`<p style="margin:12px 0 4px 0;font-weight:bold;color:#374151;">${n.label}</p><p${n.lang === undefined ? "" : raw(` lang="${n.lang}" dir="${n.lang === "ar" ? "rtl" : "ltr"}"`)} style="margin:0 0 12px 0;">${lines(n.text)}</p>`,
)}
${
  b.items.length > 0
    ? html`<ul style="margin:0 0 16px 0;padding-${align}:20px;">${b.items.map((i) => html`<li style="margin:0 0 8px 0;">${para(i)}</li>`)}</ul>`
    : ""
}
${b.buttonsPrompt === null ? "" : html`<p style="margin:8px 0 4px 0;font-weight:bold;">${b.buttonsPrompt}</p>`}
${
  b.buttons.length > 0
    ? html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" dir="${dir}" style="margin:8px 0 16px 0;"><tr>${b.buttons.map(
        (btn) =>
          html`<td style="padding-${rtl ? "left" : "right"}:8px;padding-bottom:8px;"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="${btn.color}" style="background:${btn.color};border-radius:4px;"><a href="${btn.href}" style="${FONT}display:inline-block;padding:10px 18px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;">${btn.label}</a></td></tr></table></td>`,
      )}</tr></table>`
    : ""
}
${b.footer.map((p) => html`<p style="margin:12px 0 0 0;font-size:12px;color:#6b7280;">${para(p)}</p>`)}
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
