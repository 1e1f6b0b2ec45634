// The small pages an invitee sees after clicking a link in an email (RSVP,
// unsubscribe): one layout, Arabic right to left and English left to right, a
// form whose button POSTs the token. hono/html escapes every interpolated value.
import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Lang } from "../sheet/types.ts";

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageSection {
  lang: Lang;
  heading: string;
  text: string;
  /** A button that POSTs to `action`; absent on result and error pages. */
  form?: { action: string; button: string };
}

const dir = (lang: Lang) => (lang === "ar" ? "rtl" : "ltr");

function section(part: PageSection): Markup {
  const form = part.form
    ? html`<form method="post" action="${part.form.action}"><button type="submit">${part.form.button}</button></form>`
    : "";
  return html`<section lang="${part.lang}" dir="${dir(part.lang)}"><h1>${part.heading}</h1><p>${part.text}</p>${form}</section>`;
}

/** The page: the first section's language is the document's, so an Arabic page is rtl throughout. */
export function page(title: string, sections: PageSection[]): Markup {
  const first = sections[0]?.lang ?? "ar";
  return html`<!doctype html>
<html lang="${first}" dir="${dir(first)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>body{font-family:system-ui,"Noto Naskh Arabic",sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6}section+section{border-top:1px solid #ccc;margin-top:1.5rem}button{font-size:1.1rem;padding:.5rem 1.25rem}</style>
</head>
<body>
${sections.map(section)}
</body>
</html>`;
}

/** Sends a page that must not be cached, indexed or leak its token-bearing URL as a referrer. */
export function sendPage(
  c: Context,
  status: 200 | 400 | 404 | 500,
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
