// The public routes through the real Worker entry, as deployed: the snapshot is put
// in the FEED namespace the way the sync stores it.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { JsonFeed } from "../../../src/feed/json-feed.ts";
import { buildSnapshot, deleteSnapshot, writeSnapshot } from "../../../src/feed/snapshot.ts";
import { meeting, sheet } from "./fixtures.ts";

beforeEach(async () => {
  await deleteSnapshot(env.FEED);
});

describe("the public routes in the Worker", () => {
  it("serve the stored snapshot as the feed", async () => {
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting()]), new Date()));
    const response = await exports.default.fetch("http://liqaa.test/feed.json?lang=en");
    expect(response.status).toBe(200);
    const feed = (await response.json()) as JsonFeed;
    expect(feed.items.map((i) => i.title)).toEqual(["Consultation on the response plan"]);
  });

  it("serve an empty feed before the first sync", async () => {
    const response = await exports.default.fetch("http://liqaa.test/feed.json");
    expect(response.status).toBe(200);
    expect(((await response.json()) as JsonFeed).items).toEqual([]);
  });

  it("answer 304 through the Worker for a matching ETag", async () => {
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting()]), new Date()));
    const etag = (await exports.default.fetch("http://liqaa.test/calendar.ics")).headers.get(
      "ETag",
    )!;
    const again = await exports.default.fetch("http://liqaa.test/calendar.ics", {
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
  });

  it("serve a meeting page and the widget", async () => {
    await writeSnapshot(env.FEED, buildSnapshot(sheet([meeting()]), new Date()));
    expect((await exports.default.fetch("http://liqaa.test/meetings/M-0001")).status).toBe(200);
    expect((await exports.default.fetch("http://liqaa.test/widget.js")).status).toBe(200);
  });
});
