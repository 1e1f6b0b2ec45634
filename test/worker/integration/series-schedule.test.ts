// A series' schedule in public through the real Worker: the demo sheet's June
// 2027 series (2027-06-07-undp-bilaterals), made scheduled and published, is
// one feed item with no slots until its Publish schedule cell says yes; then
// the feed lists the slots the sync assigned (as the Schedule tab has them)
// and the page shows them; "no" again takes them off at the next sync.
import { createExecutionContext } from "cloudflare:test";
import { expect, it } from "vitest";
import type { JsonFeed, LiqaaItemExtension } from "../../../src/feed/json-feed.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import worker from "../../../workers/index.ts";
import {
  MEETINGS_TAB,
  setCell,
  syncAndDeliver,
  tab,
  worldPerTest,
  writeCells,
} from "../support/index.ts";

const world = worldPerTest({}, { timeoutMs: 120_000 });
const SERIES = "2027-06-07-undp-bilaterals";

async function get(path: string): Promise<Response> {
  // The handler's type wants an incoming request's cf properties; a test request has none.
  const request = new Request(`https://liqaa.example.org${path}`) as Request<
    unknown,
    IncomingRequestCfProperties
  >;
  return worker.fetch(request, world.env, createExecutionContext());
}

async function published(): Promise<LiqaaItemExtension["series"]> {
  const feed = (await (await get("/feed.json?when=all&limit=200")).json()) as JsonFeed;
  return feed.items.find((i) => i.id === SERIES)?._liqaa.series;
}

/** The Schedule tab's lines of the series as `organisation day time` (Istanbul). */
async function scheduleTab(): Promise<string[]> {
  return (await tab(world, "الجدول"))
    .filter((r) => r[0] === SERIES)
    .map((r) => `${r[1]} ${r[2]} ${r[3]}`);
}

/** A published slot as the Schedule tab writes it: `organisation 2027/06/07 09:00-09:45`. */
function asTabLine(slot: { organization: string; start: string; end: string }): string {
  expect(slot.start.endsWith("+03:00")).toBe(true);
  const day = slot.start.slice(0, 10).replaceAll("-", "/");
  return `${slot.organization} ${day} ${slot.start.slice(11, 16)}-${slot.end.slice(11, 16)}`;
}

it("publishes the demo series' slots only while its Publish schedule cell says yes", async () => {
  const grid = await tab(world, MEETINGS_TAB);
  const row = grid.findIndex((r) => r[0] === SERIES) + 1;
  expect(row).toBeGreaterThan(1);
  await setCell(world, row, "الحالة", "مؤكد");
  await setCell(world, row, "للنشر", "نعم");
  // The demo sheet predates the column: it goes after the last header, as setup-sheet puts it.
  const header = grid[0] ?? [];
  const col = header.includes("نشر الجدول") ? header.indexOf("نشر الجدول") : header.length;
  await writeCells(world, MEETINGS_TAB, `${columnLetter(col)}1`, [["نشر الجدول"]]);
  await syncAndDeliver(world);

  const plain = await published();
  expect(plain?.organizations).toBeGreaterThan(1);
  expect(plain).not.toHaveProperty("slots");
  expect(plain).not.toHaveProperty("schedule_published");
  const lines = await scheduleTab();
  expect(lines).toHaveLength(plain?.organizations ?? -1);

  await setCell(world, row, "نشر الجدول", "نعم");
  await syncAndDeliver(world);
  const open = await published();
  const slots = open && "slots" in open ? open.slots : [];
  expect(open && "slots" in open ? open.schedule_published : undefined).toBe(true);
  // Every slot the sync assigned, in the order of the schedule, at the Schedule tab's times.
  expect(slots.map(asTabLine)).toEqual(await scheduleTab());
  expect(slots.map((s) => s.start)).toEqual([...slots.map((s) => s.start)].sort());
  const first = slots[0]?.organization ?? "-";
  for (const lang of ["en", "ar"]) {
    const page = await (await get(`/meetings/${SERIES}?lang=${lang}`)).text();
    expect(page).toContain(lang === "en" ? "<dt>Schedule</dt>" : "<dt>الجدول</dt>");
    expect(page).toContain(`<bdi>${first}</bdi>: `);
  }

  await setCell(world, row, "نشر الجدول", "لا");
  await syncAndDeliver(world);
  expect(await published()).toEqual(plain);
  const page = await (await get(`/meetings/${SERIES}?lang=en`)).text();
  expect(page).not.toContain("<dt>Schedule</dt>");
  expect(page).not.toContain(`<bdi>${first}</bdi>`);
}, 120_000);
