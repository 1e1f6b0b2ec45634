// A fault that exposed a bug in src/sync/run.ts (kept as a regression test):
// when every header of the Meetings tab is renamed to an unknown word, the sync
// reports the missing columns and sends nothing, and must keep the last good
// feed snapshot rather than publish one built from zero meetings (the public
// feed keeps serving the last good snapshot when the sheet is unreadable).
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { readSnapshot } from "../../../src/feed/snapshot.ts";
import { cron, MEETINGS_TAB, tab, worldPerTest, writeGrid } from "../support/index.ts";

import { quiesce } from "./invariant.ts";

const world = worldPerTest();

it("keeps the last feed snapshot when every header of the Meetings tab is renamed", async () => {
  await quiesce(world);
  const before = await readSnapshot(env.FEED);
  expect(before?.snapshot.meetings.length).toBeGreaterThan(0);

  const [header = [], ...rows] = await tab(world, MEETINGS_TAB);
  await writeGrid(world, MEETINGS_TAB, [header.map((_, i) => `عمود ${i + 1}`), ...rows]);
  await cron(world);

  expect((await readSnapshot(env.FEED))?.text).toBe(before?.text);
}, 120_000);
