// Linked meetings through the real scheduled handler, on the demo sheet in the
// Sheets emulator: the feed carries the first Khoury meeting's Part of (the
// Hizma meeting) and the UNDP leadership meeting's Follows (the 2019/11/18-19
// series); unpublishing the Hizma meeting takes the link out of the feed; a
// loop staff type is an error on both rows of it, told in the Sync log, and
// the website keeps both meetings as they were.
import { createExecutionContext } from "cloudflare:test";
import { expect, it } from "vitest";
import type { JsonFeed, LiqaaItemExtension } from "../../../src/feed/json-feed.ts";
import { SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import worker from "../../../workers/index.ts";
import {
  MEETINGS_TAB,
  SYNC_LOG_TAB,
  setCell,
  syncAndDeliver,
  tab,
  worldPerTest,
} from "../support/index.ts";

const world = worldPerTest();

const KHOURY = { id: "ocha-khoury-hizma", row: 2 };
const HIZMA = { id: "ocha-hizma", row: 15 };
const LEADERSHIP = "undp-leadership-workshops";

/** GET a public path through the Worker's fetch handler, as a website would. */
async function get(path: string): Promise<Response> {
  // The handler's type wants an incoming request's cf properties; a test request has none.
  const request = new Request(`https://liqaa.example.org${path}`) as Request<
    unknown,
    IncomingRequestCfProperties
  >;
  return worker.fetch(request, world.env, createExecutionContext());
}

async function extensions(): Promise<Map<string, LiqaaItemExtension>> {
  const feed = (await (await get("/feed.json?when=all&limit=200")).json()) as JsonFeed;
  return new Map(feed.items.map((i) => [i.id, i._liqaa]));
}

/** The Sync log's lines about Meetings rows, as `row|code|column`, for the link codes. */
async function linkLog(): Promise<string[]> {
  const col = (key: string) => SYNC_LOG_COLUMNS.findIndex((c) => c.key === key);
  return (await tab(world, SYNC_LOG_TAB))
    .slice(1)
    .filter((l) => l[col("tab")] === MEETINGS_TAB && l[col("code")]?.startsWith("link."))
    .map((l) => `${l[col("row")]}|${l[col("code")]}|${l[col("column")]}`)
    .sort();
}

it("publishes the demo sheet's links, drops one to an unpublished meeting, and keeps a loop's rows as they were", async () => {
  await syncAndDeliver(world);
  let items = await extensions();
  expect(items.get(KHOURY.id)?.part_of).toBe(HIZMA.id);
  expect(items.get(LEADERSHIP)?.follows).toBe("2019-11-18-undp-mansour");
  expect(items.get(HIZMA.id)).not.toHaveProperty("part_of");
  expect(await linkLog()).toEqual([]);
  const page = await (await get(`/meetings/${HIZMA.id}?lang=en`)).text();
  expect(page).toContain(
    `<dt>On its margins</dt><dd><a href="https://liqaa.example.org/meetings/${KHOURY.id}?lang=en">`,
  );

  await setCell(world, HIZMA.row, "للنشر", "لا");
  await syncAndDeliver(world);
  items = await extensions();
  expect(items.has(HIZMA.id)).toBe(false);
  expect(items.get(KHOURY.id)).not.toHaveProperty("part_of");

  await setCell(world, HIZMA.row, "للنشر", "نعم");
  await setCell(world, HIZMA.row, "يلي", KHOURY.id);
  await syncAndDeliver(world);
  expect(await linkLog()).toEqual([`${HIZMA.row}|link.cycle|يلي`, `${KHOURY.row}|link.cycle|ضمن`]);
  // Both rows are kept as they were last valid: still published, the Hizma one
  // unpublished then, so the Khoury meeting is kept without its link.
  items = await extensions();
  expect(items.has(KHOURY.id)).toBe(true);
  expect(items.has(HIZMA.id)).toBe(false);
}, 90_000);
