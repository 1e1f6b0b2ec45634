// Benchmark "free-plan": does each kind of invocation fit the Workers Free plan?
// The real Worker (workers/index.ts, bundled as `wrangler deploy --dry-run`
// bundles it, behind bench/counting-worker's counters) runs in workerd through
// Miniflare with D1 (migrations applied), KV and the mail queue from
// wrangler.toml, against the Sheets emulator and the SES stand-in. For each
// invocation it records the workerd process's CPU (workerd-cpu.ts), interleaved
// with an empty Worker's invocation measured the same way, the subrequests the
// emulator and the stand-in saw, and the counters' D1 queries, D1 rows, KV and
// queue operations. After each invocation its D1 statements, then its KV
// operations, are replayed alone on the raw bindings and measured the same way:
// the local simulators run in the same process, so their CPU is subtracted to
// estimate the Worker's own. Queue sends are not replayed: that would queue the
// mail twice, and the broker's isolate costs under 1% of a sync
// (bench/workerd-profile.ts). The mail queue has no consumer here: the bench
// hands each batch to the queue handler itself, so no invocation runs inside
// another's measurement.
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { generateSheet, writeGeneratedSheet } from "../scripts/generate-sheet.ts";
import { readSheetFolder, writeTab } from "../scripts/lib/csv-folder.ts";
import { startSesFake } from "../scripts/ses-fake/server.ts";
import { startSheetsEmulator } from "../scripts/sheets-emulator/server.ts";
import { signRsvp } from "../src/delivery/links.ts";
import { TABS } from "../src/sheet/contract.ts";
import type { SyncSummary } from "../src/sync/run.ts";
import { BENCH_REPLIES, openInvitations, sendCalendarReply } from "./free-plan-replies.ts";
import { localWorkerVars } from "./google-calls.ts";
import { type RealWorker, startRealWorker } from "./real-worker.ts";
import { cpuNs, idleRate, measureCpu, workerdChildren } from "./workerd-cpu.ts";
import { type Bundle, startBundle } from "./workers.ts";

export type SizeName = "demo" | "typical" | "large";
export const SIZES: Record<SizeName, { meetings: number; contacts: number } | null> = {
  demo: null,
  typical: { meetings: 300, contacts: 1_000 },
  large: { meetings: 3_000, contacts: 10_000 },
};

/**
 * What bench/counting-worker counted for one invocation. Kept in step with that
 * file's own Counts by hand: it is typechecked for workerd, this one for Node, and
 * importing it here would pull the Worker's bindings into the Node program.
 */
export interface Counts {
  kind: string;
  d1Queries: number;
  d1Calls: number;
  d1RowsRead: number;
  d1RowsWritten: number;
  d1WaitMs: number;
  kvReads: number;
  kvWrites: number;
  queueMessages: number;
  fetches: number;
  sql: Record<string, number>;
}

export interface Sample {
  cpuMs: number;
  emptyMs: number;
  /** CPU of the same D1 statements replayed alone (counting-worker's replay), less an empty invocation. */
  d1Ms: number;
  /**
   * CPU of the same KV operations replayed alone on the raw binding, less an
   * empty invocation: the local KV simulator's work, which on Cloudflare runs
   * outside the Worker's isolate (0 when the invocation did no KV operation).
   */
  kvMs: number;
  wallMs: number;
  /** At the Sheets emulator (reads, writes, token requests) and the SES stand-in. */
  subrequests: number;
  counts: Counts;
}

export const KINDS = [
  "cron: unchanged sheet (short cut)",
  "cron: unchanged sheet, hourly full sync",
  "cron: one cell changed",
  "cron: first sync",
  "queue: batch of 10 sends",
  "GET /feed.json",
  "GET /feed.json → 304",
  "POST /rsvp/:token",
  "email(): a calendar reply",
] as const;
export type Kind = (typeof KINDS)[number];

export interface SizeResult {
  size: SizeName;
  meetings: number;
  contacts: number;
  emailsFirstSync: number;
  samples: Map<Kind, Sample[]>;
}

const SECRET = "bench-signing-secret-0123456789abcdef";
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function sheetFor(size: SizeName, dir: string): Promise<void> {
  const spec = SIZES[size];
  if (spec === null) {
    await cp("demo-sheet", dir, { recursive: true });
    return;
  }
  const sheet = generateSheet({
    meetings: spec.meetings,
    contactsPerMeeting: spec.contacts / spec.meetings,
    seed: 7,
  });
  await writeGeneratedSheet(dir, sheet);
}

/** Runs every invocation kind for one sheet size on a fresh stack. */
export async function measureSize(
  bundles: { counting: Bundle; empty: Bundle },
  work: string,
  size: SizeName,
  repeats: number,
): Promise<SizeResult> {
  const dir = join(work, `free-plan-${size}`);
  await sheetFor(size, dir);
  const emulator = await startSheetsEmulator({ dataDir: dir, host: "127.0.0.1", port: 0 });
  const ses = await startSesFake({ host: "127.0.0.1" });
  const before = workerdChildren();
  const empty = await startBundle(bundles.empty, { compatibilityFlags: ["nodejs_compat"] });
  const emptyPid = newPid(before);
  let worker: RealWorker | null = null;
  try {
    const known = workerdChildren();
    worker = await startRealWorker(
      bundles.counting,
      // No pacing sleeps: CPU is measured, not the send rate.
      // The replies address set, as a network taking calendar answers runs it.
      { ...localWorkerVars(emulator, ses.url, 10_000), REPLIES_ADDRESS: BENCH_REPLIES },
      undefined,
      false,
    );
    const w = worker;
    const pid = newPid(known);
    const idle = await idleRate(pid);
    const emptyIdle = await idleRate(emptyPid);
    const samples = new Map<Kind, Sample[]>();
    const call = (path: string, init?: RequestInit) =>
      fetch(new URL(path, w.url), { ...init, signal: AbortSignal.timeout(300_000) });
    const last = async () => (await (await call("/__bench/last")).json()) as Counts;

    /** One measured invocation, beside one measured empty-Worker invocation. */
    const measure = async <T>(kind: Kind, invoke: () => Promise<T>): Promise<T> => {
      const e = await measureCpu(emptyPid, emptyIdle, async () => {
        await (await fetch(empty.url)).arrayBuffer();
      });
      const calls0 = emulator.calls();
      const mail0 = ses.messages().length;
      const m = await measureCpu(pid, idle, invoke);
      const calls1 = emulator.calls();
      const subrequests =
        calls1.reads -
        calls0.reads +
        (calls1.writes - calls0.writes) +
        (calls1.tokens - calls0.tokens) +
        (ses.messages().length - mail0);
      const counts = await last();
      const replayed = await measureCpu(pid, idle, async () => {
        await (await call("/__bench/replay", { method: "POST" })).arrayBuffer();
      });
      const kvReplayed =
        counts.kvReads + counts.kvWrites === 0
          ? null
          : await measureCpu(pid, idle, async () => {
              await (await call("/__bench/replay?what=kv", { method: "POST" })).arrayBuffer();
            });
      const list = samples.get(kind) ?? [];
      list.push({
        cpuMs: m.cpuMs,
        emptyMs: e.cpuMs,
        d1Ms: Math.max(0, replayed.cpuMs - e.cpuMs),
        kvMs: kvReplayed === null ? 0 : Math.max(0, kvReplayed.cpuMs - e.cpuMs),
        wallMs: m.wallMs,
        subrequests,
        counts,
      });
      samples.set(kind, list);
      return m.result;
    };
    const cron = async (): Promise<SyncSummary> => {
      const body = (await (await call("/__bench/cron", { method: "POST" })).json()) as {
        error: string | null;
        run: SyncSummary;
      };
      if (body.error !== null || body.run.outcome !== "ok")
        throw new Error(`sync: ${body.error ?? JSON.stringify(body.run.error)}`);
      return body.run;
    };
    const queue = async (ids: number[]) => {
      const r = await call("/__bench/queue", {
        method: "POST",
        body: JSON.stringify({ outbox_ids: ids }),
      });
      if (r.status !== 200) throw new Error(`queue answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    };
    /** Sends what the syncs queued, 10 a batch; up to `measured` full batches measured. */
    const drain = async (measured: number) => {
      const ids = (await (await call("/__bench/sent")).json()) as number[];
      for (let i = 0; i < ids.length; i += 10) {
        const batch = ids.slice(i, i + 10);
        if (batch.length === 10 && i / 10 < measured)
          await measure("queue: batch of 10 sends", () => queue(batch));
        else await queue(batch);
      }
      return ids.length;
    };
    /** Full syncs and drains until a sync writes and queues nothing. */
    const settle = async () => {
      for (let i = 0; i < 8; i++) {
        const run = await cron();
        await drain(0);
        if (run.counts.rowsWritten + run.counts.tabsWritten === 0 && run.counts.enqueued === 0)
          return;
      }
      throw new Error("no steady state after 8 syncs");
    };

    await measure("cron: first sync", cron);
    const emailsFirstSync = await drain(repeats);
    await settle();
    // The hourly full sync of a sheet nobody touched: forgetting the digest forces one.
    const forget = () => w.db.prepare("DELETE FROM sync_meta WHERE key LIKE 'unchanged:%'").run();
    for (let i = 0; i < repeats; i++) {
      await forget();
      await measure("cron: unchanged sheet, hourly full sync", cron);
    }
    for (let i = 0; i < repeats; i++) {
      const run = await measure("cron: unchanged sheet (short cut)", cron);
      if (run.counts.unchanged !== 1)
        throw new Error("the unchanged sheet did not take the short cut");
    }
    for (let i = 0; i < repeats; i++) {
      await editOneCell(dir, i);
      const run = await measure("cron: one cell changed", cron);
      // The edit's sync parses and plans the edited row alone (src/sync/incremental.ts),
      // except on a sheet with a bilateral series (the demo's), which always runs the
      // full sync (src/sync/full-inputs.ts hasSeries).
      if (run.counts.incremental !== 1 && size !== "demo")
        throw new Error("the one-cell edit did not take the incremental path");
      await drain(0);
      await settle();
    }
    const first = await call("/feed.json");
    const etag = first.headers.get("etag") ?? "";
    await first.arrayBuffer();
    for (let i = 0; i < repeats; i++) {
      await measure("GET /feed.json", async () => {
        const r = await call("/feed.json");
        if (r.status !== 200) throw new Error(`feed answered ${r.status}`);
        await r.arrayBuffer();
      });
      await measure("GET /feed.json → 304", async () => {
        const r = await call("/feed.json", { headers: { "if-none-match": etag } });
        if (r.status !== 304) throw new Error(`feed with If-None-Match answered ${r.status}`);
        await r.arrayBuffer();
      });
    }
    const tokens = await openRsvpTokens(w, call, repeats);
    for (const token of tokens) {
      await measure("POST /rsvp/:token", async () => {
        const r = await call(`/rsvp/${token}`, { method: "POST" });
        if (r.status !== 200) throw new Error(`RSVP POST answered ${r.status}`);
        await r.arrayBuffer();
      });
    }
    const answers = ["ACCEPTED", "TENTATIVE", "DECLINED"] as const;
    for (const [i, invitation] of (await openInvitations(w, repeats)).entries()) {
      await measure("email(): a calendar reply", () =>
        sendCalendarReply(w, call, invitation, answers[i % answers.length] ?? "ACCEPTED"),
      );
    }
    const spec = SIZES[size];
    return {
      size,
      meetings: spec?.meetings ?? (await countRows(dir, TABS.meetings.ar)),
      contacts: spec?.contacts ?? (await countRows(dir, TABS.contacts.ar)),
      emailsFirstSync,
      samples,
    };
  } finally {
    await worker?.close();
    await empty.close();
    await ses.close();
    await emulator.close();
  }
}

export function newPid(before: Set<number>): number {
  const fresh = [...workerdChildren()].filter((p) => !before.has(p));
  if (fresh.length !== 1)
    throw new Error(`expected one new workerd process, found ${fresh.length}`);
  const pid = fresh[0] as number;
  cpuNs(pid);
  return pid;
}

async function countRows(dir: string, tab: string): Promise<number> {
  const tabs = await readSheetFolder(dir);
  return ((tabs[tab] as string[][] | undefined)?.length ?? 1) - 1;
}

/** Staff move a meeting to another place (a new one each round): a scheduled future one if any. */
export async function editOneCell(dir: string, round: number): Promise<void> {
  const tabs = await readSheetFolder(dir);
  const sheet = (tabs[TABS.meetings.ar] as string[][]).map((r) => [...r]);
  // The contract's columns: C3 the date, C7 the place, C14 the status.
  const year = (r: string[]) => Number(/(\d{4})/.exec(r[3] ?? "")?.[1] ?? 0);
  const scheduled = (r: string[]) => ["مؤكد", "scheduled"].includes(r[14] ?? "");
  let row = sheet.findIndex((r, i) => i > 0 && scheduled(r) && year(r) >= 2027);
  if (row < 0) row = sheet.findIndex((r, i) => i > 0 && scheduled(r));
  if (row < 0) row = 1;
  (sheet[row] as string[])[7] = `قاعة ${round + 1}، غازي عنتاب`;
  await writeTab(dir, TABS.meetings.ar, sheet);
}

/** RSVP tokens (signed as the Worker signs them) for invitations that still stand. */
export async function openRsvpTokens(
  w: RealWorker,
  call: (path: string, init?: RequestInit) => Promise<Response>,
  wanted: number,
): Promise<string[]> {
  const rows = await w.db
    .prepare(
      "SELECT meeting_id, email FROM invitations WHERE last_kind <> 'cancel' ORDER BY meeting_id, email LIMIT 200",
    )
    .all<{ meeting_id: string; email: string }>();
  const tokens: string[] = [];
  const expires = Math.floor(Date.now() / 1000) + 86_400;
  for (const row of rows.results) {
    if (tokens.length >= wanted) break;
    const token = await signRsvp(SECRET, {
      meetingId: row.meeting_id,
      email: row.email,
      response: tokens.length % 2 === 0 ? "accepted" : "tentative",
      expires,
    });
    const probe = await call(`/rsvp/${token}`);
    await probe.arrayBuffer();
    if (probe.status === 200) tokens.push(token);
  }
  if (tokens.length === 0) throw new Error("no open invitation to answer");
  return tokens;
}

export const medianOf = (samples: Sample[], pick: (s: Sample) => number) =>
  median(samples.map(pick));
