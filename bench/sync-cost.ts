// Sync cost: CPU time of parse + validate + plan for generated
// sheets of growing size, and the memory they take. Each size runs in its own
// child process (with --expose-gc), so one size's garbage and peak RSS never
// colour the next. The plan starts from an empty store: the first sync of a
// sheet, when every scheduled meeting's invitations are planned — the worst case.
// Beside it, the CPU of deciding that a sheet is unchanged (src/sync/unchanged.ts:
// hashing the workbook as read), which is all an unchanged sync does with it;
// `node bench/sync-cost.ts --unchanged` prints the two side by side.
// `node --expose-gc bench/sync-cost.ts --paired <other checkout> <meetings> <runs>`
// times this checkout's parse + plan against another's (e.g. main's, from
// `git worktree add`), alternating run by run in one process on one sheet: on a
// shared machine whose load drifts, the ratio of paired runs is the figure that
// says whether a change helped.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateSheet } from "../scripts/generate-sheet.ts";
import { parseSheet } from "../src/sheet/parse.ts";
import { plan } from "../src/sync/plan.ts";
import { sheetDigest } from "../src/sync/unchanged.ts";
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
  /**
   * Median CPU ms of the same on the main thread alone (process.threadCpuUsage):
   * the thread the code runs on, without V8's parallel scavenger, concurrent
   * sweeper and compiler on the other core, which `cpuMs` counts.
   */
  mainThreadCpuMs: number;
  microsPerMeeting: number;
  validMeetings: number;
  problems: number;
  plannedEmails: number;
  /** Peak resident set of the child process over generation and all runs, MiB. */
  peakRssMiB: number;
  /** Heap held right after a run (parsed sheet + plan alive), above the heap before it, MiB. */
  heapDeltaMiB: number;
  /** CPU ms of the first run: a fresh isolate's first sync, with V8 still compiling. */
  firstCpuMs: number;
  /** Heap used with the sheet as read held (the grid and the read's response text), MiB. */
  sheetHeapMiB: number;
  /** Highest heap used seen, right after parsing and after planning (garbage included), MiB. */
  peakHeapMiB: number;
  /** Median CPU ms of deciding "unchanged": the SHA-256 digest of the workbook and config. */
  unchangedCpuMs: number;
  /** Median CPU ms of JSON.parse of the read's response body, which every sync pays, for scale. */
  readParseCpuMs: number;
}

const NOW = new Date("2026-12-01T09:00:00Z");

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const MiB = 1024 * 1024;

const cpuMsOf = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** Median CPU ms of the unchanged decision's digest, and of parsing the read's JSON, over `runs` runs each. */
async function measureUnchanged(
  tabs: Record<string, string[][]>,
  runs: number,
): Promise<{ unchangedCpuMs: number; readParseCpuMs: number }> {
  const config = { publicUrl: "https://liqaa.example.org", dryRun: false, sheetUrl: null };
  const body = JSON.stringify({
    valueRanges: Object.entries(tabs).map(([range, values]) => ({ range, values })),
  });
  const digest: number[] = [];
  const parse: number[] = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const c0 = process.cpuUsage();
    JSON.parse(body);
    parse.push(cpuMsOf(process.cpuUsage(c0)));
    const c1 = process.cpuUsage();
    await sheetDigest(tabs, config);
    digest.push(cpuMsOf(process.cpuUsage(c1)));
  }
  return { unchangedCpuMs: median(digest), readParseCpuMs: median(parse) };
}

/** Runs in the child: generate (not timed), then time parse + plan `runs` times. */
async function measure(meetings: number, runs: number, syncOnly = false): Promise<SyncCostResult> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const sheet = generateSheet({ meetings, seed: 7 });
  const contacts = Object.values(sheet.tabs)[1]?.length ?? 1;
  const cpu: number[] = [];
  const wall: number[] = [];
  const mainThread: number[] = [];
  let last = { valid: 0, problems: 0, emails: 0 };
  let heapDelta = 0;
  // What a sync holds before it parses: the response text and the grid read from it.
  const responseText = JSON.stringify({ valueRanges: Object.values(sheet.tabs) });
  gc();
  const sheetHeap = process.memoryUsage().heapUsed;
  let peakHeap = sheetHeap;
  // A slow size gets fewer runs: stop once 20 s of runs are spent (at least one).
  const started = performance.now();
  for (let i = 0; i < runs && (i === 0 || performance.now() - started < 20_000); i++) {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    const m0 = process.threadCpuUsage();
    const t0 = performance.now();
    const parsed = parseSheet(sheet.tabs);
    const heapParsed = process.memoryUsage().heapUsed;
    const planned = plan({ sheet: parsed, state: emptyState(), now: NOW });
    const t1 = performance.now();
    const m1 = process.threadCpuUsage(m0);
    const c1 = process.cpuUsage(c0);
    peakHeap = Math.max(peakHeap, heapParsed, process.memoryUsage().heapUsed);
    gc();
    // parsed and planned are still referenced here: this is what a sync holds.
    heapDelta = Math.max(heapDelta, process.memoryUsage().heapUsed - heapBefore);
    cpu.push(cpuMsOf(c1));
    wall.push(t1 - t0);
    mainThread.push(cpuMsOf(m1));
    last = {
      valid: parsed.meetings.length,
      problems: parsed.problems.length,
      emails: planned.emails.length,
    };
  }
  const cpuMs = median(cpu);
  if (responseText.length === 0) throw new Error("no response text");
  return {
    meetings,
    contacts: contacts - 1,
    runs: cpu.length,
    cpuMs,
    wallMs: median(wall),
    mainThreadCpuMs: median(mainThread),
    microsPerMeeting: (cpuMs * 1000) / meetings,
    validMeetings: last.valid,
    problems: last.problems,
    plannedEmails: last.emails,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapDeltaMiB: heapDelta / MiB,
    firstCpuMs: cpu[0] ?? Number.NaN,
    sheetHeapMiB: sheetHeap / MiB,
    peakHeapMiB: peakHeap / MiB,
    // Under a heap cap only the sync is measured: the read's JSON.parse below holds a second grid.
    ...(syncOnly
      ? { unchangedCpuMs: Number.NaN, readParseCpuMs: Number.NaN }
      : await measureUnchanged(sheet.tabs, runs)),
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
  /** The child's V8 heap limit, MiB (default 4096); a run that does not fit fails. */
  heapLimitMiB = 4096,
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
        `--max-old-space-size=${heapLimitMiB}`,
        fileURLToPath(import.meta.url),
        "--child",
        String(size),
        String(runs),
        ...(heapLimitMiB < 4096 ? ["--sync-only"] : []),
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
  const result = await measure(
    Number(process.argv[3]),
    Number(process.argv[4]),
    process.argv[5] === "--sync-only",
  );
  process.stdout.write(JSON.stringify(result));
}

if (import.meta.main && process.argv[2] === "--unchanged") {
  // A full sync (parse + plan) beside an unchanged one (the digest) of the same sheet.
  const f1 = (n: number) => n.toFixed(1);
  console.log(
    "| meetings | parse + plan CPU ms | unchanged decision (digest) CPU ms | read JSON.parse CPU ms |",
  );
  console.log("|---:|---:|---:|---:|");
  for (const r of await syncCost([300, 10_000], 5, 300_000)) {
    if (r.ran)
      console.log(
        `| ${r.meetings} | ${f1(r.cpuMs)} | ${f1(r.unchangedCpuMs)} | ${f1(r.readParseCpuMs)} |`,
      );
  }
}

if (import.meta.main && process.argv[2] === "--paired") {
  const [other = "", meetings = "10000", runs = "16"] = process.argv.slice(3);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  type Sync = { name: string; run: () => number; cpu: number[] };
  const sheet = generateSheet({ meetings: Number(meetings), seed: 7 });
  const timed = (name: string, parse: typeof parseSheet, planOf: typeof plan): Sync => ({
    name,
    cpu: [],
    run: () => {
      const c0 = process.cpuUsage();
      const planned = planOf({ sheet: parse(sheet.tabs), state: emptyState(), now: NOW });
      const ms = cpuMsOf(process.cpuUsage(c0));
      if (planned.emails.length < 0) throw new Error("unreachable");
      return ms;
    },
  });
  const root = new URL(`file://${other.replace(/\/?$/, "/")}`);
  const syncs = [
    timed("this checkout", parseSheet, plan),
    timed(
      other,
      (await import(new URL("src/sheet/parse.ts", root).href)).parseSheet,
      (await import(new URL("src/sync/plan.ts", root).href)).plan,
    ),
  ];
  for (let i = 0; i < Number(runs) + 2; i++) {
    // Alternate which goes first; the first two rounds warm both up and are not counted.
    for (const sync of i % 2 === 0 ? syncs : [...syncs].reverse()) {
      gc();
      const ms = sync.run();
      if (i >= 2) sync.cpu.push(ms);
    }
  }
  const [mine, theirs] = syncs as [Sync, Sync];
  for (const sync of syncs)
    console.log(`${sync.name}: median ${median(sync.cpu).toFixed(1)} ms CPU`);
  const ratios = mine.cpu.map((ms, i) => ms / (theirs.cpu[i] ?? Number.NaN));
  console.log(`this checkout / other, median of paired runs: ${median(ratios).toFixed(3)}`);
}
