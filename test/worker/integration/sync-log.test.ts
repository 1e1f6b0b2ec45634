// What the Sync log tab tells staff, through the Worker's scheduled handler
// against the Sheets emulator and the demo sheet: why the feed was kept when
// the Meetings header moved, which emails could not be composed, and which
// staff digest was not sent.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { readSnapshot } from "../../../src/feed/snapshot.ts";
import { SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import {
  cron,
  deliver,
  MEETINGS_TAB,
  SYNC_LOG_TAB,
  tab,
  worldPerTest,
  writeCells,
  writeGrid,
} from "../support/index.ts";

const world = worldPerTest();

const codes = (grid: string[][]) => {
  const col = SYNC_LOG_COLUMNS.findIndex((c) => c.key === "code");
  return grid.slice(1).map((line) => line[col]);
};

/** A Meetings row with a date no calendar has: a problem, so the sync queues a staff digest. */
const breakADate = () => writeCells(world, MEETINGS_TAB, "D13", [["2019/13/40"]]);

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

it("writes emails that cannot be composed into the Sync log", async () => {
  // A row a crashed run left unrendered, for a meeting staff have since deleted from the sheet.
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state, created_at, updated_at)
     VALUES ('gone-meeting|a@example.org|invite|0', 'gone-meeting', 'a@example.org', 'invite', 0, 'ar', 'pending', ?, ?)`,
  )
    .bind(now, now)
    .run();
  const run = await cron(world);

  expect(run.counts?.uncomposed).toBe(1);
  expect(codes(await tab(world, SYNC_LOG_TAB))).toContain("compose.meeting.missing");
});

it("writes a staff digest that was not sent into the Sync log", async () => {
  await breakADate();
  const run = await cron(world);
  expect(run.counts?.digests).toBeGreaterThan(0);
  await env.DB.prepare(
    "UPDATE outbox SET state = 'rejected', last_error = 'MessageRejected' WHERE kind = 'digest'",
  ).run();
  await cron(world);

  expect(codes(await tab(world, SYNC_LOG_TAB))).toContain("digest.not_sent");
});
