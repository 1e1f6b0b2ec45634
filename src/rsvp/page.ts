// The pages an invitee sees after clicking a link in an email (RSVP,
// unsubscribe): one shell for both, drawn like the emails (src/mail/html.ts's
// grey ground, white card, Tahoma/Arial type, the RSVP buttons' colours) and
// laid out for a 390-px phone as well as a desktop. Each language is its own
// block carrying lang and dir; a cell value sits between Unicode isolates
// (FSI…PDI), and a value whose script is not its block's gets lang/dir of its
// own, so direction never depends on <bdi>. hono/html escapes every value.
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Lang } from "../sheet/types.ts";

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/** How a notice or a button looks: the emails' accept/maybe/decline colours, a neutral blue, and a warning red. */
export type Tone = "accept" | "tentative" | "decline" | "primary" | "stop" | "info";

export interface Detail {
  label: string;
  /** Text from a cell: each line isolated, the script decides its own direction. */
  value: string;
}

export interface PageSection {
  lang: Lang;
  /** The network's name, above the heading as in the emails. */
  network?: string;
  /** The heading; a meeting title is a cell value, so it is isolated like one. */
  heading: string;
  /** A boxed line: the answer already given, the confirmation, or why nothing can be answered. */
  notice?: { tone: Tone; text: string };
  /** Paragraphs. */
  text: string | string[];
  details?: Detail[];
  /** Buttons that each POST to their `action`; absent on result and error pages. */
  forms?: { action: string; button: string; tone: Tone }[];
  /** A form with fields of its own under a subheading (the substitute form), after the buttons. */
  fieldset?: FieldForm;
  /** Options under a subheading, grouped (a series' free slots by day), before the substitute form. */
  choice?: ChoiceForm;
  /** Small print under the card's content. */
  footer?: string;
}

/** A text field; an address is always left to right, whatever the block's direction. */
export interface Field {
  name: string;
  label: string;
  type: "text" | "email";
  autocomplete: string;
  maxlength: number;
}

export interface FieldForm {
  heading: string;
  text: string;
  action: string;
  button: string;
  fields: Field[];
}

/**
 * One form whose every button submits its own value under `name`: a choice
 * is one press, with no radio to set first, and each option is a touch target.
 */
export interface ChoiceForm {
  heading: string;
  text: string[];
  /** Null: the text alone, no form (nothing may be chosen). */
  action: string | null;
  name: string;
  /** Sent with every button: what the page knew when it was drawn. */
  hidden?: { name: string; value: string }[];
  groups: { label: string; options: { value: string; label: string }[] }[];
}

export const dirOf = (lang: Lang) => (lang === "ar" ? "rtl" : "ltr");

/** The language of a text's first strong letter: Arabic script is "ar", any other letter "en". */
export function scriptOf(text: string): Lang | null {
  const strong = /\p{L}/u.exec(text);
  if (strong === null) return null;
  return /\p{Script=Arabic}/u.test(strong[0]) ? "ar" : "en";
}

const FSI = "\u2068";
const PDI = "\u2069";

/** A cell's lines, each between FSI and PDI: "1. Early recovery" keeps its order inside an Arabic block. */
function isolated(text: string): Markup[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line, i) => (i === 0 ? html`${FSI}${line}${PDI}` : html`<br>${FSI}${line}${PDI}`));
}

/** lang/dir attributes for a value written in another script than its block's, else nothing. */
function ownDirection(text: string, block: Lang): Markup | string {
  const own = scriptOf(text);
  return own === null || own === block ? "" : html` lang="${own}" dir="${dirOf(own)}"`;
}

function details(part: PageSection): Markup | string {
  if (part.details === undefined || part.details.length === 0) return "";
  const rows = part.details.map(
    (d) =>
      html`<tr><th scope="row">${d.label}</th><td${ownDirection(d.value, part.lang)}>${isolated(d.value)}</td></tr>`,
  );
  return html`<table class="details">${rows}</table>`;
}

function forms(part: PageSection): Markup | string {
  if (part.forms === undefined || part.forms.length === 0) return "";
  return html`<div class="actions">${part.forms.map(
    (f) =>
      html`<form method="post" action="${f.action}"><button type="submit" class="${f.tone}">${f.button}</button></form>`,
  )}</div>`;
}

/** Each field's label above it, the whole width of the card; the id is the block's language and the field's name. */
function fieldset(part: PageSection): Markup | string {
  const f = part.fieldset;
  if (f === undefined) return "";
  const inputs = f.fields.map((field) => {
    const id = `${part.lang}-${field.name}`;
    const ltr = field.type === "email" ? html` dir="ltr"` : "";
    return html`<label for="${id}">${field.label}</label><input id="${id}" name="${field.name}" type="${field.type}" autocomplete="${field.autocomplete}" maxlength="${field.maxlength}" required${ltr}>`;
  });
  return html`<form class="fields" method="post" action="${f.action}"><h2>${f.heading}</h2><p>${f.text}</p>${inputs}<button type="submit" class="primary">${f.button}</button></form>`;
}

/** The choice form: each group a fieldset with its legend, its options a grid of buttons. */
function choice(part: PageSection): Markup | string {
  const f = part.choice;
  if (f === undefined) return "";
  if (f.action === null) {
    return html`<div class="choice"><h2>${f.heading}</h2>${f.text.map((p) => html`<p>${p}</p>`)}</div>`;
  }
  const groups = f.groups.map(
    (g) =>
      html`<fieldset><legend>${g.label}</legend><div class="options">${g.options.map(
        (o) =>
          html`<button type="submit" class="option" name="${f.name}" value="${o.value}">${o.label}</button>`,
      )}</div></fieldset>`,
  );
  const hidden = (f.hidden ?? []).map(
    (h) => html`<input type="hidden" name="${h.name}" value="${h.value}">`,
  );
  return html`<form class="choice" method="post" action="${f.action}"><h2>${f.heading}</h2>${f.text.map((p) => html`<p>${p}</p>`)}${hidden}${groups}</form>`;
}

function section(part: PageSection): Markup {
  const paragraphs = typeof part.text === "string" ? [part.text] : part.text;
  const network =
    part.network === undefined
      ? ""
      : html`<p class="network"${ownDirection(part.network, part.lang)}>${FSI}${part.network}${PDI}</p>`;
  const notice =
    part.notice === undefined
      ? ""
      : html`<p class="notice ${part.notice.tone}" role="status">${part.notice.text}</p>`;
  const footer = part.footer === undefined ? "" : html`<p class="footer">${part.footer}</p>`;
  return html`<section lang="${part.lang}" dir="${dirOf(part.lang)}">
${network}<h1${ownDirection(part.heading, part.lang)}>${FSI}${part.heading}${PDI}</h1>
${notice}${paragraphs.map((p) => html`<p>${p}</p>`)}
${details(part)}${forms(part)}${choice(part)}${fieldset(part)}${footer}
</section>`;
}

// The emails' palette (src/mail/html.ts, src/mail/templates.ts): ground #f3f4f6,
// card #ffffff bordered #e5e7eb, text #1f2937, labels #374151, small print
// #6b7280; accept #15803d, maybe #b45309, decline #b91c1c, links #0b5cad.
// Logical properties (inline-start, padding-inline) follow each block's dir.
// A button is at least 48 px tall (touch targets: 44 px or more) and, on a
// phone, as wide as the card; on a desktop the buttons sit in one row.
const STYLE = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:24px 12px;background:#f3f4f6;color:#1f2937;font-family:Tahoma,Arial,"Segoe UI","Noto Naskh Arabic",sans-serif;font-size:16px;line-height:1.7}
main{max-width:600px;margin:0 auto;background:#fff;border:1px solid #e5e7eb}
section{padding:24px 28px;overflow-wrap:anywhere}
section+section{border-top:1px solid #e5e7eb}
.network{margin:0 0 4px;font-size:14px;color:#6b7280}
h1{margin:0 0 16px;font-size:22px;line-height:1.4;color:#111827}
p{margin:0 0 12px}
.notice{margin:0 0 16px;padding:12px 16px;border-inline-start:4px solid #0b5cad;background:#eff6ff;font-weight:bold}
.notice.accept{border-color:#15803d;background:#f0fdf4}
.notice.tentative{border-color:#b45309;background:#fffbeb}
.notice.decline,.notice.stop{border-color:#b91c1c;background:#fef2f2}
.details{width:100%;border-collapse:collapse;margin:8px 0 16px}
.details th,.details td{padding:8px 0;border-bottom:1px solid #e5e7eb;vertical-align:top;text-align:start}
.details th{width:32%;padding-inline-end:12px;font-weight:bold;color:#374151}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 16px}
.actions form{flex:1 1 100%;margin:0}
button{display:block;width:100%;min-height:48px;padding:12px 20px;border:0;border-radius:4px;background:#0b5cad;color:#fff;font:inherit;font-weight:bold;cursor:pointer}
button:focus-visible{outline:3px solid #111827;outline-offset:2px}
button.accept{background:#15803d}
button.tentative{background:#b45309}
button.decline{background:#b91c1c}
.footer{margin:16px 0 0;font-size:13px;color:#6b7280}
.fields{margin:16px 0 0;padding-top:16px;border-top:1px solid #e5e7eb}
h2{margin:0 0 8px;font-size:18px;line-height:1.4;color:#111827}
label{display:block;margin:12px 0 4px;font-weight:bold;color:#374151}
input{display:block;width:100%;min-height:48px;padding:10px 12px;border:1px solid #9ca3af;border-radius:4px;font:inherit;color:#1f2937;background:#fff}
input:focus-visible{outline:3px solid #111827;outline-offset:1px}
.fields button{margin-top:16px}
.choice{margin:16px 0 0;padding-top:16px;border-top:1px solid #e5e7eb}
fieldset{margin:12px 0 0;padding:0;border:0;min-width:0}
legend{padding:0;margin-bottom:6px;font-weight:bold;color:#374151}
.options{display:grid;grid-template-columns:repeat(auto-fill,minmax(132px,1fr));gap:8px}
button.option{width:100%;background:#fff;color:#0b5cad;border:2px solid #0b5cad}
@media (min-width:600px){body{padding:48px 24px}.actions form{flex:0 1 auto}button{width:auto}}
@media (max-width:420px){body{padding:12px 8px}section{padding:20px 16px}h1{font-size:20px}}`;

/**
 * The page: the first section's language is the document's, so an Arabic page is
 * rtl throughout. STYLE goes in raw: a <style> element's text is never
 * entity-decoded, so escaping would break its quoted font names; it is a constant.
 */
export function page(title: string, sections: PageSection[]): Markup {
  const first = sections[0]?.lang ?? "ar";
  return html`<!doctype html>
<html lang="${first}" dir="${dirOf(first)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
${sections.map(section)}
</main>
</body>
</html>`;
}

/** Sends a page that must not be cached, indexed or leak its token-bearing URL as a referrer. */
export function sendPage(
  c: Context,
  status: 200 | 400 | 404 | 409 | 500,
  title: string,
  sections: PageSection[],
) {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Robots-Tag", "noindex");
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  );
  return c.html(page(title, sections), status);
}
