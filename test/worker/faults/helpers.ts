// Small tools the fault tests share: edit the sheet as staff would, run a cron
// tick by hand (for overlaps), and the fault-free plan of the demo sheet that a
// faulty run is compared with.
import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import fc from "fast-check";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import worker from "../../../workers/index.ts";
import { MEETINGS_TAB, newWorld, tab, type World } from "../integration/harness.ts";
import { asPlanned, outboxRows, type PlannedEmail, quiesce } from "./invariant.ts";

export async function setCell(w: World, row: number, header: string, value: string): Promise<void> {
  const [headers = []] = await tab(w, MEETINGS_TAB);
  const col = headers.indexOf(header);
  if (col === -1) throw new Error(`no column ${header}`);
  const written = await w.staff.batchUpdate([
    { range: a1Range(MEETINGS_TAB, `${columnLetter(col)}${row}`), values: [[value]] },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

/** Replaces a tab's grid from A1, padding rows to one width so no old cell is left behind. */
export async function writeGrid(w: World, title: string, grid: string[][]): Promise<void> {
  const width = Math.max(1, ...grid.map((r) => r.length));
  const written = await w.staff.batchUpdate([
    {
      range: a1Range(title, `A1:${columnLetter(width - 1)}${grid.length}`),
      values: grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")),
    },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

/** One scheduled tick that may fail; the test decides what a failure means. */
export async function tick(w: World): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: new Date(), cron: "*/5 * * * *" }),
    w.env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

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

/** Sets a Settings value by its key (column A), as staff would. */
export async function setSetting(w: World, key: string, value: string): Promise<void> {
  const title = "الإعدادات";
  const grid = await tab(w, title);
  const row = grid.findIndex((r) => r[0] === key);
  if (row === -1) throw new Error(`no setting ${key}`);
  const written = await w.staff.batchUpdate([
    { range: a1Range(title, `B${row + 1}`), values: [[value]] },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
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
