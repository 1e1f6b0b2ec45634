// Review findings on the sync run, one behaviour per test, through the Worker's
// scheduled handler against the Sheets emulator and the demo sheet: what the
// feed, the Sync log and the run record say when the sheet's structure breaks.
import { env } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { readSnapshot } from "../../../src/feed/snapshot.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { DIGEST_LISTED, renderDigest } from "../../../src/mail/render.ts";
import { SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import type { Problem } from "../../../src/sheet/types.ts";
import { lastRuns } from "../../../src/sync/store.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { faultyD1 } from "../faults/faulty-d1.ts";
import { now as fixedNow, settings } from "../mail/fixtures.ts";
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

it("records a run that throws as failed, not running", async () => {
  const faulty = faultyD1(env.DB, /INSERT INTO outbox/);
  const broken = { ...world, env: { ...world.env, DB: faulty.db } };
  await expect(cron(broken)).rejects.toThrow(/injected fault/);

  const [run] = await lastRuns(env.DB, 1);
  expect(run?.outcome).toBe("failed");
  expect(JSON.stringify(run?.problems)).toContain("injected fault");
}, 60_000);

it("lists at most DIGEST_LISTED problems in a digest and counts the rest", () => {
  const problems: Problem[] = Array.from({ length: DIGEST_LISTED + 37 }, (_, i) => ({
    tab: "Meetings",
    row: i + 2,
    column: "Date",
    value: `bad-${i}`,
    code: "date.invalid",
    severity: "error",
    message: { ar: `تاريخ غير صالح ${i}`, en: `not a date ${i}` },
  }));
  const mail = renderDigest({
    settings,
    problems,
    to: "staff@network.example.org",
    now: fixedNow,
    messageId: "<digest@liqaa>",
  });
  expect(mail.text).toContain(`bad-${DIGEST_LISTED - 1}`);
  expect(mail.text).not.toContain(`bad-${DIGEST_LISTED}`);
  expect(mail.text).toContain("and 37 more");
  expect(mail.subject).toContain(`(${DIGEST_LISTED + 37})`);
});

/** What the outbox plans, without meeting ids (a dry run writes the ids it proposes, a fresh sheet gets new ones). */
async function plannedMail(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT email, kind, sequence FROM outbox WHERE kind <> 'digest'",
  ).all<{ email: string; kind: string; sequence: number }>();
  return results.map((r) => `${r.email}|${r.kind}|${r.sequence}`).sort();
}

it("plans exactly a first sync's mail after dry runs, with no backlog from them", async () => {
  // Two syncs: a meeting whose ID the first one proposes is invited once the ID is in the sheet.
  await cron(world);
  await cron(world);
  const firstSync = await plannedMail();
  expect(firstSync.length).toBeGreaterThan(0);

  world = await newWorld();
  const dry = { ...world, env: { ...world.env, DRY_RUN: "true" } };
  const dryRun = await cron(dry);
  await cron(dry);
  expect(dryRun.counts?.planned).toBeGreaterThan(0);
  expect(await plannedMail()).toEqual([]);

  await cron(world);
  await cron(world);
  expect(await plannedMail()).toEqual(firstSync);
}, 60_000);
