// What the public routes keep between requests (src/feed/render-cache.ts): a snapshot
// another isolate wrote is served once the freshness window has passed, one this
// isolate wrote at once, a time-window view moves on when a meeting ends, and the
// rendered responses an attacker can multiply with queries stay bounded.
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import type { JsonFeed } from "../../../src/feed/json-feed.ts";
import {
  DEFAULT_SERVE_OPTIONS,
  rendered,
  ServedSnapshot,
  type ServeOptions,
  servedSnapshot,
} from "../../../src/feed/render-cache.ts";
import { feedRoutes } from "../../../src/feed/routes.ts";
import {
  buildSnapshot,
  deleteSnapshot,
  mergeWithPrevious,
  SNAPSHOT_KEY,
  snapshotHash,
  writeSnapshot,
} from "../../../src/feed/snapshot.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { meeting, sheet } from "./fixtures.ts";

/** A clock the test moves by hand. */
function clock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function app(options: Partial<ServeOptions>) {
  const root = new Hono<{ Bindings: typeof env }>();
  root.route("/", feedRoutes(options));
  return (path: string, headers: Record<string, string> = {}) =>
    root.request(`https://liqaa.test${path}`, { headers }, env);
}

async function ids(response: Response | Promise<Response>): Promise<string[]> {
  const feed = (await (await response).json()) as JsonFeed;
  return feed.items.map((i) => i.id);
}

/** Writes a snapshot the way another isolate's sync would: straight to KV, unseen here. */
async function writeElsewhere(meetings: Meeting[], now: Date) {
  const snapshot = mergeWithPrevious(buildSnapshot(sheet(meetings), now), null);
  await env.FEED.put(SNAPSHOT_KEY, JSON.stringify(snapshot), {
    metadata: { hash: await snapshotHash(snapshot), generated_at: snapshot.generated_at },
  });
}

const T0 = "2026-01-10T08:00:00.000Z";
const SECOND = 1000;

beforeEach(async () => {
  await deleteSnapshot(env.FEED);
});

describe("the kept snapshot", () => {
  it("serves another isolate's new snapshot once the freshness window has passed", async () => {
    const time = clock(T0);
    const get = app({ now: time.now, freshMs: 30 * SECOND });
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting({ id: "old" })]), new Date(T0)));
    expect(await ids(get("/feed.json"))).toEqual(["old"]);
    await writeElsewhere([meeting({ id: "new" })], new Date(time.now() + SECOND));
    time.advance(29 * SECOND);
    expect(await ids(get("/feed.json"))).toEqual(["old"]);
    time.advance(SECOND);
    expect(await ids(get("/feed.json"))).toEqual(["new"]);
  });

  it("does not read KV again within the freshness window", async () => {
    const time = clock(T0);
    const get = app({ now: time.now, freshMs: 30 * SECOND });
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting()]), new Date(T0)));
    const etag = (await get("/feed.json")).headers.get("ETag")!;
    // Gone from KV behind this isolate's back: only a KV read could notice.
    await env.FEED.delete(SNAPSHOT_KEY);
    time.advance(10 * SECOND);
    const again = await get("/feed.json", { "If-None-Match": etag });
    expect(again.status).toBe(304);
  });

  it("serves a snapshot this isolate wrote at once, inside the window", async () => {
    const time = clock(T0);
    const get = app({ now: time.now, freshMs: 30 * SECOND });
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting({ id: "old" })]), new Date(T0)));
    expect(await ids(get("/feed.json"))).toEqual(["old"]);
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting({ id: "new" })]), new Date(T0)));
    expect(await ids(get("/feed.json"))).toEqual(["new"]);
  });

  it("keeps the same ETag when KV, asked again, holds the same snapshot", async () => {
    const time = clock(T0);
    const get = app({ now: time.now, freshMs: 30 * SECOND });
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting()]), new Date(T0)));
    const before = (await get("/feed.json")).headers.get("ETag");
    time.advance(60 * SECOND);
    const after = await get("/feed.json", { "If-None-Match": before! });
    expect(after.status).toBe(304);
  });
});

describe("kept responses", () => {
  it("drop a meeting from the upcoming view when it ends, with no new snapshot", async () => {
    // 10:00–12:00 in Istanbul (UTC+3) is 07:00–09:00 UTC.
    const time = clock("2026-01-15T06:00:00.000Z");
    const get = app({ now: time.now, freshMs: 24 * 3600 * SECOND });
    await writeSnapshot(
      env.FEED,
      buildSnapshot(
        sheet([meeting({ id: "today" }), meeting({ id: "tomorrow", date: "2026-01-16" })]),
        new Date(time.now()),
      ),
    );
    expect(await ids(get("/feed.json?when=upcoming"))).toEqual(["today", "tomorrow"]);
    time.advance(3 * 3600 * SECOND + SECOND);
    expect(await ids(get("/feed.json?when=upcoming"))).toEqual(["tomorrow"]);
    expect(await ids(get("/feed.json?when=past"))).toEqual(["today"]);
  });

  it("are bounded in number however many different queries arrive", async () => {
    const options = { ...DEFAULT_SERVE_OPTIONS, maxEntries: 8 };
    const get = app(options);
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting()]), new Date()));
    for (let i = 0; i < 40; i++) {
      expect((await get(`/feed.json?organization=org-${i}`)).status).toBe(200);
    }
    const kept = await servedSnapshot(env.FEED, options);
    expect(kept.size.entries).toBe(8);
  });

  it("let the least recently used response go first", () => {
    const options = { ...DEFAULT_SERVE_OPTIONS, maxEntries: 2 };
    const served = new ServedSnapshot(
      {
        snapshot: buildSnapshot(sheet([]), new Date(T0)),
        meta: { hash: "h", generated_at: T0 },
        stored: true,
      },
      0,
      0,
    );
    let renders = 0;
    const make = () => {
      renders++;
      return rendered({ etag: '"e"', lastModified: null }, "body");
    };
    served.response("a", 0, options, make);
    served.response("b", 0, options, make);
    served.response("a", 0, options, make);
    served.response("c", 0, options, make);
    expect(renders).toBe(3);
    served.response("a", 0, options, make);
    expect(renders).toBe(3);
    served.response("b", 0, options, make);
    expect(renders).toBe(4);
  });

  it("are bounded in bytes as well as in number", () => {
    const options = { ...DEFAULT_SERVE_OPTIONS, maxEntries: 64, maxBytes: 1000 };
    const served = new ServedSnapshot(
      {
        snapshot: buildSnapshot(sheet([]), new Date(T0)),
        meta: { hash: "h", generated_at: T0 },
        stored: true,
      },
      0,
      0,
    );
    for (let i = 0; i < 10; i++) {
      served.response(`k${i}`, 0, options, () =>
        rendered({ etag: '"e"', lastModified: null }, "x".repeat(300)),
      );
    }
    expect(served.size).toEqual({ entries: 3, bytes: 900 });
  });
});
