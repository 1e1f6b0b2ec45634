import { env } from "cloudflare:test";
import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import type { JsonFeed } from "../../../src/feed/json-feed.ts";
import { feedRoutes } from "../../../src/feed/routes.ts";
import {
  buildSnapshot,
  deleteSnapshot,
  type FeedSnapshot,
  readSnapshot,
  writeSnapshot,
} from "../../../src/feed/snapshot.ts";
import { daysFromNow, meeting, sheet } from "./fixtures.ts";

// The integrator mounts feedRoutes() in workers/http.ts; here it is mounted the same way.
function app() {
  const root = new Hono<{ Bindings: typeof env }>();
  root.route("/", feedRoutes());
  return root;
}

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return app().request(`https://liqaa.test${path}`, { method, headers }, env);
}

async function publish(meetings = [meeting()], now = new Date()) {
  const result = await writeSnapshot(env.FEED, buildSnapshot(sheet(meetings), now));
  expect(result.ok).toBe(true);
}

beforeEach(async () => {
  await deleteSnapshot(env.FEED);
});

describe("GET /feed.json", () => {
  it("serves an empty but valid feed before the first sync", async () => {
    const response = await get("/feed.json");
    expect(response.status).toBe(200);
    const feed = (await response.json()) as JsonFeed;
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items).toEqual([]);
    expect(feed.title).toBe("لقاء");
  });

  it("is labelled application/feed+json in UTF-8", async () => {
    const response = await get("/feed.json");
    expect(response.headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
  });

  it("lists published meetings with their structured data, in Arabic by default", async () => {
    await publish();
    const feed = (await (await get("/feed.json")).json()) as JsonFeed;
    expect(feed.title).toBe("شبكة المنظمات السورية");
    expect(feed.home_page_url).toBe("https://network.example");
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({
      id: "M-0001",
      url: "https://liqaa.test/meetings/M-0001",
      title: "مشاورات حول خطة الاستجابة",
      language: "ar",
      date_published: "2026-01-15T10:00:00+03:00",
      tags: ["OCHA", "مشاورات"],
      _liqaa: {
        start: "2026-01-15T10:00:00+03:00",
        end: "2026-01-15T12:00:00+03:00",
        timezone: "Europe/Istanbul",
        status: "scheduled",
        kind: "consultation",
      },
    });
  });

  it("gives English titles and item urls with lang=en", async () => {
    await publish();
    const feed = (await (await get("/feed.json?lang=en")).json()) as JsonFeed;
    expect(feed.items[0]?.title).toBe("Consultation on the response plan");
    expect(feed.items[0]?.url).toBe("https://liqaa.test/meetings/M-0001?lang=en");
  });

  it("leaves out drafts and unpublished rows", async () => {
    await publish([
      meeting({ id: "M-1" }),
      meeting({ id: "M-2", status: "draft" }),
      meeting({ id: "M-3", publish: false }),
    ]);
    const feed = (await (await get("/feed.json")).json()) as JsonFeed;
    expect(feed.items.map((i) => i.id)).toEqual(["M-1"]);
  });

  it("leaves out a meeting whose ID is only proposed until the sheet has it", async () => {
    const proposed = meeting({ id: "2026-01-15-ocha", id_proposed: true });
    await publish([meeting({ id: "M-1" }), proposed]);
    const before = (await (await get("/feed.json")).json()) as JsonFeed;
    // The next sync reads the ID back from the sheet: now it is the meeting's own.
    await publish([meeting({ id: "M-1" }), { ...proposed, id_proposed: false }]);
    const after = (await (await get("/feed.json")).json()) as JsonFeed;
    expect(before.items.map((i) => i.id)).toEqual(["M-1"]);
    expect(after.items.map((i) => i.id).sort()).toEqual(["2026-01-15-ocha", "M-1"]);
  });

  it("splits upcoming from past at the request time", async () => {
    await publish([
      meeting({ id: "soon", date: daysFromNow(3) }),
      meeting({ id: "later", date: daysFromNow(10) }),
      meeting({ id: "gone", date: daysFromNow(-5), status: "held" }),
      meeting({ id: "undated", date: null, start: null, end: null, status: "held" }),
    ]);
    const upcoming = (await (await get("/feed.json?when=upcoming")).json()) as JsonFeed;
    const past = (await (await get("/feed.json?when=past")).json()) as JsonFeed;
    expect(upcoming.items.map((i) => i.id)).toEqual(["soon", "later"]);
    expect(past.items.map((i) => i.id)).toEqual(["gone", "undated"]);
  });

  it("publishes an undated held meeting without dates", async () => {
    await publish([meeting({ date: null, start: null, end: null, status: "held" })]);
    const feed = (await (await get("/feed.json")).json()) as JsonFeed;
    expect(feed.items[0]?.date_published).toBeUndefined();
    expect(feed.items[0]?._liqaa.start).toBeNull();
  });

  it("filters by organization without regard to case, and by kind", async () => {
    await publish([
      meeting({ id: "a", organization: "UNDP", kind: "workshop" }),
      meeting({ id: "b", organization: "OCHA", kind: "workshop" }),
      meeting({ id: "c", organization: "OCHA", kind: "briefing" }),
    ]);
    const feed = (await (
      await get("/feed.json?organization=ocha&kind=workshop")
    ).json()) as JsonFeed;
    expect(feed.items.map((i) => i.id)).toEqual(["b"]);
  });

  it("pages with limit and a next_url that leads to the rest", async () => {
    await publish(["1", "2", "3"].map((n) => meeting({ id: `M-${n}`, date: `2026-02-0${n}` })));
    const first = (await (await get("/feed.json?limit=2")).json()) as JsonFeed;
    expect(first.items.map((i) => i.id)).toEqual(["M-3", "M-2"]);
    expect(first.next_url).toBeDefined();
    const next = new URL(first.next_url!);
    const second = (await (await get(`${next.pathname}${next.search}`)).json()) as JsonFeed;
    expect(second.items.map((i) => i.id)).toEqual(["M-1"]);
    expect(second.next_url).toBeUndefined();
  });

  it("answers a bad parameter with 400 naming it and why", async () => {
    const response = await get("/feed.json?when=tomorrow");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "bad_parameter",
        parameter: "when",
        message: 'when must be "upcoming", "past" or "all", got "tomorrow"',
      },
    });
  });

  it("rejects a limit out of range", async () => {
    const response = await get("/feed.json?limit=0");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { parameter: string } }).error.parameter).toBe(
      "limit",
    );
  });
});

describe("revalidation and caching", () => {
  it("answers 304 to a matching If-None-Match", async () => {
    await publish();
    const first = await get("/feed.json");
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]{16}-[0-9a-f]{16}"$/);
    const again = await get("/feed.json", { "If-None-Match": etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("ETag")).toBe(etag);
  });

  it("answers 304 to If-Modified-Since at or after Last-Modified", async () => {
    await publish();
    const first = await get("/feed.json");
    const lastModified = first.headers.get("Last-Modified");
    expect(lastModified).not.toBeNull();
    const again = await get("/feed.json", { "If-Modified-Since": lastModified! });
    expect(again.status).toBe(304);
  });

  it("gives a different ETag for a different query", async () => {
    await publish();
    const ar = await get("/feed.json");
    const en = await get("/feed.json?lang=en");
    expect(ar.headers.get("ETag")).not.toBe(en.headers.get("ETag"));
  });

  it("changes the ETag when the sheet's public content changes", async () => {
    await publish();
    const before = (await get("/feed.json")).headers.get("ETag");
    await publish([meeting({ location: "Online" })]);
    const after = (await get("/feed.json")).headers.get("ETag");
    expect(after).not.toBe(before);
  });

  it("sends Cache-Control fit for a 5-minute sync", async () => {
    const response = await get("/feed.json");
    expect(response.headers.get("Cache-Control")).toBe(
      "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400",
    );
  });

  it("answers HEAD with the headers and no body", async () => {
    await publish();
    const response = await get("/feed.json", {}, "HEAD");
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).not.toBeNull();
    expect(await response.text()).toBe("");
  });

  it.each(["/feed.json", "/calendar.ics", "/schema/feed.json"])(
    "opens %s to every origin",
    async (path) => {
      const response = await get(path, { Origin: "https://partner.example" });
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    },
  );

  it("answers a CORS preflight for a conditional request", async () => {
    const response = await get(
      "/feed.json",
      { Origin: "https://partner.example", "Access-Control-Request-Method": "GET" },
      "OPTIONS",
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Headers")).toContain("If-None-Match");
  });
});

describe("the stored snapshot", () => {
  it("keeps serving the last good snapshot when a bad one is refused", async () => {
    await publish();
    const bad = {
      ...buildSnapshot(sheet([meeting()]), new Date()),
      version: 2,
    } as unknown as FeedSnapshot;
    const result = await writeSnapshot(env.FEED, bad);
    expect(result.ok).toBe(false);
    const feed = (await (await get("/feed.json")).json()) as JsonFeed;
    expect(feed.items.map((i) => i.id)).toEqual(["M-0001"]);
  });

  it("is not rewritten when nothing public changed, so Last-Modified holds", async () => {
    await publish([meeting()], new Date("2026-01-01T00:00:00Z"));
    const again = await writeSnapshot(
      env.FEED,
      buildSnapshot(sheet([meeting()]), new Date("2026-01-01T00:05:00Z")),
    );
    expect(again).toMatchObject({ ok: true, written: false });
    expect((await readSnapshot(env.FEED))?.snapshot.generated_at).toBe("2026-01-01T00:00:00.000Z");
  });

  it("keeps an unchanged meeting's date_modified across a change elsewhere", async () => {
    await publish([meeting({ id: "a" }), meeting({ id: "b" })], new Date("2026-01-01T00:00:00Z"));
    await publish(
      [meeting({ id: "a" }), meeting({ id: "b", location: "Online" })],
      new Date("2026-01-01T00:05:00Z"),
    );
    const feed = (await (await get("/feed.json")).json()) as JsonFeed;
    const modified = Object.fromEntries(feed.items.map((i) => [i.id, i.date_modified]));
    expect(modified).toEqual({ a: "2026-01-01T00:00:00.000Z", b: "2026-01-01T00:05:00.000Z" });
  });

  it("shows a published meeting later cancelled, marked cancelled", async () => {
    const date = daysFromNow(5);
    await publish([meeting({ date })]);
    await publish([meeting({ date, status: "cancelled" })]);
    const feed = (await (await get("/feed.json")).json()) as JsonFeed;
    expect(feed.items.map((i) => i._liqaa.status)).toEqual(["cancelled"]);
  });

  it("never shows a meeting cancelled before it was published", async () => {
    await publish([meeting({ date: daysFromNow(5), status: "cancelled" })]);
    const feed = (await (await get("/feed.json")).json()) as JsonFeed;
    expect(feed.items).toEqual([]);
  });
});

describe("GET /schema/feed.json", () => {
  it("serves the JSON Schema with its $id at this address", async () => {
    const response = await get("/schema/feed.json");
    expect(response.headers.get("Content-Type")).toBe("application/schema+json; charset=utf-8");
    const schema = (await response.json()) as { $id: string };
    expect(schema.$id).toBe("https://liqaa.test/schema/feed.json");
  });
});

describe("GET /calendar.ics", () => {
  it("publishes dated meetings with stable UIDs and their time zone", async () => {
    await publish([
      meeting(),
      meeting({ id: "undated", date: null, start: null, end: null, status: "held" }),
    ]);
    const response = await get("/calendar.ics");
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("METHOD:PUBLISH");
    expect(text).toContain("UID:M-0001@liqaa");
    expect(text).toContain("DTSTART;TZID=Europe/Istanbul:20260115T100000");
    expect(text).toContain("BEGIN:VTIMEZONE");
    expect(text).not.toContain("undated@liqaa");
  });

  it("answers 304 to a matching If-None-Match", async () => {
    await publish();
    const etag = (await get("/calendar.ics")).headers.get("ETag")!;
    expect((await get("/calendar.ics", { "If-None-Match": etag })).status).toBe(304);
  });
});

describe("GET /meetings/{id}", () => {
  it("shows the meeting right to left in Arabic, with an add-to-calendar link", async () => {
    await publish();
    const response = await get("/meetings/M-0001");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("مشاورات حول خطة الاستجابة");
    expect(html).toContain('href="https://liqaa.test/meetings/M-0001/calendar.ics"');
  });

  it("shows English left to right with ?lang=en", async () => {
    await publish();
    const html = await (await get("/meetings/M-0001?lang=en")).text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("Consultation on the response plan");
  });

  it("escapes what staff typed", async () => {
    await publish([meeting({ title_ar: '<img src=x onerror="alert(1)">' })]);
    const html = await (await get("/meetings/M-0001")).text();
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).not.toContain("<img");
  });

  it("answers an unknown id with a 404 page", async () => {
    await publish();
    const response = await get("/meetings/M-9999");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("لم نجد هذا الاجتماع");
  });

  it("offers one meeting's calendar entry", async () => {
    await publish([meeting(), meeting({ id: "M-0002" })]);
    const text = await (await get("/meetings/M-0001/calendar.ics")).text();
    expect(text).toContain("UID:M-0001@liqaa");
    expect(text).not.toContain("UID:M-0002@liqaa");
  });
});

describe("the widget and its demo page", () => {
  it("serves widget.js as JavaScript that defines <liqaa-meetings>", async () => {
    const response = await get("/widget.js");
    expect(response.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(await response.text()).toContain('customElements.define("liqaa-meetings"');
  });

  it("answers 304 for widget.js the browser already has", async () => {
    const etag = (await get("/widget.js")).headers.get("ETag")!;
    expect((await get("/widget.js", { "If-None-Match": etag })).status).toBe(304);
  });

  it("shows the widget on the live feed at /, with the snippet to embed it", async () => {
    const html = await (await get("/")).text();
    expect(html).toContain('<liqaa-meetings id="ar" src="https://liqaa.test/feed.json" lang="ar"');
    expect(html).toContain("&lt;script src=&quot;https://liqaa.test/widget.js&quot; defer&gt;");
  });
});
