// `npm run bench`: Liqaa's benchmarks — feed serving against a
// constant-response ceiling and a sheet-to-JSON proxy, bundle size and startup
// against an empty Worker, and the sync's CPU cost and memory by sheet size.
// `--quick` runs every section at toy sizes in well under a minute and checks
// nothing but that each ran (CI). Figures print as Markdown, for BENCHMARKS.md.
// Everything runs on 127.0.0.1; every load loop is bounded in count and time.

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { importPKCS8, SignJWT } from "jose";
import { generateSheet, writeGeneratedSheet } from "../scripts/generate-sheet.ts";
import { startSheetsEmulator } from "../scripts/sheets-emulator/server.ts";
import { buildSnapshot, writeSnapshot } from "../src/feed/snapshot.ts";
import { parseSheet } from "../src/sheet/parse.ts";
import { freePlanSection, sqlBreakdown } from "./free-plan-report.ts";
import { type CallsRow, googleCalls } from "./google-calls.ts";
import { haveWrk, type LoadOptions, type LoadResult, nodeLoad, wrk } from "./load.ts";
import { mailThroughput } from "./mail-throughput.ts";
import { growthExponent, type SyncCostResult, syncCost } from "./sync-cost.ts";
import {
  type Bundle,
  buildWorker,
  QUIET_WRANGLER_ENV,
  type RunningWorker,
  startBundle,
} from "./workers.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    // Experiments: `--only mail --mail-contacts 300 --mail-batch 100`.
    "mail-contacts": { type: "string" },
    "mail-batch": { type: "string" },
    only: { type: "string" },
    // `--only free-plan --free-sizes demo,typical,large --free-repeats 7 --free-sql`.
    "free-sizes": { type: "string" },
    "free-repeats": { type: "string" },
    "free-sql": { type: "boolean", default: false },
  },
});
const quick = args.quick;
const only = new Set((args.only ?? "feed,size,sync,calls,mail").split(","));
const exec = promisify(execFile);
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const f1 = (n: number) => n.toFixed(1);
const say = (line = "") => process.stdout.write(`${line}\n`);

// The bindings the real Worker's env check wants, with local throwaway values.
const LOCAL_VARS: Record<string, string> = {
  SHEET_ID: "bench-sheet",
  GOOGLE_TOKEN_URL: "http://127.0.0.1:9/token",
  SHEETS_API_URL: "http://127.0.0.1:9",
  GOOGLE_SERVICE_ACCOUNT_KEY: "{}",
  SES_REGION: "eu-central-1",
  SES_ENDPOINT: "http://127.0.0.1:9",
  SES_MAX_SEND_RATE: "14",
  SES_ACCESS_KEY_ID: "bench-access-key",
  SES_SECRET_ACCESS_KEY: "bench-secret-key",
  ADMIN_TOKEN: "bench-admin-token-0123456789",
  SIGNING_SECRET: "bench-signing-secret-0123456789abcdef",
  PUBLIC_URL: "",
  DRY_RUN: "true",
};
const MAIN_OPTIONS = {
  compatibilityFlags: ["nodejs_compat"],
  bindings: LOCAL_VARS,
  kvNamespaces: ["FEED"],
  d1Databases: ["DB"],
  queueProducers: { MAIL_QUEUE: "liqaa-mail" },
};

async function main() {
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), "liqaa-bench-"));
  say(`# Liqaa benchmarks${quick ? " (quick mode: toy sizes, figures not meaningful)" : ""}`);
  say();
  say(`- date: ${new Date().toISOString()}`);
  say(`- machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
  say(`- load generator: ${!quick && haveWrk() ? "wrk (Debian)" : "bounded Node fetch loop"}`);
  try {
    const bundles = new Map<string, Bundle>();
    const wanted = [
      ["main", "wrangler.toml"],
      ["empty", "bench/empty-worker/wrangler.toml"],
      ["ceiling", "bench/ceiling-worker/wrangler.toml"],
      ["sheet-proxy", "bench/sheet-proxy-worker/wrangler.toml"],
      ["feed-only", "bench/feed-worker/wrangler.toml"],
    ] as const;
    const needed = wanted.filter(
      ([n]) =>
        only.has("feed") ||
        only.has("size") ||
        (n === "main" && (only.has("calls") || only.has("mail"))),
    );
    if (needed.length > 0) {
      for (const b of await Promise.all(
        needed.map(([n, c]) => buildWorker(n, c, join(work, "dist"))),
      )) {
        bundles.set(b.name, b);
      }
    }
    if (only.has("feed")) await feedSection(bundles, work);
    if (only.has("size")) await sizeSection(bundles, work);
    if (only.has("sync")) await syncSection();
    if (only.has("calls")) await callsSection(bundles.get("main") as Bundle, work);
    if (only.has("mail")) await mailSection(bundles.get("main") as Bundle, work);
    if (only.has("free-plan")) await freePlan(work);
    say();
    say(`(bench took ${f1((performance.now() - started) / 1000)} s)`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function loadRow(name: string, r: LoadResult, ceiling?: LoadResult) {
  const ratio = ceiling ? `${(r.rps / ceiling.rps).toFixed(2)}×` : "—";
  say(
    `| ${name} | ${r.rps.toFixed(0)} | ${ratio} | ${f1(r.p50Ms)} | ${f1(r.p99Ms)} | ${r.requests} | ${r.errors} |`,
  );
}

function medianLoad(results: LoadResult[]): LoadResult {
  const first = results[0] as LoadResult;
  return {
    generator: first.generator,
    requests: results.reduce((s, r) => s + r.requests, 0),
    rps: median(results.map((r) => r.rps)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    errors: results.reduce((s, r) => s + r.errors, 0),
  };
}

async function accessToken(
  emulator: Awaited<ReturnType<typeof startSheetsEmulator>>,
): Promise<string> {
  const key = emulator.serviceAccountKey;
  const assertion = await new SignJWT({
    scope: "https://www.googleapis.com/auth/spreadsheets.readonly",
  })
    .setProtectedHeader({ alg: "RS256", kid: key.private_key_id })
    .setIssuer(key.client_email)
    .setAudience(emulator.tokenUrl)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(await importPKCS8(key.private_key, "RS256"));
  const response = await fetch(emulator.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token)
    throw new Error(`emulator refused the token request: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function feedSection(bundles: Map<string, Bundle>, work: string) {
  const meetings = quick ? 30 : 300;
  const sheet = generateSheet({ meetings, seed: 7 });
  const sheetDir = join(work, "sheet");
  await writeGeneratedSheet(sheetDir, sheet);
  const snapshot = buildSnapshot(parseSheet(sheet.tabs), new Date());
  const running: RunningWorker[] = [];
  const emulator = await startSheetsEmulator({ dataDir: sheetDir, host: "127.0.0.1", port: 0 });
  try {
    // The real Worker when it serves the feed; the feed routes alone otherwise.
    let feedName = "main";
    let feed = await startBundle(bundles.get("main") as Bundle, MAIN_OPTIONS);
    running.push(feed);
    await writeSnapshot((await feed.mf.getKVNamespace("FEED")) as unknown as KVNamespace, snapshot);
    let probe = await fetch(new URL("/feed.json", feed.url));
    if (probe.status !== 200) {
      feedName = "feed-only";
      feed = await startBundle(bundles.get("feed-only") as Bundle, MAIN_OPTIONS);
      running.push(feed);
      await writeSnapshot(
        (await feed.mf.getKVNamespace("FEED")) as unknown as KVNamespace,
        snapshot,
      );
      probe = await fetch(new URL("/feed.json", feed.url));
    }
    const body = await probe.text();
    const etag = probe.headers.get("etag") ?? "";
    const ceiling = await startBundle(bundles.get("ceiling") as Bundle, {
      bindings: { BODY: body },
    });
    running.push(ceiling);
    const proxy = await startBundle(bundles.get("sheet-proxy") as Bundle, {
      bindings: {
        SHEETS_API_URL: emulator.url,
        SHEET_ID: emulator.spreadsheetId,
        ACCESS_TOKEN: await accessToken(emulator),
        TAB: "الاجتماعات",
      },
    });
    running.push(proxy);
    const check = await fetch(proxy.url);
    if (check.status !== 200)
      throw new Error(`sheet proxy answered ${check.status}: ${await check.text()}`);

    const useWrk = !quick && haveWrk();
    const rounds = quick ? 1 : 3;
    const base: Omit<LoadOptions, "url"> = {
      connections: quick ? 4 : 16,
      seconds: quick ? 3 : 8,
      maxRequests: quick ? 150 : 1_000_000,
      expectStatus: 200,
    };
    const targets = [
      ["GET /feed.json", { ...base, url: new URL("/feed.json", feed.url).href }],
      [
        "GET /feed.json with If-None-Match (304)",
        {
          ...base,
          url: new URL("/feed.json", feed.url).href,
          headers: { "if-none-match": etag },
          expectStatus: 304,
        },
      ],
      ["ceiling: constant JSON Worker", { ...base, url: ceiling.url.href }],
      [
        "sheet-to-JSON proxy (reads the emulator per request)",
        { ...base, url: proxy.url.href, maxRequests: quick ? 40 : 1_000_000 },
      ],
    ] as const;
    const results = new Map<string, LoadResult[]>();
    // Interleaved rounds, so a noisy neighbour hits every target alike.
    for (let round = 0; round < rounds; round++) {
      for (const [name, options] of targets) {
        const r = useWrk ? await wrk(options) : await nodeLoad(options);
        results.set(name, [...(results.get(name) ?? []), r]);
      }
    }
    const m = new Map([...results].map(([k, v]) => [k, medianLoad(v)]));
    const ceilingResult = m.get("ceiling: constant JSON Worker") as LoadResult;
    say();
    say("## 1. Feed serving");
    say();
    say(
      `Worker measured: ${feedName === "main" ? "the real Worker (wrangler.toml)" : "bench/feed-worker (the feed routes alone)"}; ` +
        `${meetings} generated meetings, body ${kib(Buffer.byteLength(body))} KiB; ` +
        `${useWrk ? "wrk" : "Node fetch loop"}, ${base.connections} connections, ` +
        `${rounds} interleaved round(s) of ${base.seconds} s per target, medians.`,
    );
    say();
    say("| target | req/s | × ceiling | p50 ms | p99 ms | requests | errors |");
    say("|---|---:|---:|---:|---:|---:|---:|");
    for (const [name] of targets) loadRow(name, m.get(name) as LoadResult, ceilingResult);
  } finally {
    for (const w of running) await w.close();
    await emulator.close();
  }
}

/** `wrangler check startup` profiles the bundle's startup in workerd; its span is the startup time. */
async function startupMs(config: string, work: string, i: number): Promise<number> {
  const outfile = join(work, `startup-${i}.cpuprofile`);
  await exec(
    process.execPath,
    [
      "node_modules/wrangler/bin/wrangler.js",
      "check",
      "startup",
      "--config",
      config,
      "--outfile",
      outfile,
    ],
    { env: QUIET_WRANGLER_ENV, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 },
  );
  const profile = JSON.parse(await readFile(outfile, "utf8")) as {
    startTime: number;
    endTime: number;
  };
  return (profile.endTime - profile.startTime) / 1000;
}

/** Time from starting workerd with the bundle to its first response, as a second view of startup. */
async function firstResponseMs(
  bundle: Bundle,
  options: Parameters<typeof startBundle>[1],
): Promise<number> {
  const t0 = performance.now();
  const w = await startBundle(bundle, options);
  await (await fetch(new URL("/healthz", w.url))).arrayBuffer();
  const ms = performance.now() - t0;
  await w.close();
  return ms;
}

async function sizeSection(bundles: Map<string, Bundle>, work: string) {
  const mainB = bundles.get("main") as Bundle;
  const emptyB = bundles.get("empty") as Bundle;
  const runs = quick ? 1 : 5;
  const checkMain: number[] = [];
  const checkEmpty: number[] = [];
  const firstMain: number[] = [];
  const firstEmpty: number[] = [];
  for (let i = 0; i < runs; i++) {
    checkMain.push(await startupMs("wrangler.toml", work, i));
    checkEmpty.push(await startupMs("bench/empty-worker/wrangler.toml", work, i + 100));
    firstMain.push(await firstResponseMs(mainB, MAIN_OPTIONS));
    firstEmpty.push(await firstResponseMs(emptyB, { compatibilityFlags: ["nodejs_compat"] }));
  }
  say();
  say("## 2. Cold start and size");
  say();
  say(
    `\`wrangler deploy --dry-run --outdir\`; gzip by Node's zlib (level 6); startup medians of ${runs}.`,
  );
  say();
  say("| Worker | raw KiB | gzip KiB | wrangler check startup ms | start → first response ms |");
  say("|---|---:|---:|---:|---:|");
  say(
    `| Liqaa (wrangler.toml) | ${kib(mainB.rawBytes)} | ${kib(mainB.gzipBytes)} | ${f1(median(checkMain))} | ${f1(median(firstMain))} |`,
  );
  say(
    `| empty Worker | ${kib(emptyB.rawBytes)} | ${kib(emptyB.gzipBytes)} | ${f1(median(checkEmpty))} | ${f1(median(firstEmpty))} |`,
  );
  say();
  say(`- wrangler says (Liqaa): ${mainB.wranglerSays}`);
  say(
    `- gzip target < 150 KiB: ${mainB.gzipBytes < 150 * 1024 ? "met" : "missed"} (${kib(mainB.gzipBytes)} KiB)`,
  );
  say(
    `- startup ratio (wrangler check startup): ${(median(checkMain) / median(checkEmpty)).toFixed(2)}× the empty Worker (target < 2×)`,
  );
  say(
    `- startup ratio (first response): ${(median(firstMain) / median(firstEmpty)).toFixed(2)}× the empty Worker`,
  );
}

async function syncSection() {
  const sizes = quick ? [20, 60] : [100, 1_000, 10_000, 50_000];
  const runs = quick ? 2 : 5;
  const budget = quick ? 10_000 : 300_000;
  const results = await syncCost(sizes, runs, budget);
  say();
  say("## 3. Sync cost (parse + validate + plan, first sync from an empty store)");
  say();
  say(
    `In-process, one child process per size; CPU = user + system (process.cpuUsage, all threads; "main thread" is the same from process.threadCpuUsage, without what V8's collector and compiler threads did on the other core), median of up to ${runs} runs; "first" is the child's first run (V8 still compiling). "unchanged" is what an unchanged sync does with the sheet instead (src/sync/unchanged.ts: the digest of the workbook as read, no parse, no plan). Heap: used with the sheet as read held (grid + response text), and the highest seen after parsing or planning.`,
  );
  say();
  say(
    "| meetings | contacts | runs | CPU ms | main thread CPU ms | first run CPU ms | wall ms | µs/meeting | unchanged decision CPU ms | valid | problems | planned emails | peak RSS MiB | heap: sheet / peak MiB | heap held MiB |",
  );
  say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const ran: SyncCostResult[] = [];
  for (const r of results) {
    if (!r.ran) {
      say(`| ${r.meetings} | ${r.meetings * 5} | 0 | not run: ${r.reason} | | | | | | | | | | | |`);
      continue;
    }
    ran.push(r);
    say(
      `| ${r.meetings} | ${r.contacts} | ${r.runs} | ${f1(r.cpuMs)} | ${f1(r.mainThreadCpuMs)} | ${f1(r.firstCpuMs)} | ${f1(r.wallMs)} | ${f1(r.microsPerMeeting)} | ${f1(r.unchangedCpuMs)} | ${r.validMeetings} | ${r.problems} | ${r.plannedEmails} | ${f1(r.peakRssMiB)} | ${f1(r.sheetHeapMiB)} / ${f1(r.peakHeapMiB)} | ${f1(r.heapDeltaMiB)} |`,
    );
  }
  say();
  for (let i = 1; i < ran.length; i++) {
    const a = ran[i - 1] as SyncCostResult;
    const b = ran[i] as SyncCostResult;
    say(
      `- growth ${a.meetings} → ${b.meetings}: time ∝ size^${growthExponent(a, b).toFixed(2)} (1 = linear)`,
    );
  }
  const tenK = ran.find((r) => r.meetings === 10_000);
  if (tenK) {
    say(
      `- 10,000 meetings: ${f1(tenK.cpuMs)} ms CPU, all threads (target < 300 ms: ${tenK.cpuMs < 300 ? "met" : "missed"}; ${f1(tenK.mainThreadCpuMs)} ms of it on the main thread); an unchanged sync of it decides in ${f1(tenK.unchangedCpuMs)} ms without parsing (${f1(tenK.cpuMs / tenK.unchangedCpuMs)}× less)`,
    );
    // The Workers isolate limit is 128 MB: the same sync in a child whose V8 heap is capped below it.
    const [capped] = await syncCost([10_000], 1, budget, 112).catch(() => [undefined]);
    say(
      `- 10,000 meetings with the V8 heap capped at 112 MiB (--max-old-space-size=112, under the 128 MB isolate limit; the sheet as read, then parse + plan): ${capped?.ran ? `ran, heap ${f1(capped.sheetHeapMiB)} MiB with the sheet, peak ${f1(capped.peakHeapMiB)} MiB` : "did not fit"}`,
    );
  }
}

async function callsSection(bundle: Bundle, work: string) {
  const meetings = quick ? 10 : 300;
  const result = await googleCalls(bundle, work, meetings, !quick);
  say();
  say("## 4. Google calls per sync");
  say();
  say(
    `The real Worker (Miniflare: workerd, D1 with migrations, KV, the mail queue and its consumer), ` +
      `POST /admin/sync against the Sheets emulator over a generated sheet of ${meetings} meetings; ` +
      `calls counted at the emulator. Steady after ${result.syncsToSteady} sync(s).`,
  );
  say();
  say(
    "| sync | reads | writes | tokens | emulator methods | Meetings rows written | other tabs written | emails queued |",
  );
  say("|---|---:|---:|---:|---|---:|---:|---:|");
  const methods = (r: CallsRow) =>
    Object.entries(r.byMethod)
      .map(([m, n]) => `${m.replace(/^spreadsheets\./, "")} ×${n}`)
      .join(", ");
  for (const r of result.rows) {
    say(
      `| ${r.label} | ${r.reads} | ${r.writes} | ${r.tokens} | ${methods(r)} | ${r.summary.rowsWritten} | ${r.summary.tabsWritten + r.summary.tabsCreated} | ${r.summary.enqueued + r.summary.requeued} |`,
    );
  }
  const unchanged = result.rows.find((r) => r.label === "unchanged sheet");
  if (unchanged)
    say(
      `- unchanged sheet: ${unchanged.reads} read(s), ${unchanged.writes} write(s) (target 1 and 0: ${unchanged.reads === 1 && unchanged.writes === 0 ? "met" : "missed"})`,
    );
}

async function freePlan(work: string) {
  const sizes = (args["free-sizes"] ?? (quick ? "demo" : "demo,typical")).split(",");
  const repeats = Number(args["free-repeats"] ?? (quick ? 2 : 7));
  const results = await freePlanSection(
    work,
    sizes as ("demo" | "typical" | "large")[],
    repeats,
    say,
  );
  if (args["free-sql"]) sqlBreakdown(results, say);
}

async function mailSection(bundle: Bundle, work: string) {
  const contacts = Number(args["mail-contacts"] ?? (quick ? 20 : 1_000));
  const rate = 14;
  const batch = args["mail-batch"] ? Number(args["mail-batch"]) : undefined;
  const r = await mailThroughput(bundle, work, contacts, rate, batch);
  const lost =
    Object.entries(r.outboxStates)
      .filter(([state]) => state !== "sent")
      .reduce((sum, [, n]) => sum + n, 0) + r.sentNotInFake;
  say();
  say("## 5. Mail throughput");
  say();
  say(
    `The real Worker's queue consumer (wrangler.toml's batch settings) sending to the SES stand-in; ` +
      `SES_MAX_SEND_RATE=${rate} and the stand-in's MaxSendRate ${rate}/s; one sync of one meeting inviting ${contacts} contacts` +
      `${batch === undefined ? "." : `; EXPERIMENT: max_batch_size ${batch} instead of wrangler.toml's.`}`,
  );
  say();
  say(
    "| planned | queued | accepted by SES | span s | achieved /s | × configured | duplicates | lost | retried attempts |",
  );
  say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  say(
    `| ${r.planned} | ${r.enqueued} | ${r.accepted} | ${f1(r.spanSeconds)} | ${r.achievedRate.toFixed(2)} | ${(r.achievedRate / rate).toFixed(3)}× | ${r.duplicateMessageIds} Message-IDs, ${r.duplicateRecipients} recipients | ${lost} | ${r.extraAttempts} |`,
  );
  say();
  say(`- outbox after the wait: ${JSON.stringify(r.outboxStates)}; drained: ${r.drained}`);
  say(
    `- gaps between accepted sends (ms): p10 ${r.gaps.p10}, p50 ${r.gaps.p50}, p90 ${r.gaps.p90}, max ${r.gaps.max}; ` +
      `${r.gaps.underInterval} under 0.8× the ${f1(1000 / rate)} ms interval`,
  );
  say(
    `- queue batches: ${r.batches.count}, median size ${r.batches.medianSize}, median ${r.batches.medianMs} ms, max ${r.batches.maxMs} ms; sync start → first send ${r.syncToFirstMs} ms`,
  );
  say(
    `- target ≥ 0.95×, 0 duplicates, 0 lost: ${r.achievedRate / rate >= 0.95 && r.duplicateMessageIds === 0 && lost === 0 ? "met" : "missed"}`,
  );
}

await main();
