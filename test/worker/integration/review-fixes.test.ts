// Review findings on the sync run, one behaviour per test, through the Worker's
// scheduled handler against the Sheets emulator and the demo sheet: what the
// feed, the Sync log and the run record say when the sheet's structure breaks.
import { env } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { readSnapshot } from "../../../src/feed/snapshot.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { cron, deliver, MEETINGS_TAB, newWorld, SYNC_LOG_TAB, tab, type World } from "./harness.ts";

let world: World;
beforeEach(async () => {
  world = await newWorld();
});

/** Replaces a tab's grid from A1, padding rows to one width so no old cell is left behind. */
async function writeGrid(w: World, title: string, grid: string[][]): Promise<void> {
  const width = Math.max(1, ...grid.map((r) => r.length));
  const written = await w.staff.batchUpdate([
    {
      range: a1Range(title, `A1:${columnLetter(width - 1)}${grid.length + 1}`),
      values: [...grid, []].map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")),
    },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

const codes = (grid: string[][]) => {
  const col = SYNC_LOG_COLUMNS.findIndex((c) => c.key === "code");
  return grid.slice(1).map((line) => line[col]);
};

it("keeps the feed and says why in the Sync log when a title row is inserted above the header", async () => {
  await cron(world);
  await deliver(world, world.queue.take());
  const before = await readSnapshot(env.FEED);
  expect(before?.snapshot.meetings.length).toBeGreaterThan(0);

  const grid = await tab(world, MEETINGS_TAB);
  await writeGrid(world, MEETINGS_TAB, [["اجتماعات الشبكة ٢٠٢٦"], ...grid]);
  const run = await cron(world);

  expect((await readSnapshot(env.FEED))?.text).toBe(before?.text);
  expect(run.counts?.snapshotKept).toBe(1);
  expect(codes(await tab(world, SYNC_LOG_TAB))).toContain("feed.kept");
}, 60_000);
