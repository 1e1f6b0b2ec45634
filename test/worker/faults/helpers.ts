// Small tools the fault tests share: the fault-free plan of the demo sheet
// that a faulty run is compared with, a world per test that has it ready, and
// random garbage rows.
import fc from "fast-check";
import { beforeEach } from "vitest";
import { newWorld, type World, worldPerTest } from "../support/index.ts";
import { asPlanned, outboxRows, type PlannedEmail, quiesce } from "./invariant.ts";

let demoPlan: PlannedEmail[] | null = null;

/** Every email the demo sheet plans when nothing fails (computed once per file, then cached). */
export async function baselinePlan(): Promise<PlannedEmail[]> {
  if (demoPlan) return demoPlan;
  const w = await newWorld();
  await quiesce(w);
  demoPlan = asPlanned(await outboxRows());
  if (demoPlan.length === 0) throw new Error("the demo sheet planned no email");
  return demoPlan;
}

/** A new world before every test, once the fault-free plan is known (it takes a world of its own). */
export function faultWorldPerTest(): World {
  beforeEach(async () => {
    await baselinePlan();
  });
  return worldPerTest();
}

/**
 * `count` Meetings rows of random garbage (a fixed seed, so a failure replays):
 * a blank ID, a title that is never blank (so the parser must judge each row),
 * then random text, numbers, formulas and near-miss dates and times.
 */
export function garbageRows(width: number, count: number): string[][] {
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.constantFrom("", " ", "=1+1", "2019/13/40", "٢٠١٩/٠٥/١٦", "25:99", "\n", "نعم", "a@b"),
    fc.integer({ min: -1e6, max: 1e6 }).map(String),
  );
  const row = fc
    .tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.array(text, { maxLength: width }))
    .map(([title, cells]) => ["", title, ...cells.slice(0, width - 2)]);
  return fc.sample(row, { numRuns: count, seed: 20261129 });
}
