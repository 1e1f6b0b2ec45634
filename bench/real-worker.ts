// Runs the real Worker for the benchmarks that need all of it — the sync against
// the Sheets emulator, the mail queue's consumer against the SES stand-in: the
// bundle `wrangler deploy --dry-run` makes, in workerd through Miniflare, with
// the bindings, queue producer and consumers (batch size, timeout, retries,
// dead-letter queue) that wrangler itself derives from wrangler.toml, and D1
// with the project's migrations applied. Listens on 127.0.0.1 only.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from "wrangler";
import type { SyncSummary } from "../src/sync/run.ts";
import type { Bundle } from "./workers.ts";

export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789";

/** One line Miniflare logged (the queue broker logs each batch: "QUEUE liqaa-mail 10/10 (712ms)"). */
export interface LoggedLine {
  at: number;
  text: string;
}

/** Keeps what Miniflare logs instead of printing it, so batch timings can be read back. */
class KeptLog extends Log {
  readonly lines: LoggedLine[] = [];
  constructor() {
    super(LogLevel.INFO);
  }
  override log(message: string): void {
    if (this.lines.length < 100_000) this.lines.push({ at: Date.now(), text: message });
  }
}

export interface RealWorker {
  url: URL;
  mf: Miniflare;
  db: D1Database;
  logged: LoggedLine[];
  /** POST /admin/sync; the run's summary. */
  sync(): Promise<SyncSummary>;
  close(): Promise<void>;
}

async function applyMigrations(db: D1Database): Promise<void> {
  const dir = "migrations";
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort()) {
    const statements = unstable_splitSqlQuery(await readFile(join(dir, file), "utf8"));
    await db.batch(statements.map((sql) => db.prepare(sql)));
  }
}

export async function startRealWorker(
  bundle: Bundle,
  vars: Record<string, string>,
  /** Experiments only: the mail queue's max_batch_size instead of wrangler.toml's. */
  mailBatchSize?: number,
  /**
   * false: no consumer on the mail queue, so queued mail waits until the bench
   * hands a batch to the queue handler itself (bench/free-plan.ts measures each
   * invocation alone, with no consumer running in between).
   */
  mailConsumer = true,
  /**
   * workerd's own inspector on this port (bench/workerd-profile.ts): one
   * DevTools target per isolate, the Worker's and each simulator's.
   */
  inspectorPort?: number,
): Promise<RealWorker> {
  // Everything but the script from wrangler.toml, as `wrangler dev` would bind it.
  const { workerOptions } = unstable_getMiniflareWorkerOptions("wrangler.toml");
  const log = new KeptLog();
  const consumers = workerOptions.queueConsumers as Record<string, { maxBatchSize?: number }>;
  const mail = consumers["liqaa-mail"];
  if (mailBatchSize !== undefined && mail) mail.maxBatchSize = mailBatchSize;
  if (!mailConsumer) delete consumers["liqaa-mail"];
  const options = {
    host: "127.0.0.1",
    port: 0,
    log,
    name: "liqaa",
    modules: true,
    scriptPath: bundle.file,
    // Module names are paths under this root; the bundle lives outside the project.
    modulesRoot: dirname(bundle.file),
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    bindings: { ...(workerOptions.bindings as Record<string, string>), ...vars },
    kvNamespaces: workerOptions.kvNamespaces,
    d1Databases: workerOptions.d1Databases,
    queueProducers: workerOptions.queueProducers,
    queueConsumers: consumers,
    ...(inspectorPort === undefined ? {} : { inspectorPort }),
  };
  // wrangler types its derived options loosely (unknown); they are Miniflare's own shapes.
  const mf = new Miniflare(
    convertV4MiniflareOptions(options as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = await mf.ready;
  const db = (await mf.getD1Database("DB")) as unknown as D1Database;
  await applyMigrations(db);
  return {
    url,
    mf,
    db,
    logged: log.lines,
    async sync() {
      const response = await fetch(new URL("/admin/sync", url), {
        method: "POST",
        headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
        signal: AbortSignal.timeout(120_000),
      });
      const text = await response.text();
      if (response.status !== 200 && response.status !== 503)
        throw new Error(`POST /admin/sync answered ${response.status}: ${text.slice(0, 500)}`);
      return JSON.parse(text) as SyncSummary;
    },
    close: () => mf.dispose(),
  };
}
