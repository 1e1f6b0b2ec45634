// Public text without anybody's contact details: what the feed, the calendar and
// the meeting pages publish passes through here first (src/feed/snapshot.ts).
// Staff paste addresses, phone numbers and meeting links into titles, agendas and
// summaries; whoever they belong to and however they are written, none leaves.
// Dates, times and ordinary links (the network's own site) stay as written.

const REDACTED = "[…]";

/** What the sheet itself says is private, beyond what any text pattern finds. */
export interface Hidden {
  /** Addresses (contacts, staff, sender, invitees), longest first, replaced wherever they appear. */
  texts: string[];
  /**
   * `texts` (those of 4 characters or more) as one case-blind pattern, longest
   * first, built once per snapshot: every public field of every meeting is
   * checked against it, and a pattern per address per field made a snapshot
   * of 300 meetings and 1,500 contacts build millions of RegExps.
   */
  pattern: RegExp | null;
  /** Every text of the pattern holds an @ (so a text without one cannot match it). */
  allAddresses: boolean;
  /** Each meeting's Online link as linkKey gives it, so any spelling of it is found. */
  links: string[];
}

/**
 * Hosts that run online meetings: a link to one lets whoever holds it join, so it
 * is private whether or not it is the row's own Online link. A subdomain counts
 * (us02web.zoom.us, unocha.webex.com).
 */
const MEETING_HOSTS = [
  "zoom.us",
  "zoom.com",
  "zoomgov.com",
  "webex.com",
  "meet.google.com",
  "teams.microsoft.com",
  "teams.live.com",
  "meet.jit.si",
  "8x8.vc",
  "whereby.com",
  "gotomeeting.com",
  "gotomeet.me",
  "meet.goto.com",
  "bluejeans.com",
  "join.skype.com",
  "chime.aws",
];

/** A letter, digit or mark of any script, as in an Arabic (IDN) domain name. */
const W = "\\p{L}\\p{N}\\p{M}";

/**
 * A link as staff write one: with a scheme or none, `www.` or not, any case, and
 * Arabic letters as they are or percent-encoded. The host's last label must hold a
 * letter (no top-level domain is all digits), so a phone written with dots
 * (0532.123.45.67) or a date (16.05.2027) is not taken for a link. Group 1 is the
 * host, group 2 the rest (port dropped).
 */
export const LINK = new RegExp(
  `(?<![${W}.@_%+-])(?:[a-z][a-z0-9+.-]*:\\/\\/|\\/\\/)?((?:[${W}_-]+\\.)+[\\p{N}_-]*\\p{L}[${W}_-]*)(?::\\d{1,5})?((?:[/?#][^\\s<>"'«»]*)?)`,
  "giu",
);
/** Punctuation that ends a sentence after a link rather than belonging to it. */
const TRAILING = /[.,;:!?)\]}،؛]+$/u;

/** Characters of an address's local part, without the URL's `/ = ? &` so a link's query is not swallowed. */
const LOCAL = `${W}!#$%'*+^_\`{|}~.-`;
/**
 * Any email address, not only a contact's: a local part, @, and a domain of one or
 * more labels in any script (an address without a dot is a typo of one, and as
 * personal).
 */
const EMAIL = new RegExp(`(?<![${LOCAL}])[${LOCAL}]+@(?:[${W}-]+\\.)*[${W}-]+`, "gu");

/** Digits as staff type them: ASCII, Arabic-Indic and Eastern Arabic-Indic (Persian). */
const DIGIT = "[0-9\u0660-\u0669\u06F0-\u06F9]";
/**
 * Digits joined by what joins a phone number's parts (spaces, dashes, dots, slashes,
 * parentheses) or a time's (:), with a leading + or (. Which parts are dates or
 * times, and which read as a phone, is decided by numberParts.
 */
const NUMBER_RUN = new RegExp(
  `\\+?\\(?${DIGIT}+(?:[ \\t\u00A0\u2009\u202F./()\\-\u2010-\u2015\u2212:]{1,3}${DIGIT}+)*\\)?`,
  "gu",
);
const DIGITS = new RegExp(`${DIGIT}+`, "gu");
/** A phone number has at least this many digits; a date or time joined to it does not count. */
const PHONE_DIGITS = 7;

/** The host and path of a link as one comparable key: no scheme, no www., one case, decoded, NFC. */
export function linkKey(host: string, rest: string): string {
  let h = host.normalize("NFC").toLowerCase();
  try {
    // Punycode for an Arabic host, so xn-- and Arabic spellings of it agree.
    h = new URL(`http://${h}`).hostname;
  } catch {
    // A host URL refuses is compared as written.
  }
  h = h.replace(/^www\./, "");
  let r = rest;
  try {
    r = decodeURIComponent(rest);
  } catch {
    // A stray % leaves the rest as written.
  }
  return `${h}${r.normalize("NFC").toLowerCase().replace(/\/+$/, "")}`;
}

function onMeetingHost(key: string): boolean {
  const host = key.split(/[/?#]/, 1)[0] ?? "";
  return MEETING_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/** ASCII value of a digit group in any of the digit scripts. */
function numberOf(group: string): number {
  let n = 0;
  for (const ch of group) {
    const c = ch.codePointAt(0) ?? 48;
    const d = c >= 0x6f0 ? c - 0x6f0 : c >= 0x660 ? c - 0x660 : c - 48;
    n = n * 10 + d;
  }
  return n;
}

interface Group {
  start: number;
  end: number;
  text: string;
  /** What joins it to the group before ("" for the first). */
  before: string;
}

const DATE_SEPARATORS = new Set(["-", "/", "."]);
const DASH = /^\s*[-\u2010-\u2015\u2212/]\s*$/u;
const isYear = (g: Group) =>
  g.text.length === 4 && numberOf(g.text) >= 1900 && numberOf(g.text) < 2100;
const isDay = (g: Group) => g.text.length <= 2 && numberOf(g.text) >= 1 && numberOf(g.text) <= 31;
const isMonth = (g: Group) => g.text.length <= 2 && numberOf(g.text) >= 1 && numberOf(g.text) <= 12;

/**
 * How many groups from i make a date: Y/M/D (with a day range after it, as in
 * 2019/11/18-19) or D/M/Y, one separator used twice and not continued on either side
 * (so 2012.11.22.33 is no date). 0 when none.
 */
function dateAt(gs: readonly Group[], i: number): number {
  const [a, b, c] = [gs[i], gs[i + 1], gs[i + 2]];
  if (!a || !b || !c || b.before !== c.before || !DATE_SEPARATORS.has(b.before)) return 0;
  const sep = b.before;
  const next = gs[i + 3];
  if (a.before === sep) return 0;
  if (isYear(a) && isMonth(b) && isDay(c)) {
    if (next && DASH.test(next.before) && isDay(next) && gs[i + 4]?.before !== sep) return 4;
    return next?.before === sep ? 0 : 3;
  }
  if (isDay(a) && isMonth(b) && isYear(c)) return next?.before === sep ? 0 : 3;
  return 0;
}

/** How many groups from i make a time (10:30, 14.30, 10:30:00); 0 when none. */
function timeAt(gs: readonly Group[], i: number): number {
  const [h, m] = [gs[i], gs[i + 1]];
  if (!h || !m || h.text.length > 2 || numberOf(h.text) > 23) return 0;
  if (m.text.length !== 2 || numberOf(m.text) > 59 || (m.before !== ":" && m.before !== ".")) {
    return 0;
  }
  // A dotted pair inside dotted digits (0532.123.12.30) is part of a number, not a time.
  const joined = (s: string | undefined) => s === "." || s === "/" || s === ":";
  const seconds = gs[i + 2];
  if (m.before === ":" && seconds?.before === ":" && seconds.text.length === 2) return 3;
  if (joined(h.before) || joined(gs[i + 2]?.before)) return 0;
  return 2;
}

/** A run that is only a span of years: 2019-2020, 2019–20, 2019 / 2020. */
function isYearSpan(gs: readonly Group[]): boolean {
  const [a, b] = gs;
  if (gs.length !== 2 || !a || !b || !isYear(a) || !DASH.test(b.before)) return false;
  return b.text.length === 2 || (isYear(b) && numberOf(b.text) >= numberOf(a.text));
}

/** The spans of a run of joined digits that read as a phone number (dates and times taken out). */
function phoneSpans(run: string): [number, number][] {
  const gs: Group[] = [];
  let last = 0;
  for (const m of run.matchAll(DIGITS)) {
    const start = m.index ?? 0;
    gs.push({ start, end: start + m[0].length, text: m[0], before: run.slice(last, start) });
    last = start + m[0].length;
  }
  if (gs.length > 0 && gs[0]) gs[0].before = "";
  if (isYearSpan(gs)) return [];
  const taken = gs.map(() => false);
  for (let i = 0; i < gs.length; ) {
    const n = dateAt(gs, i) || timeAt(gs, i);
    if (n === 0) {
      i++;
      continue;
    }
    for (let k = i; k < i + n; k++) taken[k] = true;
    i += n;
  }
  const spans: [number, number][] = [];
  let from = -1;
  let digits = 0;
  const close = (to: number) => {
    if (from >= 0 && digits >= PHONE_DIGITS) {
      const g0 = gs[from];
      const g1 = gs[to];
      if (g0 && g1) {
        // The leading + or ( and a closing ) go with the number.
        const start = from === 0 ? 0 : g0.start;
        const end = to === gs.length - 1 ? run.length : g1.end;
        spans.push([start, end]);
      }
    }
    from = -1;
    digits = 0;
  };
  gs.forEach((g, i) => {
    // A time's colon is never inside a phone number: it ends one.
    if (taken[i] || (from >= 0 && g.before.includes(":"))) close(i - 1);
    if (taken[i]) return;
    if (from < 0) from = i;
    digits += g.text.length;
  });
  close(gs.length - 1);
  return spans;
}

/** Whether a text holds a digit at all: most public cells hold none, and skip NUMBER_RUN. */
const ANY_DIGIT = new RegExp(DIGIT);

function redactPhones(text: string): string {
  if (!ANY_DIGIT.test(text)) return text;
  return text.replace(NUMBER_RUN, (run) => {
    const spans = phoneSpans(run);
    if (spans.length === 0) return run;
    let out = "";
    let at = 0;
    for (const [start, end] of spans) {
      out += `${run.slice(at, start)}${REDACTED}`;
      at = end;
    }
    return out + run.slice(at);
  });
}

/**
 * Links on meeting hosts, and links that are a meeting's Online link however
 * written, become REDACTED; other links stay as written, and the text between
 * them loses its phone numbers.
 */
function redactLinksAndPhones(text: string, links: readonly string[]): string {
  // Every link's host has a dot: a text without one holds no link, only maybe a phone.
  if (!text.includes(".")) return redactPhones(text);
  let out = "";
  let at = 0;
  for (const m of text.matchAll(LINK)) {
    const start = m.index ?? 0;
    const whole = m[0].replace(TRAILING, "");
    const key = linkKey(m[1] ?? "", (m[2] ?? "").replace(TRAILING, ""));
    const secret = onMeetingHost(key) || links.some((l) => key.startsWith(l));
    out += redactPhones(text.slice(at, start)) + (secret ? REDACTED : whole);
    at = start + whole.length;
  }
  return out + redactPhones(text.slice(at));
}

/** Public text without addresses, meeting links or phone numbers, whoever's they are. */
export function redactPatterns(text: string): string {
  return redactLinksAndPhones(text.replace(EMAIL, REDACTED), []);
}

/** A public cell as it may be published: trimmed, without anything private; null when nothing is left. */
export function clean(text: string | null, hidden: Hidden): string | null {
  if (text === null) return null;
  // A sheet repeats its places, organisations and counterparts from row to row:
  // each distinct text is cleaned once per set of private texts.
  let done = cleaned.get(hidden);
  if (done === undefined) {
    done = new Map();
    cleaned.set(hidden, done);
  }
  const known = done.get(text);
  if (known !== undefined) return known;
  let out = text.trim();
  // Every address holds an @: a text without one is spared both patterns.
  if (out.includes("@")) out = out.replace(EMAIL, REDACTED);
  // An address the pattern does not take (a contact's, written oddly) still goes;
  // an Online link that reads as no link is hidden as text, with or without an @.
  if (hidden.pattern && (out.includes("@") || !hidden.allAddresses)) {
    out = out.replace(hidden.pattern, REDACTED);
  }
  out = redactLinksAndPhones(out, hidden.links);
  const result = out === "" ? null : out;
  if (done.size < MAX_CLEANED) done.set(text, result);
  return result;
}

/** Each Hidden's cleaned texts (module-scope data, dropped with the Hidden it belongs to). */
const cleaned = new WeakMap<Hidden, Map<string, string | null>>();
const MAX_CLEANED = 50_000;
