// 10,000 rows of random garbage (fast-check, fixed seed). Kept as a regression
// test for two D1 refusals of a value too large ("string or blob too big"): the
// run record once stored every problem (src/sync/run.ts now keeps the first 200
// and the count) and the staff digest once listed every problem in one outbox
// row (renderDigest now lists 200 and points to the Sync log for the rest).
import { expect, it } from "vitest";
import { cron, MEETINGS_TAB, tab, writeGrid } from "../support/index.ts";
import { baselinePlan, faultWorldPerTest, garbageRows } from "./helpers.ts";
import { asPlanned, assertNothingLostNothingRepeated, plannedKey, quiesce } from "./invariant.ts";

const world = faultWorldPerTest();

it("syncs 10,000 rows of random garbage, reports them, and sends only what the good rows plan", async () => {
  const [header = [], ...rows] = await tab(world, MEETINGS_TAB);
  await writeGrid(world, MEETINGS_TAB, [header, ...rows, ...garbageRows(header.length, 10_000)]);

  const started = Date.now();
  const run = await cron(world);
  expect(run.outcome, JSON.stringify(run.problems?.[0])).toBe("ok");
  expect(run.counts?.problems).toBeGreaterThan(0);
  expect(Date.now() - started).toBeLessThan(240_000);

  await quiesce(world);
  const planned = (await baselinePlan()).filter((p) => p.kind !== "digest");
  const ledger = await assertNothingLostNothingRepeated(world, planned);
  // Nothing is sent for garbage: besides staff digests, the outbox holds the demo sheet's plan.
  const sent = asPlanned(ledger.rows.filter((r) => r.kind !== "digest"));
  expect(sent.map(plannedKey).sort()).toEqual(planned.map(plannedKey).sort());
}, 600_000);
