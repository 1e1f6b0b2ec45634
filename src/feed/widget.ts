// The embeddable widget: /widget.js defines <liqaa-meetings>, a dependency-free web
// component that fetches the JSON feed and renders an accessible list, right to
// left in Arabic and left to right in English, inside shadow DOM so the host page's
// CSS neither leaks in nor out; CSS custom properties (--liqaa-*) restyle it. The
// demo page at / shows it on the live feed with the snippet to copy.
import { escapeHtml } from "./format.ts";

/** Plain browser JavaScript, served as is: no build step, no dependencies. */
export const WIDGET_JS = `// <liqaa-meetings src="https://…/feed.json" lang="ar|en" when="upcoming|past|all" limit="10" organization="" kind="">
(() => {
  "use strict";
  if (customElements.get("liqaa-meetings")) return;
  const script = document.currentScript;
  const defaultSrc = script && script.src ? new URL("feed.json", script.src).href : "/feed.json";
  const WORDS = {
    ar: { upcoming: "الاجتماعات القادمة", past: "الاجتماعات السابقة", all: "الاجتماعات", empty: "لا توجد اجتماعات", error: "تعذر تحميل الاجتماعات", loading: "جارٍ التحميل…", undated: "تاريخ غير محدد", cancelled: "ملغى",
      series: "سلسلة لقاءات ثنائية", organizations: (n) => "عدد الجهات: " + n, partOf: "على هامش: ", partOfOther: "على هامش اجتماع آخر", follows: "يلي: ", followsOther: "يلي اجتماعًا سابقًا" },
    en: { upcoming: "Upcoming meetings", past: "Past meetings", all: "Meetings", empty: "No meetings", error: "Could not load the meetings", loading: "Loading…", undated: "Date not recorded", cancelled: "Cancelled",
      series: "Bilateral series", organizations: (n) => n + (n === "1" ? " organisation" : " organisations"), partOf: "On the margins of: ", partOfOther: "On the margins of another meeting", follows: "Follows: ", followsOther: "Follows an earlier meeting" },
  };
  const LOCALE = { ar: "ar-SY", en: "en-GB" };
  const STYLE = \`
:host{display:block;font-family:var(--liqaa-font,inherit);color:var(--liqaa-color,inherit);background:var(--liqaa-background,transparent)}
:host([hidden]){display:none}
h2{font-size:var(--liqaa-heading-size,1.2em);margin:0 0 var(--liqaa-gap,.75em)}
ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--liqaa-gap,.75em)}
li{border-inline-start:var(--liqaa-accent-width,3px) solid var(--liqaa-accent,#0b6e4f);padding-inline-start:.75em}
a{color:var(--liqaa-link,var(--liqaa-accent,#0b6e4f));text-decoration:none;font-weight:600}
a:hover,a:focus-visible{text-decoration:underline}
.when,.where,.series,.link{display:block;color:var(--liqaa-muted,#555);font-size:.9em}
.link a{font-weight:400}
.cancelled a{text-decoration:line-through}
.badge{font-size:.8em;border:1px solid currentColor;border-radius:.3em;padding:0 .3em;margin-inline-start:.4em}
.status{color:var(--liqaa-muted,#555)}
\`;
  function formatWhen(item, lang) {
    const x = item._liqaa || {};
    if (!x.start) return WORDS[lang].undated;
    if (x.all_day) {
      const f = new Intl.DateTimeFormat(LOCALE[lang], { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
      const first = f.format(new Date(x.start + "T00:00:00Z"));
      return x.end && x.end !== x.start ? first + " – " + f.format(new Date(x.end + "T00:00:00Z")) : first;
    }
    const opts = { timeZone: x.timezone, day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" };
    let text;
    try { text = new Intl.DateTimeFormat(LOCALE[lang], opts).format(new Date(x.start)); }
    catch { delete opts.timeZone; text = new Intl.DateTimeFormat(LOCALE[lang], opts).format(new Date(x.start)); }
    return text;
  }
  // A bilateral series is one entry: each of its days, and its daily hours.
  function formatDays(item, lang) {
    const x = item._liqaa;
    const f = new Intl.DateTimeFormat(LOCALE[lang], { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
    const days = x.series.days.map((d) => f.format(new Date(d + "T00:00:00Z"))).join(lang === "ar" ? "، " : ", ");
    if (x.all_day || !x.start) return days || WORDS[lang].undated;
    let hours;
    try { hours = new Intl.DateTimeFormat(LOCALE[lang], { timeZone: x.timezone, hour: "numeric", minute: "2-digit" }); }
    catch { hours = new Intl.DateTimeFormat(LOCALE[lang], { hour: "numeric", minute: "2-digit" }); }
    const window = hours.format(new Date(x.start)) + (x.end ? " – " + hours.format(new Date(x.end)) : "");
    return days + (lang === "ar" ? "، " : ", ") + window;
  }
  // A link names the other item by its id: its page is next to this one's, and its
  // title is known when the feed lists it too.
  function linkLine(item, id, byId, lang, known, other) {
    const line = el("span", { class: "link", part: "link" });
    const target = byId.get(id);
    const href = new URL(encodeURIComponent(id), item.url);
    href.search = new URL(item.url).search;
    if (!target) {
      line.append(el("a", { href: href.href }, WORDS[lang][other]));
      return line;
    }
    line.append(WORDS[lang][known], el("a", { href: target.url, lang: target.language || lang }, target.title || ""));
    return line;
  }
  // Location is the Arabic column, location_en the English one: the reader's own,
  // else the other marked with the language it is in (as the feed's pages choose).
  function langOf(text, column) {
    const arabic = /\\p{Script=Arabic}/u.test(text);
    const latin = /\\p{Script=Latin}/u.test(text);
    return column === "ar" ? (arabic ? "ar" : "en") : (latin || !arabic ? "en" : "ar");
  }
  function pick(ar, en, lang) {
    const mine = lang === "ar" ? ar : en;
    const theirs = lang === "ar" ? en : ar;
    if (mine) return { text: mine, lang };
    return theirs ? { text: theirs, lang: langOf(theirs, lang === "ar" ? "en" : "ar") } : null;
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  class LiqaaMeetings extends HTMLElement {
    static get observedAttributes() { return ["src", "lang", "when", "limit", "organization", "kind"]; }
    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this._seq = 0;
    }
    connectedCallback() { this._load(); }
    attributeChangedCallback() { if (this.isConnected) this._load(); }
    get _lang() { return this.getAttribute("lang") === "en" ? "en" : "ar"; }
    async _load() {
      const seq = ++this._seq;
      const lang = this._lang;
      const when = ["upcoming", "past", "all"].includes(this.getAttribute("when")) ? this.getAttribute("when") : "upcoming";
      const url = new URL(this.getAttribute("src") || defaultSrc, document.baseURI);
      url.searchParams.set("lang", lang);
      url.searchParams.set("when", when);
      for (const name of ["limit", "organization", "kind"]) {
        const v = this.getAttribute(name);
        if (v) url.searchParams.set(name, v);
      }
      const root = el("section", { dir: lang === "ar" ? "rtl" : "ltr", lang, part: "container", "aria-busy": "true" });
      const heading = el("h2", { part: "heading", id: "h" }, WORDS[lang][when]);
      root.append(heading, el("p", { class: "status", role: "status" }, WORDS[lang].loading));
      this._show(root);
      let feed;
      try {
        const response = await fetch(url.href, { headers: { Accept: "application/feed+json, application/json" } });
        if (!response.ok) throw new Error(String(response.status));
        feed = await response.json();
      } catch (error) {
        if (seq !== this._seq) return;
        root.setAttribute("aria-busy", "false");
        root.lastChild.textContent = WORDS[lang].error;
        this.dispatchEvent(new CustomEvent("liqaa-error", { detail: String(error) }));
        return;
      }
      if (seq !== this._seq) return;
      root.lastChild.remove();
      const items = Array.isArray(feed.items) ? feed.items : [];
      if (items.length === 0) {
        root.append(el("p", { class: "status", role: "status" }, WORDS[lang].empty));
      } else {
        const list = el("ul", { role: "list", "aria-labelledby": "h", part: "list" });
        const byId = new Map(items.map((item) => [item.id, item]));
        for (const item of items) {
          const x = item._liqaa || {};
          const li = el("li", { part: "item", class: x.status === "cancelled" ? "cancelled" : null });
          const title = el("a", { href: item.url, lang: item.language || lang, part: "title" }, item.title || "");
          li.append(title);
          if (x.status === "cancelled") li.append(el("span", { class: "badge" }, WORDS[lang].cancelled));
          const series = x.series && Array.isArray(x.series.days);
          li.append(el("time", { class: "when", datetime: x.start || null, part: "when" }, series ? formatDays(item, lang) : formatWhen(item, lang)));
          if (series) {
            const count = Number(x.series.organizations).toLocaleString(LOCALE[lang]);
            li.append(el("span", { class: "series", part: "series" }, WORDS[lang].series + " · " + WORDS[lang].organizations(count)));
          }
          const place = pick(x.location, x.location_en, lang);
          if (place || x.organization) {
            const where = el("span", { class: "where", part: "where" });
            if (place) where.append(place.lang === lang ? place.text : el("span", { lang: place.lang, dir: place.lang === "ar" ? "rtl" : "ltr" }, place.text));
            if (place && x.organization) where.append(" · ");
            if (x.organization) where.append(x.organization);
            li.append(where);
          }
          if (x.part_of) li.append(linkLine(item, x.part_of, byId, lang, "partOf", "partOfOther"));
          if (x.follows) li.append(linkLine(item, x.follows, byId, lang, "follows", "followsOther"));
          list.append(li);
        }
        root.append(list);
      }
      root.setAttribute("aria-busy", "false");
      this.dispatchEvent(new CustomEvent("liqaa-rendered", { detail: { count: items.length } }));
    }
    _show(root) {
      const style = el("style", {}, STYLE);
      this.shadowRoot.replaceChildren(style, root);
    }
  }
  customElements.define("liqaa-meetings", LiqaaMeetings);
})();
`;

export const DEMO_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The demo page: the widget in both languages on the live feed, and the snippet to paste. */
export function renderDemoPage(base: string, name: { ar: string; en: string }): string {
  const snippet = `<script src="${base}/widget.js" defer></script>
<liqaa-meetings src="${base}/feed.json" lang="ar" when="upcoming"></liqaa-meetings>`;
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(name.ar)} · ${escapeHtml(name.en)}</title>
<style>
body{font-family:system-ui,"Noto Naskh Arabic",Tahoma,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:2rem}
code{direction:ltr;unicode-bidi:isolate}
pre{direction:ltr;text-align:left;background:#f4f4f4;padding:1rem;overflow:auto;white-space:pre-wrap}
liqaa-meetings.en{--liqaa-accent:#1f4e9c}
</style>
<script src="${escapeHtml(base)}/widget.js" defer></script>
</head>
<body>
<h1>${escapeHtml(name.ar)} <small lang="en" dir="ltr">${escapeHtml(name.en)}</small></h1>
<div class="pair">
<liqaa-meetings id="ar" src="${escapeHtml(base)}/feed.json" lang="ar" when="upcoming"></liqaa-meetings>
<liqaa-meetings id="en" class="en" src="${escapeHtml(base)}/feed.json" lang="en" when="upcoming" dir="ltr"></liqaa-meetings>
</div>
<h2>ضع الاجتماعات في موقعك <small lang="en" dir="ltr">Put the meetings on your website</small></h2>
<pre><code>${escapeHtml(snippet)}</code></pre>
<p>الخصائص: <code>lang</code> (ar, en)، <code>when</code> (upcoming, past, all)، <code>limit</code>، <code>organization</code>، <code>kind</code>. الألوان: <code>--liqaa-accent</code>، <code>--liqaa-color</code>، <code>--liqaa-muted</code>، <code>--liqaa-font</code>، <code>--liqaa-gap</code>.</p>
<p><a href="${escapeHtml(base)}/feed.json">feed.json</a> · <a href="${escapeHtml(base)}/calendar.ics">calendar.ics</a> · <a href="${escapeHtml(base)}/schema/feed.json">schema</a></p>
</body>
</html>
`;
}
