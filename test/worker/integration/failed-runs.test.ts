// A sync that fails, through the Worker's scheduled handler: the run is
// recorded as failed (not left running), due mail still goes on the queue, and
// staff are told what a refused write-back means, without a false claim that
// no mail went out.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { lastRuns } from "../../../src/sync/store.ts";
import { faultyD1 } from "../faults/faulty-d1.ts";
import {
  cron,
  decodedParts,
  failedRunHoursAgo,
  injectFault,
  resetCalls,
  worldPerTest,
} from "../support/index.ts";

const world = worldPerTest();

/** A first sync calls getSpreadsheet, batchGet, the fresh re-read, then batchUpdate: the fourth call is refused. */
async function refuseTheWrite(): Promise<void> {
  await injectFault({ hangMs: 1, count: 3 });
  await injectFault({ status: 403, count: 1 });
}

it("records a run that throws as failed, not running", async () => {
  const faulty = faultyD1(env.DB, /INSERT INTO outbox/);
  const broken = { ...world, env: { ...world.env, DB: faulty.db } };
  await expect(cron(broken)).rejects.toThrow(/injected fault/);

  const [run] = await lastRuns(env.DB, 1);
  expect(run?.outcome).toBe("failed");
  expect(JSON.stringify(run?.problems)).toContain("injected fault");
}, 60_000);

it("queues due mail when the sheet cannot be read", async () => {
  await cron(world);
  expect(world.queue.take().length).toBeGreaterThan(0);
  // As a stale-claim sweep leaves a row it released: pending, composed, not on the Queue.
  await env.DB.prepare("UPDATE outbox SET enqueued_at = NULL").run();
  await injectFault({ status: 503, count: 20 });
  const run = await cron(world);
  await resetCalls();

  expect(run.outcome).toBe("failed");
  expect(world.queue.take().length).toBeGreaterThan(0);
}, 30_000);

it("tells staff a 403 on the write-back means sharing the sheet as Editor, and still queues the mail", async () => {
  await refuseTheWrite();
  const run = await cron(world);
  await resetCalls();

  expect(run.outcome).toBe("write_failed");
  const error = run.problems?.[0] as { kind: string; outcome: string; message: { en: string } };
  expect(error).toMatchObject({ kind: "forbidden", outcome: "write_failed" });
  expect(error.message.en).toMatch(/Viewer\. Share the sheet with it as Editor/);
  expect(world.queue.take().length).toBeGreaterThan(0);
});

it("does not claim in the outage digest that no mail went out when only the write-back fails", async () => {
  await failedRunHoursAgo(2);
  await refuseTheWrite();
  await cron(world);
  await resetCalls();

  const row = await env.DB.prepare(
    "SELECT raw FROM outbox WHERE kind = 'digest' AND idempotency_key LIKE '%|write-outage|%'",
  ).first<{ raw: string }>();
  const text = decodedParts(row?.raw ?? "");
  expect(text).toContain("have not been written into the sheet");
  expect(text).not.toContain("no new mail went out");
});
