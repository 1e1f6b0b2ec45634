// Where the Worker's CPU goes inside workerd itself. The free-plan bench
// (free-plan.ts) measures each invocation as the whole workerd process's CPU;
// free-plan-profile.ts profiles the same pipeline in Node. This one runs the
// real Worker exactly as the free-plan bench does (the counting bundle, with
// wrangler.toml's D1, KV and mail queue through Miniflare, the Sheets emulator,
// the SES stand-in), with workerd's inspector on, and samples the isolates of
// that workerd process over the DevTools protocol while it runs:
//   core:user:liqaa          the Worker (the only one of them that is the Worker's on Cloudflare)
//   d1:db, d1:db:entry       Miniflare's local D1 (a Durable Object over SQLite)
//   kv:ns, kv:ns:entry       Miniflare's local KV (blobs on disk, SQLite index)
//   queues:queue[:…]         Miniflare's queue broker
//   outbound:0, core:entry   Miniflare's outgoing-fetch service and its router
// All of them are JavaScript isolates on workerd's one thread; C++ work (SQLite,
// the HTTP stack, disk, the cross-isolate calls) shows in none of them, only in
// the process's /proc CPU (workerd-cpu.ts), which is measured around the same
// invocations, and around as many alternate ones with no profiler running.
//
//   PATH=$PWD/node_modules/.bin:$PATH node bench/workerd-profile.ts \
//     [--meetings 300] [--contacts 1000] [--repeats 5] [--top 25] [--interval 250] \
//     [--kinds spin,unchanged,edit,hourly,first,queue,feed,feedNew,feed304,rsvp,email] [--isolates] [--heap] [--json out.json]
// spin: the yardstick, a request that runs a pure-JavaScript loop and nothing
// else (bench/counting-worker's /__bench/spin, --spin rounds): its sampled ms
// should match its /proc CPU less an empty request's (≈ 1 ms), which checks the
// sampling's arithmetic on this machine. unchanged: the cron sync of a sheet
// nobody touched (the short cut: one read, no parse); edit: the cron sync after one cell
// changed (free-plan.ts's editOneCell, the incremental path); hourly: the full
// sync of an unchanged sheet (the unchanged digest forgotten, as free-plan.ts
// does); first: the first sync (a fresh stack and sheet per run); queue: the
// mail consumer sending one email (wrangler.toml's max_batch_size = 1), an
// update that a one-cell edit queued; feed, feed304: the public feed, whole and
// answered 304 to its ETag, both served from what the isolate rendered before;
// feedNew: the first feed request after a sync published a changed snapshot
// (read from KV and rendered); rsvp: an invitee's answer by link; email: an invitee's
// calendar answering by email (free-plan-replies.ts), through the email trigger.
// Each kind runs `repeats` rounds of: one invocation with no profiler, one with
// the Worker's isolate profiled and, with --isolates, one per simulator isolate
// with that isolate alone profiled (profiling them all at once costs the
// process several times its CPU). Printed per kind: the process's CPU in each
// mode and per thread (workerd's one thread runs every isolate; V8's platform
// thread compiles and helps the GC), each isolate's sampled ms (its
// JavaScript, its GC, and "(program)": native code while the isolate is
// entered, and JavaScript the sampler could not walk: the yardstick's hot loop
// shows there), then for the Worker's isolate self ms by group (src/ folder,
// package, workerd's internal modules, builtins), by source file and by
// function, and inclusive ms by function (cpu-profile.ts's inclusiveMs; an
// async function's continuation after an await does not count toward its
// caller, so the self figures are the ones that add up). Totals are medians
// over the repeats; the breakdowns are means (0 for a repeat with no sample
// of it), so they add up to the mean total printed above them. The bundle is built with
// --minify=false so functions keep their names; esbuild's "// src/…" module
// comments map bundle lines back to source files. The sampler runs every
// --interval µs; V8 records a sample only while the isolate is entered and
// dates it from the sample before, so each sample counts one tick instead.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateSheet, writeGeneratedSheet } from "../scripts/generate-sheet.ts";
import { startSesFake } from "../scripts/ses-fake/server.ts";
import { startSheetsEmulator } from "../scripts/sheets-emulator/server.ts";
import type { SyncSummary } from "../src/sync/run.ts";
import { groupOf, inclusiveMs, meanMap, type Profile, selfMs } from "./cpu-profile.ts";
import { editOneCell, newPid, openRsvpTokens } from "./free-plan.ts";
import {
  BENCH_REPLIES,
  type OpenInvitation,
  openInvitations,
  sendCalendarReply,
} from "./free-plan-replies.ts";
import { localWorkerVars } from "./google-calls.ts";
import { type RealWorker, startRealWorker } from "./real-worker.ts";
import { cpuNs, idleRate, quiet, workerdChildren } from "./workerd-cpu.ts";
import { type Bundle, buildWorker } from "./workers.ts";

const WORKER_TARGET = "core:user:liqaa";
const KIND_NAMES = {
  unchanged: "cron: unchanged sheet (short cut)",
  edit: "cron: one cell changed",
  hourly: "cron: unchanged sheet, hourly full sync",
  first: "cron: first sync",
  queue: "queue: one send (max_batch_size = 1)",
  feed: "GET /feed.json",
  feedNew: "GET /feed.json, first after a new snapshot",
  feed304: "GET /feed.json → 304",
  rsvp: "POST /rsvp/:token",
  email: "email(): a calendar reply",
  spin: "yardstick: GET /__bench/spin (a pure-JavaScript loop)",
} as const;
type KindKey = keyof typeof KIND_NAMES;

const { values } = parseArgs({
  options: {
    meetings: { type: "string", default: "300" },
    contacts: { type: "string", default: "1000" },
    repeats: { type: "string", default: "5" },
    top: { type: "string", default: "25" },
    // Sampling interval, µs.
    interval: { type: "string", default: "250" },
    kinds: { type: "string", default: "spin,unchanged,edit,hourly,first" },
    // Rounds of the yardstick's loop: about 30 ms of CPU on this machine.
    spin: { type: "string", default: "30000000" },
    isolates: { type: "boolean", default: false },
    // Polls the Worker's V8 heap during its profiled runs: the peak it reaches.
    heap: { type: "boolean", default: false },
    json: { type: "string" },
  },
});
const meetings = Number(values.meetings);
const contacts = Number(values.contacts);
const repeats = Number(values.repeats);
const top = Number(values.top);
const interval = Number(values.interval);
const kinds = values.kinds.split(",") as KindKey[];
for (const k of kinds) if (!(k in KIND_NAMES)) throw new Error(`unknown kind ${k}`);

/** A DevTools protocol session on one inspector target, over the WebSocket workerd serves. */
class Cdp {
  private next = 1;
  private readonly pending = new Map<
    number,
    { done: (v: unknown) => void; fail: (e: Error) => void }
  >();
  private readonly ws: WebSocket;
  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener("message", (event) => {
      const msg = JSON.parse(String(event.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.fail(new Error(msg.error.message));
      else p.done(msg.result);
    });
  }
  static connect(url: string): Promise<Cdp> {
    return new Promise((done, fail) => {
      const ws = new WebSocket(url);
      ws.addEventListener("open", () => done(new Cdp(ws)), { once: true });
      ws.addEventListener("error", () => fail(new Error(`inspector ${url} refused`)), {
        once: true,
      });
    });
  }
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((done, fail) => {
      this.pending.set(id, { done: done as (v: unknown) => void, fail });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }
  close(): void {
    this.ws.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Bundle line (0-based) → source file, from the "// ../../src/x.ts" comment esbuild puts before each module. */
async function sourceFiles(bundleFile: string): Promise<(line: number) => string> {
  const lines = (await readFile(bundleFile, "utf8")).split("\n");
  const starts: { line: number; file: string }[] = [];
  lines.forEach((text, line) => {
    const m = /^\/\/ ((?:\.\.\/)*[^\s]+\.(?:ts|js|mjs|cjs))$/.exec(text);
    if (!m) return;
    const path = (m[1] as string).replace(/^(?:\.\.\/)+/, "");
    const file = /(?:^|\/)((?:src|workers|node_modules)\/.*)$/.exec(path)?.[1] ?? path;
    // The counting wrapper is the bundle's entry, named relative to its own folder.
    starts.push({ line, file: file === "index.ts" ? "bench/counting-worker/index.ts" : file });
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = "(bundle prelude)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = starts[mid] as { line: number; file: string };
      if (s.line <= line) {
        found = s.file;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** The profile with each bundle frame's url replaced by its source file. */
function mapped(profile: Profile, fileOf: (line: number) => string): Profile {
  // workerd names the script by its module name under modulesRoot: the bundle's index.js.
  const isBundle = (url: string) => /(^|\/)index\.js$/.test(url);
  return {
    ...profile,
    nodes: profile.nodes.map((n) => ({
      ...n,
      callFrame: {
        ...n.callFrame,
        url: isBundle(n.callFrame.url) ? fileOf(n.callFrame.lineNumber) : n.callFrame.url,
      },
    })),
  };
}

/**
 * On-CPU ns so far per thread name: workerd's own thread (every isolate, the
 * HTTP stack, SQLite) and V8's platform thread (optimising compiles, GC help).
 */
function threadNs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${task}/comm`, "utf8").trim();
      const ns = Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
      out.set(comm, (out.get(comm) ?? 0) + ns);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return out;
}

/** off: no profiler; worker: the Worker's isolate profiled; iso:<id>: that simulator's isolate alone. */
type Mode = "off" | "worker" | `iso:${string}`;

/** Simulator isolates with nothing to do in these invocations (seen idle with every isolate profiled). */
const IDLE_TARGETS = /^(cache:|email:|MINIFLARE_DEV_CONTROL$|queues:queue:liqaa-mail-dlq$)/;

/** The sampler ticks the Worker's profiles showed so far, µs: a lone simulator profile is too sparse to show its own. */
const ticks: number[] = [];

interface Run {
  mode: Mode;
  /** The sampler's tick as seen in the Worker's profile, µs. */
  tickUs: number;
  cpuMs: number;
  /** Per thread name, ms (not less the idle rate). */
  threads: Map<string, number>;
  wallMs: number;
  /** Per isolate: sampled ms by category. */
  isolates: Map<string, { js: number; gc: number; program: number; idle: number }>;
  /** The Worker's isolate: inclusive ms per function, self ms per file and per function. */
  inclusive: Map<string, number>;
  fileSelf: Map<string, number>;
  fnSelf: Map<string, number>;
  /** With --heap, in the profiled runs: the Worker's largest V8 heap seen (used and allocated), MiB. */
  heapUsedMiB?: number;
  heapTotalMiB?: number;
}

interface Stack {
  dir: string;
  worker: RealWorker;
  pid: number;
  idle: number;
  targets: Map<string, Cdp>;
  close(): Promise<void>;
}

async function startStack(bundle: Bundle, dir: string): Promise<Stack> {
  await writeGeneratedSheet(
    dir,
    generateSheet({ meetings, contactsPerMeeting: contacts / meetings, seed: 7 }),
  );
  const emulator = await startSheetsEmulator({ dataDir: dir, host: "127.0.0.1", port: 0 });
  const ses = await startSesFake({ host: "127.0.0.1" });
  const port = await freePort();
  const known = workerdChildren();
  const worker = await startRealWorker(
    bundle,
    { ...localWorkerVars(emulator, ses.url, 10_000), REPLIES_ADDRESS: BENCH_REPLIES },
    undefined,
    false,
    port,
  );
  const pid = newPid(known);
  const list = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as {
    id: string;
    webSocketDebuggerUrl: string;
  }[];
  const targets = new Map<string, Cdp>();
  for (const t of list) {
    const cdp = await Cdp.connect(t.webSocketDebuggerUrl);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval });
    targets.set(t.id, cdp);
  }
  if (!targets.has(WORKER_TARGET)) throw new Error(`no inspector target ${WORKER_TARGET}`);
  const idle = await idleRate(pid);
  return {
    dir,
    worker,
    pid,
    idle,
    targets,
    async close() {
      for (const t of targets.values()) t.close();
      await worker.close();
      await ses.close();
      await emulator.close();
    },
  };
}

async function call(s: Stack, path: string, init?: RequestInit): Promise<Response> {
  return fetch(new URL(path, s.worker.url), { ...init, signal: AbortSignal.timeout(300_000) });
}

async function cron(s: Stack): Promise<SyncSummary> {
  const body = (await (await call(s, "/__bench/cron", { method: "POST" })).json()) as {
    error: string | null;
    run: SyncSummary;
  };
  if (body.error !== null || body.run.outcome !== "ok")
    throw new Error(`sync: ${body.error ?? JSON.stringify(body.run.error)}`);
  return body.run;
}

/** One queue invocation with these outbox rows' messages. */
async function queueBatch(s: Stack, ids: number[]): Promise<void> {
  const r = await call(s, "/__bench/queue", {
    method: "POST",
    body: JSON.stringify({ outbox_ids: ids }),
  });
  if (r.status !== 200) throw new Error(`queue answered ${r.status}: ${await r.text()}`);
  await r.arrayBuffer();
}

/** Hands what the syncs queued to the queue handler, 10 a batch (unmeasured). */
async function drain(s: Stack): Promise<void> {
  const ids = (await (await call(s, "/__bench/sent")).json()) as number[];
  for (let i = 0; i < ids.length; i += 10) await queueBatch(s, ids.slice(i, i + 10));
}

const SETTLE_SYNCS = 30;

/**
 * Syncs (each draining what it queued) until one writes and queues nothing. A
 * sync enqueues at most MAX_BATCHES × QUEUE_BATCH emails (src/outbox/enqueue.ts),
 * so a large first sync's invitations take several syncs to queue (the
 * 10,000-meeting sheet's ≈ 21,650 take eight).
 */
async function settle(s: Stack): Promise<void> {
  for (let i = 0; i < SETTLE_SYNCS; i++) {
    const run = await cron(s);
    await drain(s);
    if (run.counts.rowsWritten + run.counts.tabsWritten === 0 && run.counts.enqueued === 0) return;
  }
  throw new Error(`no steady state after ${SETTLE_SYNCS} syncs`);
}

let bundleFileOf: (line: number) => string = () => "";

/** One invocation, its process CPU around it and the chosen isolates' profiles. */
async function measure<T>(
  s: Stack,
  mode: Mode,
  work: () => Promise<T>,
): Promise<{ run: Run; result: T }> {
  const targets = [...s.targets].filter(([id]) =>
    mode === "worker" ? id === WORKER_TARGET : mode === `iso:${id}`,
  );
  await quiet(s.pid);
  if (mode !== "off") for (const [, t] of targets) await t.send("Profiler.start");
  const c0 = cpuNs(s.pid);
  const th0 = threadNs(s.pid);
  const t0 = performance.now();
  // The inspector answers between the Worker's turns (at its awaits), so the
  // peak is the largest heap at those points: a lower bound of the true peak.
  const heap = { used: 0, total: 0, polling: values.heap && mode === "worker" };
  const poll = (async () => {
    const target = s.targets.get(WORKER_TARGET);
    while (heap.polling && target) {
      const h = await target.send<{ usedSize: number; totalSize: number }>("Runtime.getHeapUsage");
      heap.used = Math.max(heap.used, h.usedSize);
      heap.total = Math.max(heap.total, h.totalSize);
      await new Promise((done) => setTimeout(done, 2));
    }
  })();
  const result = await work();
  heap.polling = false;
  await poll;
  const wallMs = performance.now() - t0;
  await new Promise((done) => setTimeout(done, 20));
  const window = performance.now() - t0;
  const cpuMs = Math.max(0, (cpuNs(s.pid) - c0) / 1e6 - s.idle * window);
  const threads = new Map<string, number>();
  for (const [name, ns] of threadNs(s.pid)) threads.set(name, (ns - (th0.get(name) ?? 0)) / 1e6);
  const run: Run = {
    mode,
    tickUs: 0,
    cpuMs,
    threads,
    wallMs,
    isolates: new Map(),
    inclusive: new Map(),
    fileSelf: new Map(),
    fnSelf: new Map(),
    ...(heap.used > 0
      ? { heapUsedMiB: heap.used / 2 ** 20, heapTotalMiB: heap.total / 2 ** 20 }
      : {}),
  };
  if (mode !== "off") {
    const profiles = new Map<string, Profile>();
    for (const [id, t] of targets)
      profiles.set(id, (await t.send<{ profile: Profile }>("Profiler.stop")).profile);
    // V8 records a sample only when the tick finds the isolate entered, and a
    // sample's timeDelta runs from the one before: after a wait (D1, a fetch,
    // another isolate's turn) it holds the whole wait. So each sample stands
    // for one tick instead, the tick being the Worker's median delta (it is
    // busy for whole runs of ticks); the same sampler period serves for a
    // simulator's isolate profiled alone.
    const worker = profiles.get(WORKER_TARGET);
    // Only a profile busy long enough shows the tick: a few samples' deltas are mostly waits.
    if (worker && worker.timeDeltas.length >= 50) ticks.push(median(worker.timeDeltas));
    const tick = median(ticks);
    run.tickUs = tick;
    for (const [id, raw] of profiles) {
      const even = { ...raw, timeDeltas: raw.timeDeltas.map(() => tick) };
      const p = id === WORKER_TARGET ? mapped(even, bundleFileOf) : even;
      run.isolates.set(id, selfMs(p, (f) => f.url).cat);
      if (id !== WORKER_TARGET) continue;
      run.inclusive = inclusiveMs(p);
      run.fileSelf = selfMs(p, (f) => f.url || `(builtin) ${f.functionName}`).self;
      run.fnSelf = selfMs(p, (f) => `${f.functionName || "(anonymous)"} ${f.url}`).self;
    }
  }
  return { run, result };
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const f1 = (n: number) => n.toFixed(1);

function report(kind: KindKey, runs: Run[]): unknown {
  const say = console.log;
  const of = (mode: Mode) => runs.filter((r) => r.mode === mode);
  const cpu = (mode: Mode) => median(of(mode).map((r) => r.cpuMs));
  const list = (mode: Mode) =>
    of(mode)
      .map((r) => f1(r.cpuMs))
      .join(", ");
  const worker = of("worker");
  const empty = { js: 0, gc: 0, program: 0, idle: 0 };
  const sampled = (r: Run, id: string) => {
    const c = r.isolates.get(id) ?? empty;
    return c.js + c.gc + c.program;
  };
  const wIso = median(worker.map((r) => sampled(r, WORKER_TARGET)));
  const threadNames = [...new Set(of("off").flatMap((r) => [...r.threads.keys()]))];
  say(`\n## ${KIND_NAMES[kind]} (${meetings} meetings / ${contacts} contacts)`);
  say(
    `process CPU (/proc), median of ${of("off").length}: ${f1(cpu("off"))} ms with no profiler (${list("off")}); ` +
      `${f1(cpu("worker"))} ms with the Worker's isolate profiled (${list("worker")})` +
      `; wall ${f1(median(of("off").map((r) => r.wallMs)))} ms; sampler tick ${median(worker.map((r) => r.tickUs)).toFixed(0)} µs`,
  );
  say(
    `threads, no profiler (raw, idle rate not taken off): ${threadNames
      .map((n) => `${n} ${f1(median(of("off").map((r) => r.threads.get(n) ?? 0)))} ms`)
      .join(", ")}`,
  );
  say(
    `${WORKER_TARGET} sampled: ${f1(wIso)} ms (JS + GC + (program) per run: ${worker
      .map((r) => {
        const c = r.isolates.get(WORKER_TARGET) ?? empty;
        return `${f1(c.js)} + ${f1(c.gc)} + ${f1(c.program)}`;
      })
      .join(
        "; ",
      )}) = ${f1((100 * wIso) / cpu("worker"))}% of the same runs' process CPU, ${f1((100 * wIso) / cpu("off"))}% of the unprofiled runs'`,
  );
  // The bench's counting wrapper runs in the Worker's isolate but not in production.
  const benchSelf = (r: Run) =>
    [...r.fileSelf].reduce((a, [file, ms]) => (groupOf(file).startsWith("bench/") ? a + ms : a), 0);
  const production = median(worker.map((r) => sampled(r, WORKER_TARGET) - benchSelf(r)));
  say(
    `${WORKER_TARGET} sampled, less the bench's counting wrapper (not in production): ${f1(production)} ms (median; per run ${worker
      .map((r) => f1(sampled(r, WORKER_TARGET) - benchSelf(r)))
      .join(", ")})`,
  );
  const heaps = worker.filter((r) => r.heapUsedMiB !== undefined);
  if (heaps.length > 0) {
    say(
      `${WORKER_TARGET} V8 heap, largest seen during each profiled run (used / allocated MiB): ${heaps
        .map((r) => `${f1(r.heapUsedMiB ?? 0)} / ${f1(r.heapTotalMiB ?? 0)}`)
        .join("; ")}`,
    );
  }
  const empty4 = { js: 0, gc: 0, program: 0, idle: 0 };
  const isoIds = [
    ...new Set(runs.filter((r) => r.mode.startsWith("iso:")).map((r) => r.mode.slice(4))),
  ];
  const isoRows = [WORKER_TARGET, ...isoIds]
    .map((id) => {
      const mine = id === WORKER_TARGET ? worker : of(`iso:${id}`);
      const pick = (f: (c: typeof empty4) => number) =>
        median(mine.map((r) => f(r.isolates.get(id) ?? empty4)));
      return {
        id,
        js: pick((c) => c.js),
        gc: pick((c) => c.gc),
        program: pick((c) => c.program),
        total: median(mine.map((r) => sampled(r, id))),
        share: median(mine.map((r) => (100 * sampled(r, id)) / r.cpuMs)),
        runs: mine.length,
      };
    })
    .sort((a, b) => b.total - a.total);
  if (isoIds.length > 0) {
    const sum = isoRows.reduce((a, r) => a + r.total, 0);
    say(
      `\nEach isolate profiled alone, in turn (the Worker's in the "worker" runs). Σ isolates ${f1(sum)} ms of ${f1(cpu("off"))} ms unprofiled process CPU: ` +
        `≈ ${f1(cpu("off") - sum)} ms in no isolate (SQLite, sockets and HTTP, disk, V8's background thread)`,
    );
    say(
      "\n| isolate | runs | JS ms | GC ms | (program) ms | total ms | % of its runs' process CPU |",
    );
    say("|---|---:|---:|---:|---:|---:|---:|");
    for (const r of isoRows)
      say(
        `| ${r.id} | ${r.runs} | ${f1(r.js)} | ${f1(r.gc)} | ${f1(r.program)} | ${f1(r.total)} | ${f1(r.share)}% |`,
      );
  }
  const groups = meanMap(
    worker.map((r) => {
      const g = new Map<string, number>();
      for (const [file, ms] of r.fileSelf) g.set(groupOf(file), (g.get(groupOf(file)) ?? 0) + ms);
      return g;
    }),
  );
  const inclusive = meanMap(worker.map((r) => r.inclusive));
  const files = meanMap(worker.map((r) => r.fileSelf));
  const fns = meanMap(worker.map((r) => r.fnSelf));
  const table = (title: string, rows: [string, number][], n = top) => {
    say(`\n| ${title} | ms |`);
    say("|---|---:|");
    for (const [k, ms] of rows.slice(0, n)) say(`| ${k.replaceAll("|", "\\|")} | ${f1(ms)} |`);
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  say(
    `\nThe Worker's isolate, mean of ${worker.length} profiled runs: ${f1(mean(worker.map((r) => sampled(r, WORKER_TARGET))))} ms`,
  );
  table(`${WORKER_TARGET}: group (self, mean)`, groups, 100);
  table(`${WORKER_TARGET}: source file (self, mean)`, files);
  table(`${WORKER_TARGET}: function (self, mean)`, fns);
  table(`${WORKER_TARGET}: function (inclusive, mean)`, inclusive);
  return {
    kind: KIND_NAMES[kind],
    production,
    heapUsedMiB: heaps.map((r) => r.heapUsedMiB),
    heapTotalMiB: heaps.map((r) => r.heapTotalMiB),
    procOff: of("off").map((r) => r.cpuMs),
    procWorker: worker.map((r) => r.cpuMs),
    threadsOff: of("off").map((r) => Object.fromEntries(r.threads)),
    workerIsolate: worker.map((r) => r.isolates.get(WORKER_TARGET) ?? empty),
    isolates: isoRows,
    groups,
    files,
    fns: fns.slice(0, 300),
    inclusive: inclusive.slice(0, 300),
  };
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), "liqaa-wprof-"));
  const out: unknown[] = [];
  const modes: Mode[] = ["off", "worker"];
  try {
    const bundle = await buildWorker(
      "counting-plain",
      "bench/counting-worker/wrangler.toml",
      join(work, "dist"),
      ["--minify=false"],
    );
    bundleFileOf = await sourceFiles(bundle.file);
    if (values.isolates) {
      // The simulators' isolates, as workerd lists them (the same for every stack).
      const s = await startStack(bundle, join(work, "probe"));
      for (const id of s.targets.keys())
        if (id !== WORKER_TARGET && !IDLE_TARGETS.test(id)) modes.push(`iso:${id}`);
      await s.close();
    }
    console.log(
      `workerd-profile: ${meetings} meetings / ${contacts} contacts, ${repeats} rounds of ${modes.join(" / ")} per kind, sampling every ${interval} µs; ${new Date().toISOString()}`,
    );
    if (kinds.includes("first")) {
      const runs: Run[] = [];
      for (let i = 0; i < repeats * modes.length; i++) {
        const s = await startStack(bundle, join(work, `first-${i}`));
        try {
          runs.push((await measure(s, modes[i % modes.length] as Mode, () => cron(s))).run);
        } finally {
          await s.close();
        }
      }
      out.push(report("first", runs));
    }
    const rest = kinds.filter((k) => k !== "first");
    if (rest.length > 0) {
      const s = await startStack(bundle, join(work, "sheet"));
      try {
        await cron(s);
        await drain(s);
        await settle(s);
        // The sampler's tick is read off the Worker's busy profiles (measure()); a
        // short invocation has too few samples to show it, so the yardstick's loop
        // sets it first, whatever kinds were asked for.
        await measure(s, "worker", () =>
          call(s, `/__bench/spin?n=${values.spin}`).then((r) => r.text()),
        );
        let tokens: string[] | undefined;
        let invitations: OpenInvitation[] | undefined;
        for (const kind of rest) {
          const runs: Run[] = [];
          for (let i = 0; i < repeats * modes.length; i++) {
            const mode = modes[i % modes.length] as Mode;
            if (kind === "spin") {
              const spin = () => call(s, `/__bench/spin?n=${values.spin}`).then((r) => r.text());
              runs.push((await measure(s, mode, spin)).run);
            } else if (kind === "queue") {
              await editOneCell(s.dir, 100 + i);
              await cron(s);
              const [id, ...rest] = (await (await call(s, "/__bench/sent")).json()) as number[];
              if (id === undefined) throw new Error("the edit queued no email");
              runs.push((await measure(s, mode, () => queueBatch(s, [id]))).run);
              for (let k = 0; k < rest.length; k += 10) await queueBatch(s, rest.slice(k, k + 10));
              await settle(s);
            } else if (kind === "feedNew") {
              // A public cell changed and synced: the isolate renders the feed anew.
              await editOneCell(s.dir, 200 + i);
              await cron(s);
              await drain(s);
              const get = async () => {
                const r = await call(s, "/feed.json");
                await r.arrayBuffer();
                if (r.status !== 200) throw new Error(`feed answered ${r.status}`);
              };
              runs.push((await measure(s, mode, get)).run);
              await settle(s);
            } else if (kind === "feed" || kind === "feed304") {
              const first = await call(s, "/feed.json");
              const etag = first.headers.get("etag") ?? "";
              await first.arrayBuffer();
              const want = kind === "feed" ? 200 : 304;
              const headers: Record<string, string> =
                kind === "feed" ? {} : { "if-none-match": etag };
              const get = async () => {
                const r = await call(s, "/feed.json", { headers });
                await r.arrayBuffer();
                if (r.status !== want) throw new Error(`feed answered ${r.status}, not ${want}`);
              };
              runs.push((await measure(s, mode, get)).run);
            } else if (kind === "rsvp") {
              tokens ??= await openRsvpTokens(
                s.worker,
                (path, init) => call(s, path, init),
                repeats * modes.length,
              );
              const token = tokens[i % tokens.length] as string;
              const answer = async () => {
                const r = await call(s, `/rsvp/${token}`, { method: "POST" });
                await r.arrayBuffer();
                if (r.status !== 200) throw new Error(`RSVP POST answered ${r.status}`);
              };
              runs.push((await measure(s, mode, answer)).run);
            } else if (kind === "email") {
              invitations ??= await openInvitations(s.worker, repeats * modes.length);
              const invitation = invitations[i % invitations.length] as OpenInvitation;
              const answer = i % 2 === 0 ? "ACCEPTED" : "TENTATIVE";
              const reply = () =>
                sendCalendarReply(
                  s.worker,
                  (path, init) => call(s, path, init),
                  invitation,
                  answer,
                );
              runs.push((await measure(s, mode, reply)).run);
            } else if (kind === "unchanged") {
              const { run, result } = await measure(s, mode, () => cron(s));
              if (result.counts.unchanged !== 1)
                throw new Error("the unchanged sheet did not take the short cut");
              runs.push(run);
            } else if (kind === "hourly") {
              await s.worker.db.prepare("DELETE FROM sync_meta WHERE key LIKE 'unchanged:%'").run();
              runs.push((await measure(s, mode, () => cron(s))).run);
            } else {
              await editOneCell(s.dir, i);
              const { run, result } = await measure(s, mode, () => cron(s));
              if (result.counts.incremental !== 1)
                throw new Error("the one-cell edit did not take the incremental path");
              runs.push(run);
              await drain(s);
              await settle(s);
            }
          }
          out.push(report(kind, runs));
        }
      } finally {
        await s.close();
      }
    }
    if (values.json) await writeFile(values.json, JSON.stringify(out, null, 1));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
