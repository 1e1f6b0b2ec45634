// Where a full sync's own CPU goes, step by step: the free-plan bench
// (free-plan.ts) gives one figure per invocation; this runs the same pipeline
// (src/sync/run.ts's runSync) in Node under V8's sampling profiler, with D1 and
// KV from Miniflare (workerd) and the Sheets emulator, and prints the CPU each
// of the pipeline's functions spent, its callees included. D1's own work runs
// in the workerd process, so what Node spends is the Worker's part: the SQL is
// not in it, turning D1's answers into objects is (as in the Worker).
//   node bench/free-plan-profile.ts [--meetings 300] [--contacts 1000] [--repeats 5]
// It measures the hourly full sync of an unchanged sheet and the sync after
// one cell changed (the free-plan bench's two cron rows), and counts their D1
// statements. Sent mail is marked sent in D1 directly (no mail queue here).
// With --queue it measures instead the mail consumer on the first sync's
// emails: batches of 10 through consumeMessage (one read, then the claim,
// SES and the outcome per email), SES being the project's stand-in.
// With --files it also prints self ms (mean over the repeats) by group and by
// source file, as bench/workerd-profile.ts prints them for the Worker's
// isolate in workerd, so the two can be read side by side.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_splitSqlQuery } from "wrangler";
import { generateSheet, writeGeneratedSheet } from "../scripts/generate-sheet.ts";
import { startSesFake } from "../scripts/ses-fake/server.ts";
import { startSheetsEmulator } from "../scripts/sheets-emulator/server.ts";
import { consumeMessage, readBatch } from "../src/delivery/consume.ts";
import { sheetsClientFromSecret } from "../src/google/sheets-client.ts";
import { sweepRetention } from "../src/outbox/retention.ts";
import type { MailQueue } from "../src/outbox/row.ts";
import { createSesSender } from "../src/ses/index.ts";

import { runSync, type SyncDeps } from "../src/sync/run.ts";
import { groupOf, inclusiveMs, meanMap, type Profile, projectPath, selfMs } from "./cpu-profile.ts";
import { editOneCell } from "./free-plan.ts";
import { sqliteD1 } from "./free-plan-d1.ts";

/** The pipeline's steps (by the function that does each), in the order run.ts calls them. */
const STEPS = [
  "(SQLite)",
  "runSync src/sync/run.ts",
  "beginRun src/sync/begin.ts",
  "readWorkbook src/sync/read.ts",
  "lookUnchanged src/sync/unchanged.ts",
  "loadState src/sync/store.ts",
  "parseSheet src/sheet/parse.ts",
  "plan src/sync/plan.ts",
  "keptRows src/sync/last-good.ts",
  "asKnown src/sync/last-good.ts",
  "recordPlan src/sync/store.ts",
  "composePending src/sync/compose.ts",
  "resendFromSheet src/sync/resend-step.ts",
  "mailProblems src/sync/responses.ts",
  "publish src/sync/publish.ts",
  "buildSnapshot src/feed/snapshot.ts",
  "writeSnapshot src/feed/snapshot.ts",
  "rememberSettings src/sync/digest.ts",
  "queueProblemDigest src/sync/problem-digest.ts",
  "enqueueDue src/outbox/enqueue.ts",
  "writeSheet src/sync/write-sheet.ts",
  "responseLines src/sync/responses.ts",
  "planWriteBack src/sync/write-back.ts",
  "rememberFullSync src/sync/unchanged.ts",
  "finish src/sync/summary.ts",
];

async function main() {
  const { values } = parseArgs({
    options: {
      meetings: { type: "string", default: "300" },
      contacts: { type: "string", default: "1000" },
      repeats: { type: "string", default: "5" },
      top: { type: "string", default: "0" },
      // Prints D1's size after the first syncs and the retention sweep, then stops.
      storage: { type: "boolean", default: false },
      queue: { type: "boolean", default: false },
      files: { type: "boolean", default: false },
    },
  });
  const meetings = Number(values.meetings);
  const repeats = Number(values.repeats);
  const work = await mkdtemp(join(tmpdir(), "liqaa-profile-"));
  const dir = join(work, "sheet");
  await writeGeneratedSheet(
    dir,
    generateSheet({ meetings, contactsPerMeeting: Number(values.contacts) / meetings, seed: 7 }),
  );
  const emulator = await startSheetsEmulator({ dataDir: dir, host: "127.0.0.1", port: 0 });
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: "export default { fetch: () => new Response('') }",
      kvNamespaces: ["FEED"],
      compatibilityDate: "2025-09-01",
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  try {
    const d1 = sqliteD1();
    const raw = d1.db;
    for (const file of (await readdir("migrations")).filter((f) => f.endsWith(".sql")).sort()) {
      for (const sql of unstable_splitSqlQuery(await readFile(join("migrations", file), "utf8")))
        await raw.exec(sql);
    }
    const db = raw;
    const feed = textStreams((await mf.getKVNamespace("FEED")) as unknown as KVNamespace);
    const queue: MailQueue = {
      send: async () => {},
      sendBatch: async () => {},
    } as unknown as MailQueue;
    const sheets = sheetsClientFromSecret(JSON.stringify(emulator.serviceAccountKey), {
      sheetId: emulator.spreadsheetId,
      tokenUrl: emulator.tokenUrl,
      apiUrl: emulator.url,
      now: Date.now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
    });
    if (!sheets.ok) throw new Error(sheets.error.message.en);
    const deps: SyncDeps = {
      db,
      feed,
      queue,
      sheets: sheets.value,
      sheetId: emulator.spreadsheetId,
      signingSecret: "bench-signing-secret-0123456789abcdef",
      publicUrl: "http://127.0.0.1:8787",
      sheetUrl: null,
      dryRun: false,
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
    };
    const markSent = () =>
      raw
        .prepare(
          `UPDATE outbox SET state = 'sent', ses_message_id = 'ses-' || id, updated_at = ?
           WHERE state IN ('pending', 'claimed')`,
        )
        .bind(new Date().toISOString())
        .run();
    const settle = async () => {
      for (let i = 0; i < 8; i++) {
        const run = await runSync(deps);
        await markSent();
        if (run.counts.rowsWritten + run.counts.tabsWritten + run.counts.enqueued === 0) return;
      }
      throw new Error("no steady state after 8 syncs");
    };
    if (values.storage) {
      await settle();
      return await storage(raw, meetings);
    }
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    if (values.queue) {
      await runSync(deps);
      await profileQueue(session, db, d1, repeats, Number(values.top));
      return;
    }
    await settle();
    const measure = async (label: string, before: (i: number) => Promise<void>) => {
      const totals = new Map<string, number[]>();
      const whole: number[] = [];
      const statements: number[] = [];
      const fileSelf: Map<string, number>[] = [];
      for (let i = 0; i < repeats; i++) {
        await before(i);
        d1.statements = 0;
        await session.post("Profiler.start");
        const cpu0 = process.cpuUsage();
        await runSync(deps);
        const cpu = process.cpuUsage(cpu0);
        const { profile } = (await session.post("Profiler.stop")) as unknown as {
          profile: Profile;
        };
        whole.push((cpu.user + cpu.system) / 1000);
        statements.push(d1.statements);
        for (const [k, ms] of inclusiveMs(profile)) totals.set(k, [...(totals.get(k) ?? []), ms]);
        fileSelf.push(
          selfMs(profile, (f) => (f.url ? projectPath(f.url) : `(builtin) ${f.functionName}`)).self,
        );
        await markSent();
        await settle();
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      console.log(
        `\n${label}: process CPU ${med(whole).toFixed(1)} ms (median of ${repeats}), D1 statements ${med(statements)}`,
      );
      for (const step of STEPS) {
        const ms = totals.get(step);
        if (ms) console.log(`  ${med(ms).toFixed(1).padStart(7)} ms  ${step}`);
      }
      const top = Number(values.top);
      if (top > 0) {
        const rows = [...totals].map(([k, ms]) => [k, med(ms)] as const);
        rows.sort((a, b) => b[1] - a[1]);
        console.log("  -- top functions (inclusive) --");
        for (const [k, ms] of rows.slice(0, top))
          console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
      }
      if (values.files) {
        const groups = fileSelf.map((m) => {
          const g = new Map<string, number>();
          for (const [file, ms] of m) g.set(groupOf(file), (g.get(groupOf(file)) ?? 0) + ms);
          return g;
        });
        console.log("  -- self ms by group (mean) --");
        for (const [k, ms] of meanMap(groups))
          console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
        console.log("  -- self ms by source file (mean) --");
        for (const [k, ms] of meanMap(fileSelf).slice(0, top || 25))
          console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
      }
    };
    const forget = async () => {
      await raw.prepare("DELETE FROM sync_meta WHERE key LIKE 'unchanged:%'").run();
    };
    await measure("hourly full sync, unchanged sheet", forget);
    await measure("one cell changed", (i) => editOneCell(dir, i));
  } finally {
    await mf.dispose();
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The namespace with each stream read made from a text read: Miniflare's
 * Node-side proxy fails (an unhandled rejection inside Miniflare) when a KV
 * stream is cancelled unread, as the snapshot read does when its metadata
 * matches; workerd itself, which the Worker runs in, does not.
 */
function textStreams(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop !== "getWithMetadata") {
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return async (key: string, type: unknown) => {
        if (type !== "stream") return target.getWithMetadata(key, type as "text");
        const { value, metadata } = await target.getWithMetadata(key, "text");
        return { value: value === null ? null : new Response(value).body, metadata };
      };
    },
  });
}

/**
 * D1's size for the sheet as synced, after the retention sweep with the
 * default RETENTION_DAYS has let go of what is only history (run as if the
 * days had passed), compacted: what stays for ever, per meeting. The mail
 * bodies are not in it (no mailer runs here); the sweep drops them anyway.
 */
async function storage(db: D1Database, meetings: number) {
  const size = async () => {
    await db.prepare("VACUUM").run();
    const pages = await db.prepare("PRAGMA page_count").first<{ page_count: number }>();
    const page = await db.prepare("PRAGMA page_size").first<{ page_size: number }>();
    return (pages?.page_count ?? 0) * (page?.page_size ?? 0);
  };
  const before = await size();
  // A sync run's row stays RETENTION_DAYS days: 288 a day with a 5-minute cron.
  const run = await db
    .prepare(
      `SELECT AVG(LENGTH(COALESCE(counts, '')) + LENGTH(COALESCE(problems, '')) + 120) AS avg,
         MAX(LENGTH(COALESCE(counts, '')) + LENGTH(COALESCE(problems, '')) + 120) AS max FROM sync_runs`,
    )
    .first<{ avg: number; max: number }>();
  console.log(
    `sync_runs row: ${Math.round(run?.avg ?? 0)} B on average, ${run?.max ?? 0} B at most: 180 days of 288 a day ≈ ` +
      `${(((run?.max ?? 0) * 288 * 180) / 1e6).toFixed(0)} MB at most`,
  );
  const later = new Date(Date.now() + 400 * 86_400_000);
  const swept = await sweepRetention(db, later, { days: 180 });
  const after = await size();
  const counts: string[] = [];
  for (const table of [
    "meetings",
    "invitations",
    "outbox",
    "deliveries",
    "sync_runs",
    "calendar_uids",
    "mail_inputs",
  ]) {
    const row = await db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>();
    counts.push(`${table} ${row?.n ?? 0}`);
  }
  console.log(
    `D1 after the first syncs: ${(before / 1e6).toFixed(2)} MB; after the sweep: ${(after / 1e6).toFixed(2)} MB ` +
      `(${(after / meetings / 1e3).toFixed(1)} kB a meeting; swept ${JSON.stringify(swept)}); rows: ${counts.join(", ")}`,
  );
}

/** The mail consumer on the first sync's emails, 10 a batch, the first `repeats` batches measured. */
async function profileQueue(
  session: Session,
  db: D1Database,
  d1: { statements: number },
  repeats: number,
  top: number,
) {
  const ses = await startSesFake({ host: "127.0.0.1" });
  try {
    const { results } = await db
      .prepare("SELECT id FROM outbox WHERE kind <> 'digest' AND state = 'pending' ORDER BY id")
      .all<{ id: number }>();
    const sender = createSesSender({
      region: "eu-central-1",
      accessKeyId: "bench",
      secretAccessKey: "bench",
      endpoint: ses.url,
      timeoutMs: 10_000,
      now: Date.now,
    });
    const deps = {
      db,
      sender,
      dryRun: false,
      signingSecret: "bench-signing-secret-0123456789abcdef",
      now: () => new Date(),
      newClaimId: () => crypto.randomUUID(),
    };
    const whole: number[] = [];
    const statements: number[] = [];
    const totals = new Map<string, number[]>();
    for (let b = 0; b < repeats; b++) {
      const bodies = results.slice(b * 10, b * 10 + 10).map((r) => ({ outbox_id: r.id }));
      if (bodies.length < 10) break;
      d1.statements = 0;
      await session.post("Profiler.start");
      const cpu0 = process.cpuUsage();
      const rows = await readBatch(db, bodies);
      for (const body of bodies) await consumeMessage(deps, body, rows);
      const cpu = process.cpuUsage(cpu0);
      const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
      whole.push((cpu.user + cpu.system) / 1000);
      statements.push(d1.statements);
      for (const [k, ms] of inclusiveMs(profile)) totals.set(k, [...(totals.get(k) ?? []), ms]);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    console.log(
      `\nqueue batch of 10: process CPU ${med(whole).toFixed(1)} ms (median of ${whole.length}; batches: ${whole.map((x) => x.toFixed(1)).join(", ")}), D1 statements ${med(statements)}`,
    );
    const rows = [...totals].map(([k, ms]) => [k, med(ms)] as const).sort((a, b) => b[1] - a[1]);
    for (const [k, ms] of rows.slice(0, top || 25))
      console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
  } finally {
    await ses.close();
  }
}

await main();
