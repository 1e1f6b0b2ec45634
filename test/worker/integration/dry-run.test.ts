// Dry-run mode through the Worker's scheduled handler: it plans but sends and
// enqueues nothing, says so in each meeting's Sync status, and leaves no
// backlog: the first real sync after it plans exactly what a first sync would.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { cron, MEETINGS_TAB, newWorld, tab, worldPerTest } from "../support/index.ts";

const world = worldPerTest();

/** What the outbox plans, without meeting ids (a dry run writes the ids it proposes, a fresh sheet gets new ones). */
async function plannedMail(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT email, kind, sequence FROM outbox WHERE kind <> 'digest'",
  ).all<{ email: string; kind: string; sequence: number }>();
  return results.map((r) => `${r.email}|${r.kind}|${r.sequence}`).sort();
}

it("sends nothing through SES and enqueues nothing in dry-run mode", async () => {
  world.env = { ...world.env, DRY_RUN: "true" };
  const run = await cron(world);
  expect(run.counts?.planned).toBeGreaterThan(0);
  expect(world.queue.take()).toEqual([]);
});

it("says in each meeting's Sync status that a dry run sent nothing", async () => {
  world.env = { ...world.env, DRY_RUN: "true" };
  await cron(world);
  const grid = await tab(world, MEETINGS_TAB);
  const status = grid[10]?.[grid[0]?.indexOf("حالة المزامنة") ?? -1] ?? "";
  expect(status).toMatch(/^◌ معاينة، لم يُرسل شيء: سيُدعى \d+ /);
});

it("plans exactly a first sync's mail after dry runs, with no backlog from them", async () => {
  // Two syncs: a meeting whose ID the first one proposes is invited once the ID is in the sheet.
  await cron(world);
  await cron(world);
  const firstSync = await plannedMail();
  expect(firstSync.length).toBeGreaterThan(0);

  Object.assign(world, await newWorld());
  const dry = { ...world, env: { ...world.env, DRY_RUN: "true" } };
  const dryRun = await cron(dry);
  await cron(dry);
  expect(dryRun.counts?.planned).toBeGreaterThan(0);
  expect(await plannedMail()).toEqual([]);

  await cron(world);
  await cron(world);
  expect(await plannedMail()).toEqual(firstSync);
}, 60_000);
