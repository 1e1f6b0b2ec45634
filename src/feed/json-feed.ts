// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the snapshot: the query a
// website sends (language, upcoming or past, filters, paging) and the feed it gets.
// Pure: the HTTP edge passes the request time and the URLs.
import { dirOf, type TextIn } from "../sheet/contract-languages.ts";
import type { Lang, MeetingKind } from "../sheet/types.ts";
import {
  escapeHtml,
  fieldIn,
  formatDay,
  formatWhen,
  inlineIn,
  KIND_LABEL,
  LINK_WORDS,
  LOCALE,
  meetingTitle,
  pickText,
  STATUS_LABEL,
  textToHtml,
  WORDS,
} from "./format.ts";
import {
  type FeedSnapshot,
  MEETING_KINDS,
  type PublicMeeting,
  type PublicStatus,
} from "./snapshot.ts";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export type When = "upcoming" | "past" | "all";

export interface FeedQuery {
  lang: Lang;
  when: When;
  organization: string | null;
  kind: MeetingKind | null;
  limit: number;
  offset: number;
}

export interface QueryProblem {
  parameter: string;
  message: string;
}

export type QueryResult = { ok: true; query: FeedQuery } | { ok: false; problem: QueryProblem };

const KNOWN = ["lang", "when", "organization", "kind", "limit", "offset"] as const;

function count(text: string, name: string, min: number, max: number): number | QueryProblem {
  if (!/^\d{1,6}$/.test(text)) {
    return { parameter: name, message: `${name} must be a whole number, got "${text}"` };
  }
  const n = Number(text);
  if (n < min || n > max) {
    return { parameter: name, message: `${name} must be between ${min} and ${max}, got ${n}` };
  }
  return n;
}

/** Reads the feed's query; unknown parameters (cache busters, tracking) are ignored. */
export function parseFeedQuery(params: URLSearchParams): QueryResult {
  for (const name of KNOWN) {
    if (params.getAll(name).length > 1) {
      return { ok: false, problem: { parameter: name, message: `${name} may be given only once` } };
    }
  }
  const query: FeedQuery = {
    lang: "ar",
    when: "all",
    organization: null,
    kind: null,
    limit: DEFAULT_LIMIT,
    offset: 0,
  };
  const lang = params.get("lang");
  if (lang !== null) {
    if (lang !== "ar" && lang !== "en") {
      return {
        ok: false,
        problem: { parameter: "lang", message: `lang must be "ar" or "en", got "${lang}"` },
      };
    }
    query.lang = lang;
  }
  const when = params.get("when");
  if (when !== null) {
    if (when !== "upcoming" && when !== "past" && when !== "all") {
      return {
        ok: false,
        problem: {
          parameter: "when",
          message: `when must be "upcoming", "past" or "all", got "${when}"`,
        },
      };
    }
    query.when = when;
  }
  const organization = params.get("organization");
  if (organization !== null) {
    if (organization.trim() === "") {
      return {
        ok: false,
        problem: { parameter: "organization", message: "organization must not be empty" },
      };
    }
    query.organization = organization.trim();
  }
  const kind = params.get("kind");
  if (kind !== null) {
    const known = MEETING_KINDS.find((k) => k === kind);
    if (!known) {
      return {
        ok: false,
        problem: {
          parameter: "kind",
          message: `kind must be one of ${MEETING_KINDS.join(", ")}, got "${kind}"`,
        },
      };
    }
    query.kind = known;
  }
  const limit = params.get("limit");
  if (limit !== null) {
    const n = count(limit, "limit", 1, MAX_LIMIT);
    if (typeof n !== "number") return { ok: false, problem: n };
    query.limit = n;
  }
  const offset = params.get("offset");
  if (offset !== null) {
    const n = count(offset, "offset", 0, 999_999);
    if (typeof n !== "number") return { ok: false, problem: n };
    query.offset = n;
  }
  return { ok: true, query };
}

/** The query as parameters, in one fixed order, leaving out defaults: for feed_url, next_url and the ETag. */
export function queryString(q: FeedQuery, offset = q.offset): string {
  const p = new URLSearchParams();
  p.set("lang", q.lang);
  if (q.when !== "all") p.set("when", q.when);
  if (q.organization !== null) p.set("organization", q.organization);
  if (q.kind !== null) p.set("kind", q.kind);
  if (q.limit !== DEFAULT_LIMIT) p.set("limit", String(q.limit));
  if (offset !== 0) p.set("offset", String(offset));
  return p.toString();
}

/** Upcoming: not yet over. Past: over, or held without a date. */
export function isUpcoming(m: PublicMeeting, nowMs: number): boolean {
  return m.ends_at !== null && Date.parse(m.ends_at) > nowMs;
}

/**
 * The meetings a query selects, in reading order: upcoming soonest first; past and
 * all most recent first, undated held meetings last.
 */
export function selectMeetings(
  snapshot: FeedSnapshot,
  q: Pick<FeedQuery, "when" | "organization" | "kind">,
  nowMs: number,
): PublicMeeting[] {
  const org = q.organization?.toLocaleLowerCase();
  const picked = snapshot.meetings.filter((m) => {
    if (q.kind !== null && m.kind !== q.kind) return false;
    if (org !== undefined && m.organization?.toLocaleLowerCase() !== org) return false;
    if (q.when === "upcoming") return isUpcoming(m, nowMs);
    if (q.when === "past") return !isUpcoming(m, nowMs);
    return true;
  });
  const key = (m: PublicMeeting) => (m.starts_at === null ? null : Date.parse(m.starts_at));
  return picked.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) {
      return ka === kb ? a.id.localeCompare(b.id) : ka === null ? 1 : -1;
    }
    const d = q.when === "upcoming" ? ka - kb : kb - ka;
    return d !== 0 ? d : a.id.localeCompare(b.id);
  });
}

export interface FeedUrls {
  /** Where this Worker is reached, without a trailing slash (PUBLIC_URL, or the request's origin). */
  base: string;
}

export function meetingUrl(base: string, id: string, lang: Lang): string {
  const path = `${base}/meetings/${encodeURIComponent(id)}`;
  return lang === "ar" ? path : `${path}?lang=en`;
}

function itemContent(m: PublicMeeting, lang: Lang): { text: string; html: string } {
  const text: string[] = [];
  const html: string[] = [];
  // A value in the other language (an Arabic place in the English feed) is marked with its own.
  const line = (label: string, values: TextIn[]) => {
    const sep = lang === "ar" ? "، " : ", ";
    text.push(`${label}: ${values.map((v) => v.text).join(sep)}`);
    html.push(`<p>${escapeHtml(label)}: ${values.map((v) => inlineIn(v, lang)).join(sep)}</p>`);
  };
  line(WORDS.when[lang], [{ text: formatWhen(m, lang), lang }]);
  const where = fieldIn(m, "location", lang);
  if (where) line(WORDS.where[lang], [where]);
  const organization: TextIn | null = m.organization ? { text: m.organization, lang } : null;
  const who = [organization, fieldIn(m, "counterpart", lang)].filter((v): v is TextIn => !!v);
  if (who.length > 0) line(WORDS.with[lang], who);
  if (m.status === "cancelled") line(STATUS_LABEL.cancelled[lang], [{ text: "✕", lang }]);
  if (m.series !== undefined) {
    // A series is one item: its days and how many organisations it met (its page lists a published schedule).
    const days = m.series.days.map((d) => ({ text: formatDay(d, lang), lang }));
    if (days.length > 0) line(LINK_WORDS.days[lang], days);
    const count = m.series.organizations.toLocaleString(LOCALE[lang]);
    line(LINK_WORDS.organizations[lang], [{ text: count, lang }]);
  }
  const agenda = fieldIn(m, "agenda", lang);
  if (agenda) {
    text.push("", `${WORDS.agenda[lang]}:`, agenda.text);
    html.push(`<h3>${WORDS.agenda[lang]}</h3>`, blockIn(agenda, lang));
  }
  const summary = pickText(m.summary, lang);
  if (summary) {
    text.push("", `${WORDS.summary[lang]}:`, summary.text);
    html.push(`<h3>${WORDS.summary[lang]}</h3>`, blockIn(summary, lang));
  }
  return { text: text.join("\n"), html: html.join("") };
}

/** Longer text as HTML paragraphs, inside a block of its own language when it is in the other one. */
function blockIn(value: TextIn, lang: Lang): string {
  const paragraphs = textToHtml(value.text);
  return value.lang === lang
    ? paragraphs
    : `<div lang="${value.lang}" dir="${dirOf(value.lang)}">${paragraphs}</div>`;
}

export interface LiqaaItemExtension {
  start: string | null;
  end: string | null;
  all_day: boolean;
  timezone: string;
  status: PublicStatus;
  kind: MeetingKind | null;
  organization: string | null;
  counterpart: string | null;
  location: string | null;
  /** The English columns of counterpart and location; null when the sheet gives none. */
  counterpart_en: string | null;
  location_en: string | null;
  title: { ar: string | null; en: string | null };
  summary: { ar: string | null; en: string | null };
  /** The published IDs of the event it is part of and of what it follows; absent when none is published. */
  part_of?: string;
  follows?: string;
  /** A bilateral series: its days and how many organisations it met; its slots when its row publishes them. */
  series?: PublicMeeting["series"];
}

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  content_text: string;
  date_published?: string;
  date_modified: string;
  language: Lang;
  tags?: string[];
  _liqaa: LiqaaItemExtension;
}

export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: Lang;
  next_url?: string;
  items: JsonFeedItem[];
  _liqaa: { generated_at: string; schema: string; when: When };
}

export function toItem(m: PublicMeeting, lang: Lang, base: string): JsonFeedItem {
  const title = meetingTitle(m, lang);
  const content = itemContent(m, lang);
  const tags = [m.organization, m.kind ? KIND_LABEL[m.kind][lang] : null].filter(
    (t): t is string => !!t,
  );
  const item: JsonFeedItem = {
    id: m.id,
    url: meetingUrl(base, m.id, lang),
    title: title.text,
    content_html: content.html,
    content_text: content.text,
    date_modified: m.modified_at,
    language: title.lang,
    _liqaa: {
      start: m.start,
      end: m.end,
      all_day: m.all_day,
      timezone: m.timezone,
      status: m.status,
      kind: m.kind,
      organization: m.organization,
      counterpart: m.counterpart,
      location: m.location,
      counterpart_en: m.counterpart_en ?? null,
      location_en: m.location_en ?? null,
      title: m.title,
      summary: m.summary,
      ...(m.part_of === undefined ? {} : { part_of: m.part_of }),
      ...(m.follows === undefined ? {} : { follows: m.follows }),
      ...(m.series === undefined ? {} : { series: m.series }),
    },
  };
  // date_published must be a full RFC 3339 date-time; an all-day meeting starts at
  // midnight in its zone, and an undated one has none.
  if (m.starts_at !== null) {
    item.date_published = m.all_day ? `${m.start}T00:00:00${offsetOf(m)}` : m.start!;
  }
  if (tags.length > 0) item.tags = tags;
  return item;
}

function offsetOf(m: PublicMeeting): string {
  // starts_at is local midnight of start, in UTC; the difference is the offset.
  const localMidnight = Date.parse(`${m.start}T00:00:00Z`);
  const minutes = Math.round((localMidnight - Date.parse(m.starts_at!)) / 60000);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** The feed for one query at one moment. */
export function renderFeed(
  snapshot: FeedSnapshot,
  q: FeedQuery,
  nowMs: number,
  urls: FeedUrls,
): JsonFeed {
  const all = selectMeetings(snapshot, q, nowMs);
  const page = all.slice(q.offset, q.offset + q.limit);
  const name = q.lang === "ar" ? snapshot.network.name_ar : snapshot.network.name_en;
  const feed: JsonFeed = {
    version: JSON_FEED_VERSION,
    title: name,
    home_page_url: snapshot.public_url ?? `${urls.base}/`,
    feed_url: `${urls.base}/feed.json?${queryString(q, 0)}`,
    description: q.lang === "ar" ? `اجتماعات ${name} المنشورة` : `Published meetings of ${name}`,
    language: q.lang,
    items: page.map((m) => toItem(m, q.lang, urls.base)),
    _liqaa: {
      generated_at: snapshot.generated_at,
      schema: `${urls.base}/schema/feed.json`,
      when: q.when,
    },
  };
  if (q.offset + q.limit < all.length) {
    feed.next_url = `${urls.base}/feed.json?${queryString(q, q.offset + q.limit)}`;
  }
  return feed;
}
