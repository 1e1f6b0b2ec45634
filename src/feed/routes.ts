// The public HTTP routes: the JSON feed, its schema, the calendar subscription and
// the meeting pages, all served from the KV snapshot (never from Google), with
// ETag/Last-Modified revalidation and open CORS for websites. They read only
// c.env.FEED and c.env.PUBLIC_URL, so they serve even when secrets are unset. The
// snapshot and the rendered responses are kept between requests (render-cache.ts):
// a request that finds its response there costs no KV read, parsing or hashing.

import type { Context } from "hono";
import { Hono } from "hono";
import { jsonError } from "../http/errors.ts";
import type { Lang } from "../sheet/types.ts";
import { renderCalendar } from "./calendar.ts";
import {
  conditional,
  fnv1a64,
  isNotModified,
  notModified,
  publicHeaders,
  type Validators,
} from "./http-cache.ts";
import {
  type FeedQuery,
  parseFeedQuery,
  queryString,
  renderFeed,
  selectMeetings,
} from "./json-feed.ts";
import { PAGE_CSP, renderMeetingPage, renderNotFoundPage } from "./page.ts";
import {
  DEFAULT_SERVE_OPTIONS,
  type Loaded,
  type Rendered,
  rendered,
  type ServeOptions,
  servedSnapshot,
} from "./render-cache.ts";
import { feedSchemaFor } from "./schema.ts";
import type { FeedSnapshot, SnapshotStore } from "./snapshot.ts";
import { DEMO_CSP, renderDemoPage, WIDGET_JS } from "./widget.ts";

/** What the public routes need from the env; the app's own env is wider. */
export type FeedEnv = { Bindings: { FEED: SnapshotStore; PUBLIC_URL?: unknown } };

const FEED_TYPE = "application/feed+json; charset=utf-8";
const SCHEMA_TYPE = "application/schema+json; charset=utf-8";
const CALENDAR_TYPE = "text/calendar; charset=utf-8";
const HTML_TYPE = "text/html; charset=utf-8";

/** PUBLIC_URL when set, else the origin the request came to; no trailing slash. */
export function baseUrl(c: Context<FeedEnv>): string {
  const configured = c.env.PUBLIC_URL;
  if (typeof configured === "string" && /^https?:\/\//.test(configured)) {
    return configured.replace(/\/+$/, "");
  }
  return new URL(c.req.url).origin;
}

/** Sends a kept response, or 304 when the client has it. */
function send(request: Request, r: Rendered, contentType: string, cors: boolean): Response {
  if (isNotModified(request, r.validators)) return notModified(r.validators, cors);
  return new Response(r.body, {
    status: 200,
    headers: publicHeaders(contentType, r.validators, cors),
  });
}

function validators(loaded: Loaded, variant: string, lastModified: number | null): Validators {
  return {
    etag: `"${loaded.meta.hash.slice(0, 16)}-${fnv1a64(variant)}"`,
    lastModified: loaded.stored ? lastModified : null,
  };
}

function langParam(c: Context<FeedEnv>): Lang | null {
  const lang = c.req.query("lang");
  return lang === undefined || lang === "ar" ? "ar" : lang === "en" ? "en" : null;
}

function badParameter(c: Context<FeedEnv>, parameter: string, message: string) {
  c.header("Access-Control-Allow-Origin", "*");
  return jsonError(c, 400, "bad_parameter", message, { parameter });
}

/**
 * A time-window view changes when a meeting ends, not only when the sheet changes:
 * its Last-Modified is the later of the two.
 */
function windowLastModified(
  snapshot: FeedSnapshot,
  q: FeedQuery,
  generatedMs: number,
  nowMs: number,
): number {
  if (q.when === "all") return generatedMs;
  let latest = generatedMs;
  for (const m of snapshot.meetings) {
    if (m.ends_at === null) continue;
    const end = Date.parse(m.ends_at);
    if (end <= nowMs && end > latest) latest = end;
  }
  return latest;
}

/** When the first meeting still running at nowMs ends: a time-window view changes then. */
function nextEnd(snapshot: FeedSnapshot, nowMs: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const m of snapshot.meetings) {
    if (m.ends_at === null) continue;
    const end = Date.parse(m.ends_at);
    if (end > nowMs && end < next) next = end;
  }
  return next;
}

/**
 * The public routes. Options are for tests (a clock, a shorter freshness window);
 * the Worker takes the defaults.
 */
export function feedRoutes(overrides: Partial<ServeOptions> = {}): Hono<FeedEnv> {
  const options: ServeOptions = { ...DEFAULT_SERVE_OPTIONS, ...overrides };
  const app = new Hono<FeedEnv>();

  // Websites fetch these from their own pages; a simple GET needs no preflight, but
  // one with If-None-Match does.
  for (const path of ["/feed.json", "/calendar.ics", "/schema/feed.json"]) {
    app.options(path, (c) => {
      c.header("Access-Control-Allow-Origin", "*");
      c.header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      c.header("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since");
      c.header("Access-Control-Max-Age", "86400");
      return c.body(null, 204);
    });
  }

  app.get("/feed.json", async (c) => {
    const parsed = parseFeedQuery(new URL(c.req.url).searchParams);
    if (!parsed.ok) return badParameter(c, parsed.problem.parameter, parsed.problem.message);
    const q = parsed.query;
    const served = await servedSnapshot(c.env.FEED, options);
    const loaded = served.loaded;
    const now = options.now();
    const base = baseUrl(c);
    const variant = `feed|${base}|${queryString(q)}`;
    const response = served.response(variant, now, options, () => {
      const ids = selectMeetings(loaded.snapshot, q, now).map((m) => m.id);
      const v = validators(
        loaded,
        `${variant}|${ids.join("\n")}`,
        windowLastModified(loaded.snapshot, q, Date.parse(loaded.meta.generated_at), now),
      );
      const body = JSON.stringify(renderFeed(loaded.snapshot, q, now, { base }));
      return rendered(v, body, q.when === "all" ? Infinity : nextEnd(loaded.snapshot, now));
    });
    return send(c.req.raw, response, FEED_TYPE, true);
  });

  app.get("/schema/feed.json", (c) => {
    const base = baseUrl(c);
    const body = JSON.stringify(feedSchemaFor(base), null, 2);
    return conditional(
      c.req.raw,
      { etag: `"${fnv1a64(body)}"`, lastModified: null },
      SCHEMA_TYPE,
      true,
      () => body,
    );
  });

  app.get("/calendar.ics", async (c) => {
    const lang = langParam(c);
    if (lang === null) return badParameter(c, "lang", `lang must be "ar" or "en"`);
    const served = await servedSnapshot(c.env.FEED, options);
    const loaded = served.loaded;
    const base = baseUrl(c);
    const variant = `ics|${base}|${lang}`;
    const response = served.response(variant, options.now(), options, () =>
      rendered(
        validators(loaded, variant, Date.parse(loaded.meta.generated_at)),
        renderCalendar(loaded.snapshot, { lang, base }),
      ),
    );
    return send(c.req.raw, response, CALENDAR_TYPE, true);
  });

  app.get("/meetings/:id/calendar.ics", async (c) => {
    const lang = langParam(c) ?? "ar";
    const { loaded } = await servedSnapshot(c.env.FEED, options);
    const id = c.req.param("id");
    const meeting = loaded.snapshot.meetings.find((m) => m.id === id);
    if (!meeting || meeting.start === null) return c.text("Not found / غير موجود", 404);
    const base = baseUrl(c);
    const v = validators(loaded, `ics|${base}|${lang}|${id}`, Date.parse(loaded.meta.generated_at));
    return conditional(c.req.raw, v, CALENDAR_TYPE, true, () =>
      renderCalendar({ ...loaded.snapshot, meetings: [meeting] }, { lang, base }),
    );
  });

  app.get("/meetings/:id", async (c) => {
    const lang = langParam(c) ?? "ar";
    const { loaded } = await servedSnapshot(c.env.FEED, options);
    const id = c.req.param("id");
    const base = baseUrl(c);
    const meeting = loaded.snapshot.meetings.find((m) => m.id === id);
    c.header("Content-Security-Policy", PAGE_CSP);
    if (!meeting) {
      c.header("Cache-Control", "public, max-age=60");
      return c.html(renderNotFoundPage(lang, base), 404);
    }
    const v = validators(
      loaded,
      `page|${base}|${lang}|${id}`,
      Date.parse(loaded.meta.generated_at),
    );
    const calendar = `${base}/meetings/${encodeURIComponent(id)}/calendar.ics${lang === "en" ? "?lang=en" : ""}`;
    const response = conditional(c.req.raw, v, HTML_TYPE, false, () =>
      renderMeetingPage(loaded.snapshot, meeting, lang, { base, calendar }),
    );
    response.headers.set("Content-Security-Policy", PAGE_CSP);
    return response;
  });

  app.get("/widget.js", (c) => {
    const response = conditional(
      c.req.raw,
      { etag: WIDGET_ETAG, lastModified: null },
      "text/javascript; charset=utf-8",
      true,
      () => WIDGET_JS,
    );
    // The script changes only with a deploy; an hour keeps websites fast and fresh enough.
    response.headers.set("Cache-Control", "public, max-age=3600, stale-while-revalidate=86400");
    return response;
  });

  app.get("/", async (c) => {
    const { loaded } = await servedSnapshot(c.env.FEED, options);
    const base = baseUrl(c);
    const name = { ar: loaded.snapshot.network.name_ar, en: loaded.snapshot.network.name_en };
    const v = validators(loaded, `demo|${base}`, Date.parse(loaded.meta.generated_at));
    const response = conditional(c.req.raw, v, HTML_TYPE, false, () => renderDemoPage(base, name));
    response.headers.set("Content-Security-Policy", DEMO_CSP);
    return response;
  });

  return app;
}

const WIDGET_ETAG = `"${fnv1a64(WIDGET_JS)}"`;
