// `node bench/run.ts --only free-plan [--free-sizes demo,typical,large] [--free-repeats 7]`:
// prints the Workers Free plan table (bench/free-plan.ts measures) and the daily
// sums with a 5-minute cron, against the limits in BENCHMARKS.md (cited there).
import { join } from "node:path";
import {
  type Counts,
  KINDS,
  type Kind,
  measureSize,
  type Sample,
  type SizeName,
  type SizeResult,
} from "./free-plan.ts";
import { buildWorker } from "./workers.ts";

/** Workers Free plan limits (BENCHMARKS.md cites each one's page). */
export const FREE = {
  cpuMs: 10,
  subrequests: 50,
  d1Queries: 50,
  requestsPerDay: 100_000,
  kvWritesPerDay: 1_000,
  kvReadsPerDay: 100_000,
  d1RowsReadPerDay: 5_000_000,
  d1RowsWrittenPerDay: 100_000,
  queueOpsPerDay: 10_000,
};

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const f1 = (n: number) => n.toFixed(1);
const n0 = (n: number) => Math.round(n).toLocaleString("en-US");

function verdict(value: number, limit: number): string {
  if (value === 0) return "met (none)";
  return value <= limit
    ? `met (${(limit / value).toFixed(1)}× headroom)`
    : `**missed** (${(value / limit).toFixed(1)}× over)`;
}

const pick = (samples: Sample[], f: (s: Sample) => number) => median(samples.map(f));
const countOf = (samples: Sample[], f: (c: Counts) => number) =>
  median(samples.map((s) => f(s.counts)));

export async function freePlanSection(
  work: string,
  sizes: SizeName[],
  repeats: number,
  say: (line?: string) => void,
): Promise<SizeResult[]> {
  const dist = join(work, "dist");
  const [counting, empty] = await Promise.all([
    buildWorker("counting", "bench/counting-worker/wrangler.toml", dist),
    buildWorker("empty", "bench/empty-worker/wrangler.toml", dist),
  ]);
  const results: SizeResult[] = [];
  for (const size of sizes)
    results.push(await measureSize({ counting, empty }, work, size, repeats));

  say();
  say("## 6. Workers Free plan: each invocation against its limits");
  say();
  say(
    "The real Worker (workers/index.ts behind bench/counting-worker's counters, bundled by " +
      "`wrangler deploy --dry-run`, minified) in workerd via Miniflare, D1 with migrations, KV, " +
      "the queue producer (no consumer: the bench hands each batch of 10 to the queue handler). " +
      `CPU = the workerd process's on-CPU time (/proc/<pid>/task/*/schedstat) around one invocation, ` +
      `less its idle rate, median of ${repeats}; each beside an empty Worker's GET measured the same way, ` +
      "interleaved. Local D1 runs in the same process, so its work is part of CPU: D1 ms = the CPU of " +
      "the invocation's own D1 statements replayed alone right after it (counting-worker's /__bench/replay, " +
      "less an empty invocation); own ≈ CPU − D1 ms. Local KV is an isolate of the same process too (a ~300 KB snapshot " +
      "read and written per sync), run by KV itself on Cloudflare: KV ms = the invocation's KV operations replayed alone the " +
      "same way (/__bench/replay?what=kv: the same gets, the same puts of the same value); own − KV ≈ CPU − D1 ms − KV ms. " +
      "Both replays also redo the Worker-side half of each call (the binding's JavaScript, the value copied in), so " +
      "own − KV slightly underestimates, own ≈ overestimates. Queue sends are not replayed. Subrequests counted at the Sheets emulator (reads, writes, " +
      "token) and the SES stand-in; D1 queries by the counting wrapper (a batch counts each statement).",
  );
  say();
  say(
    "| invocation | sheet | CPU ms | empty ms | × empty | D1 ms (replayed) | own ≈ ms | KV ms (replayed) | own − KV ≈ ms | D1 queries (round trips) | subreq. | CPU ≤ 10 ms | D1 ≤ 50 | subreq. ≤ 50 |",
  );
  say("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
  for (const r of results) {
    for (const kind of KINDS) {
      const s = r.samples.get(kind);
      if (!s || s.length === 0) continue;
      const cpu = pick(s, (x) => x.cpuMs);
      const emptyMs = pick(s, (x) => x.emptyMs);
      const wait = pick(s, (x) => x.d1Ms);
      const kv = pick(s, (x) => x.kvMs);
      // From the medians, as own ≈ is, so the two columns differ by KV ms exactly.
      const ownLessKv = Math.max(0, cpu - wait - kv);
      const queries = countOf(s, (c) => c.d1Queries);
      // Each batch or lone statement is one call over the binding: its JavaScript costs the Worker CPU.
      const trips = countOf(s, (c) => c.d1Calls);
      const sub = pick(s, (x) => x.subrequests);
      say(
        `| ${kind}${s.length === 1 ? " (1 run)" : ""} | ${sizeLabel(r)} | ${f1(cpu)} | ${f1(emptyMs)} | ${f1(cpu / emptyMs)}× | ${f1(wait)} | ${f1(Math.max(0, cpu - wait))} | ${f1(kv)} | ${f1(ownLessKv)} | ${queries} (${trips}) | ${sub} | ${verdict(cpu, FREE.cpuMs)} | ${verdict(queries, FREE.d1Queries)} | ${verdict(sub, FREE.subrequests)} |`,
      );
    }
  }
  say();
  dailySums(results, say);
  return results;
}

const sizeLabel = (r: SizeResult) => `${r.size} (${n0(r.meetings)} / ${n0(r.contacts)})`;

/**
 * An idle day with a 5-minute cron: 288 syncs, of which 24 are the hourly full
 * sync (unchanged.ts) and the rest take the short cut. Queue operations: each
 * message is one write, one read and one delete.
 */
function dailySums(results: SizeResult[], say: (line?: string) => void): void {
  say(
    "Daily sums, an idle day (nobody edits the sheet) with the 5-minute cron: 264 short-cut syncs + 24 hourly full syncs; one edit's cost beside it.",
  );
  say();
  say(
    "| sheet | requests/day | KV writes/day | D1 rows read/day | D1 rows written/day | queue ops/day | per edit: D1 rows read / written, queue ops |",
  );
  say("|---|---:|---:|---:|---:|---:|---|");
  for (const r of results) {
    const get = (kind: Kind) => r.samples.get(kind) ?? [];
    const short = get("cron: unchanged sheet (short cut)");
    const full = get("cron: unchanged sheet, hourly full sync");
    const edit = get("cron: one cell changed");
    if (short.length === 0 || full.length === 0) continue;
    const day = (f: (c: Counts) => number) => 264 * countOf(short, f) + 24 * countOf(full, f);
    const kvW = day((c) => c.kvWrites);
    const read = day((c) => c.d1RowsRead);
    const written = day((c) => c.d1RowsWritten);
    const ops = 3 * day((c) => c.queueMessages);
    const perEdit =
      edit.length === 0
        ? "—"
        : `${n0(countOf(edit, (c) => c.d1RowsRead))} / ${n0(countOf(edit, (c) => c.d1RowsWritten))}, ${n0(3 * countOf(edit, (c) => c.queueMessages))}`;
    say(
      `| ${sizeLabel(r)} | 288 (${verdict(288, FREE.requestsPerDay)}) | ${n0(kvW)} (${verdict(kvW, FREE.kvWritesPerDay)}) | ${n0(read)} (${verdict(read, FREE.d1RowsReadPerDay)}) | ${n0(written)} (${verdict(written, FREE.d1RowsWrittenPerDay)}) | ${n0(ops)} (${verdict(ops, FREE.queueOpsPerDay)}) | ${perEdit} |`,
    );
  }
  for (const r of results) {
    const first = r.samples.get("cron: first sync")?.[0];
    if (first)
      say(
        `- ${sizeLabel(r)}: the first sync queued ${n0(r.emailsFirstSync)} emails (${n0(3 * r.emailsFirstSync)} queue operations, ${n0(Math.ceil(r.emailsFirstSync / 10))} queue invocations), wrote ${n0(first.counts.d1RowsWritten)} D1 rows and ${first.counts.kvWrites} KV keys.`,
      );
  }
}

/** The heaviest SQL of each invocation kind, for profiling (`--free-sql`). */
export function sqlBreakdown(results: SizeResult[], say: (line?: string) => void): void {
  for (const r of results) {
    for (const kind of KINDS) {
      const s = r.samples.get(kind)?.[0];
      if (!s) continue;
      say(`- ${sizeLabel(r)} ${kind}: ${JSON.stringify(s.counts.sql)}`);
    }
  }
}
