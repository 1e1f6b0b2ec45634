// Sync cost: CPU time of parse + validate + plan for generated
// sheets of growing size, and the memory they take. Each size runs in its own
// child process (with --expose-gc), so one size's garbage and peak RSS never
// colour the next. The plan starts from an empty store: the first sync of a
// sheet, when every scheduled meeting's invitations are planned — the worst case.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateSheet } from "../scripts/generate-sheet.ts";
import { parseSheet } from "../src/sheet/parse.ts";
import { plan } from "../src/sync/plan.ts";
import { emptyState } from "../test/worker/sync/fixtures.ts";

export type SyncCostOutcome =
  | ({ ran: true } & SyncCostResult)
  | {
      ran: false;
      meetings: number;
      /** Projected CPU ms from the growth measured on the smaller sizes. */
      projectedMs: number;
      reason: string;
    };

export interface SyncCostResult {
  meetings: number;
  contacts: number;
  runs: number;
  /** Median CPU time (user + system) of parse + plan, in ms. */
  cpuMs: number;
  /** Median wall time of the same, in ms. */
  wallMs: number;
  microsPerMeeting: number;
  validMeetings: number;
  problems: number;
  plannedEmails: number;
  /** Peak resident set of the child process over generation and all runs, MiB. */
  peakRssMiB: number;
  /** Heap held right after a run (parsed sheet + plan alive), above the heap before it, MiB. */
  heapDeltaMiB: number;
}

const NOW = new Date("2026-12-01T09:00:00Z");

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const MiB = 1024 * 1024;

/** Runs in the child: generate (not timed), then time parse + plan `runs` times. */
function measure(meetings: number, runs: number): SyncCostResult {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const sheet = generateSheet({ meetings, seed: 7 });
  const contacts = Object.values(sheet.tabs)[1]?.length ?? 1;
  const cpu: number[] = [];
  const wall: number[] = [];
  let last = { valid: 0, problems: 0, emails: 0 };
  let heapDelta = 0;
  // A slow size gets fewer runs: stop once 20 s of runs are spent (at least one).
  const started = performance.now();
  for (let i = 0; i < runs && (i === 0 || performance.now() - started < 20_000); i++) {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const parsed = parseSheet(sheet.tabs);
    const planned = plan({ sheet: parsed, state: emptyState(), now: NOW });
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    gc();
    // parsed and planned are still referenced here: this is what a sync holds.
    heapDelta = Math.max(heapDelta, process.memoryUsage().heapUsed - heapBefore);
    cpu.push((c1.user + c1.system) / 1000);
    wall.push(t1 - t0);
    last = {
      valid: parsed.meetings.length,
      problems: parsed.problems.length,
      emails: planned.emails.length,
    };
  }
  const cpuMs = median(cpu);
  return {
    meetings,
    contacts: contacts - 1,
    runs: cpu.length,
    cpuMs,
    wallMs: median(wall),
    microsPerMeeting: (cpuMs * 1000) / meetings,
    validMeetings: last.valid,
    problems: last.problems,
    plannedEmails: last.emails,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapDeltaMiB: heapDelta / MiB,
  };
}

const run = promisify(execFile);

/**
 * Measures each size in a fresh child process, one after another (never in
 * parallel: they would share 2 cores). A size whose projected time (from the
 * growth between the two sizes before it) exceeds maxMs is not run, so the
 * bench stays bounded even when growth is worse than linear.
 */
export async function syncCost(
  sizes: number[],
  runs: number,
  maxMs: number,
): Promise<SyncCostOutcome[]> {
  const results: SyncCostOutcome[] = [];
  const measured: SyncCostResult[] = [];
  for (const size of sizes) {
    const projectedMs = project(measured, size);
    if (projectedMs > maxMs) {
      results.push({
        ran: false,
        meetings: size,
        projectedMs,
        reason: `projected ${(projectedMs / 1000).toFixed(0)} s per run from the growth measured below it (budget ${(maxMs / 1000).toFixed(0)} s)`,
      });
      continue;
    }
    const { stdout } = await run(
      process.execPath,
      [
        "--expose-gc",
        "--max-old-space-size=4096",
        fileURLToPath(import.meta.url),
        "--child",
        String(size),
        String(runs),
      ],
      { timeout: Math.max(60_000, maxMs * 3), maxBuffer: 1024 * 1024 },
    );
    const result = JSON.parse(stdout) as SyncCostResult;
    measured.push(result);
    results.push({ ran: true, ...result });
  }
  return results;
}

/** The exponent k in time ∝ size^k between two measured sizes (1 = linear, 2 = quadratic). */
export function growthExponent(a: SyncCostResult, b: SyncCostResult): number {
  return Math.log(b.cpuMs / a.cpuMs) / Math.log(b.meetings / a.meetings);
}

function project(measured: SyncCostResult[], size: number): number {
  const last = measured.at(-1);
  if (!last) return 0;
  const before = measured.at(-2);
  const k = before ? Math.max(1, growthExponent(before, last)) : 1;
  return last.cpuMs * (size / last.meetings) ** k;
}

if (import.meta.main && process.argv[2] === "--child") {
  const result = measure(Number(process.argv[3]), Number(process.argv[4]));
  process.stdout.write(JSON.stringify(result));
}
