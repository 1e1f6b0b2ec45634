// Benchmark helper for bench/free-plan.ts: Liqaa's real Worker (workers/index.ts,
// unchanged) with counters around its bindings, so each invocation's D1 queries
// (and D1's rows_read/rows_written), KV reads/writes, queue sends and outgoing
// fetches can be read back. Each invocation gets fresh counters over its own env;
// GET /__bench/last returns the previous invocation's. Nothing here runs in
// production: it is a separate entry, built only by the bench.
//   POST /__bench/cron   the scheduled handler, awaited with its waitUntil work
//   POST /__bench/queue  the queue handler with a batch of {"outbox_ids": [...]}
//   GET  /__bench/last   the counts of the invocation before this one
//   GET  /__bench/sent   the outbox ids sent to the mail queue since the last call
//   POST /__bench/replay the previous invocation's D1 statements again on the raw
//                        binding (?what=kv: its KV operations instead), so the
//                        bench can measure what the local simulator spends on them
//   GET  /__bench/spin?n= a pure-JavaScript loop of n rounds and nothing else: the
//                        yardstick bench/workerd-profile.ts checks its sampling on
import type { RawEnv } from "../../src/env.ts";
import type { OutboxMessage } from "../../src/outbox/row.ts";
import liqaa from "../../workers/index.ts";

interface Counts {
  kind: string;
  d1Queries: number;
  d1Calls: number;
  d1RowsRead: number;
  d1RowsWritten: number;
  /** Time awaiting D1 as this isolate sees it (performance.now advances across I/O). */
  d1WaitMs: number;
  kvReads: number;
  kvWrites: number;
  queueMessages: number;
  fetches: number;
  sql: Record<string, number>;
}

const fresh = (kind: string): Counts => ({
  kind,
  d1Queries: 0,
  d1Calls: 0,
  d1RowsRead: 0,
  d1RowsWritten: 0,
  d1WaitMs: 0,
  kvReads: 0,
  kvWrites: 0,
  queueMessages: 0,
  fetches: 0,
  sql: {},
});

let last: Counts = fresh("none");
let sent: number[] = [];
/** The D1 statements of the invocation running now, and of the one before. */
let statements: Recorded[] = [];
let lastStatements: Recorded[] = [];
/** The same for KV operations. */
let kvOps: KvRecorded[] = [];
let lastKvOps: KvRecorded[] = [];

interface Meta {
  meta?: { rows_read?: number; rows_written?: number };
}

type Recorded = { sql: string; values: unknown[] };
type KvRecorded = { op: "get" | "getWithMetadata" | "list" | "put" | "delete"; args: unknown[] };

function countedDb(db: D1Database, c: Counts): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const note = (sql: string, values: unknown[]) => {
    const key = sql.replace(/\s+/g, " ").trim().slice(0, 90);
    c.sql[key] = (c.sql[key] ?? 0) + 1;
    statements.push({ sql, values });
  };
  const timed = async <T>(queries: number, work: () => Promise<T>): Promise<T> => {
    c.d1Queries += queries;
    c.d1Calls++;
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      c.d1WaitMs += performance.now() - t0;
    }
  };
  const addMeta = (r: Meta) => {
    c.d1RowsRead += r.meta?.rows_read ?? 0;
    c.d1RowsWritten += r.meta?.rows_written ?? 0;
  };
  const wrap = (stmt: D1PreparedStatement, sql: string, values: unknown[]): D1PreparedStatement => {
    const w = {
      sql,
      values,
      bind: (...bound: unknown[]) => wrap(stmt.bind(...bound), sql, bound),
      async first(column?: string) {
        note(sql, values);
        // all() instead of first(), for its meta; first()'s answer rebuilt from it.
        const r = await timed(1, () => stmt.all());
        addMeta(r);
        const row = (r.results[0] ?? null) as Record<string, unknown> | null;
        if (column === undefined || row === null) return row;
        if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: ${column}`);
        return row[column];
      },
      async all() {
        note(sql, values);
        const r = await timed(1, () => stmt.all());
        addMeta(r);
        return r;
      },
      async run() {
        note(sql, values);
        const r = await timed(1, () => stmt.run());
        addMeta(r);
        return r;
      },
      raw(options?: { columnNames?: boolean }) {
        note(sql, values);
        // D1's overloads differ only in the column-names row; the runtime call is one.
        return timed(1, () => stmt.raw(options as { columnNames: true }));
      },
    };
    real.set(w, stmt);
    return w as unknown as D1PreparedStatement;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql, []);
      if (prop === "batch")
        return async (stmts: D1PreparedStatement[]) => {
          for (const s of stmts) {
            const r = s as unknown as Partial<Recorded>;
            note(`batch: ${r.sql ?? "?"}`, r.values ?? []);
          }
          const results = await timed(stmts.length, () =>
            target.batch(stmts.map((s) => real.get(s) ?? s)),
          );
          for (const r of results) addMeta(r);
          return results;
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The previous invocation's statements once more, one round trip each, on the
 * raw binding: what D1 alone costs for them. A plain INSERT is left out (its row
 * exists now); the rest run again on data the first run already changed, so an
 * UPDATE that matched rows may match none: a slight underestimate for writes.
 */
async function replay(db: D1Database, recorded: Recorded[]): Promise<number> {
  let ran = 0;
  for (const { sql, values } of recorded) {
    const text = sql.replace(/^batch: /, "");
    if (/^\s*INSERT\b/i.test(text) && !/ON CONFLICT|OR IGNORE|OR REPLACE/i.test(text)) continue;
    await db
      .prepare(text)
      .bind(...values)
      .all();
    ran++;
  }
  return ran;
}

/**
 * One counting wrapper per KV binding for the isolate's life, counting into the
 * invocation running now: the feed routes keep what they rendered in a WeakMap
 * keyed by the binding (src/feed/render-cache.ts), as workerd hands every
 * request the same binding, so a wrapper made per invocation would defeat that
 * cache and the bench would measure a feed request that renders every time.
 */
const kvWrappers = new WeakMap<KVNamespace, KVNamespace>();

function countedKv(kv: KVNamespace): KVNamespace {
  const known = kvWrappers.get(kv);
  if (known) return known;
  const wrapper = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      const call = (args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
      if (prop === "get" || prop === "getWithMetadata" || prop === "list") {
        return (...args: unknown[]) => {
          if (current) current.kvReads++;
          kvOps.push({ op: prop, args });
          return call(args);
        };
      }
      if (prop === "put" || prop === "delete") {
        return (...args: unknown[]) => {
          if (current) current.kvWrites++;
          kvOps.push({ op: prop, args });
          return call(args);
        };
      }
      return value.bind(target);
    },
  });
  kvWrappers.set(kv, wrapper);
  return wrapper;
}

/**
 * The previous invocation's KV operations once more, in order, on the raw
 * binding: what the local KV simulator (an isolate of its own in the same
 * workerd process, blobs on disk) spends on them. On Cloudflare that work is
 * KV's, outside the Worker's isolate. A put writes the same value and
 * metadata under the same key again, so the namespace ends as it was; a
 * value given as a stream (read once) is skipped; Liqaa puts strings.
 */
async function replayKv(kv: KVNamespace, recorded: KvRecorded[]): Promise<number> {
  let ran = 0;
  const raw = kv as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const { op, args } of recorded) {
    if (op === "put" && args[1] instanceof ReadableStream) continue;
    const result = await (raw[op] as (...a: unknown[]) => Promise<unknown>).apply(kv, args);
    // A stream answer is read to its end, as the Worker would read it.
    const body = result instanceof ReadableStream ? result : null;
    if (body) await new Response(body).arrayBuffer();
    ran++;
  }
  return ran;
}

function countedQueue(queue: Queue<OutboxMessage>, c: Counts): Queue<OutboxMessage> {
  return {
    send(body, options) {
      c.queueMessages++;
      sent.push(body.outbox_id);
      return queue.send(body, options);
    },
    sendBatch(messages, options) {
      const list = [...messages];
      c.queueMessages += list.length;
      for (const m of list) sent.push(m.body.outbox_id);
      return queue.sendBatch(list, options);
    },
    // Newer Queue methods, if the runtime's type has them: passed through uncounted.
  } as Queue<OutboxMessage>;
}

/** D1/KV/queue bindings wrapped; the string vars as they are. */
function counted(env: RawEnv, c: Counts): RawEnv {
  const e = env as unknown as Record<string, unknown>;
  return {
    ...env,
    DB: countedDb(e.DB as D1Database, c),
    FEED: countedKv(e.FEED as KVNamespace),
    MAIL_QUEUE: countedQueue(e.MAIL_QUEUE as Queue<OutboxMessage>, c),
  } as RawEnv;
}

// Outgoing fetches of the current invocation (one at a time in the bench).
let current: Counts | null = null;
const realFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  if (current) current.fetches++;
  return realFetch(input, init);
}) as typeof fetch;

class Context implements ExecutionContext {
  readonly pending: Promise<unknown>[] = [];
  readonly props = {};
  waitUntil(promise: Promise<unknown>): void {
    this.pending.push(promise);
  }
  passThroughOnException(): void {}
}

async function invoke<T>(kind: string, work: (c: Counts) => Promise<T>): Promise<T> {
  const c = fresh(kind);
  current = c;
  statements = [];
  kvOps = [];
  try {
    return await work(c);
  } finally {
    last = c;
    lastStatements = statements;
    lastKvOps = kvOps;
    current = null;
  }
}

const json = (value: unknown) =>
  new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === "/__bench/last") return json(last);
    if (path === "/__bench/replay") {
      const raw = env as unknown as { DB: D1Database; FEED: KVNamespace };
      if (new URL(request.url).searchParams.get("what") === "kv")
        return json({ ran: await replayKv(raw.FEED, lastKvOps) });
      return json({ ran: await replay(raw.DB, lastStatements) });
    }
    if (path === "/__bench/spin") {
      const n = Number(new URL(request.url).searchParams.get("n") ?? "1000000");
      let h = 0;
      for (let i = 0; i < n; i++) h = (Math.imul(h ^ i, 2654435761) + (h >>> 13)) | 0;
      return json({ h });
    }
    if (path === "/__bench/sent") {
      const ids = sent;
      sent = [];
      return json(ids);
    }
    if (path === "/__bench/cron") {
      return invoke("cron", async (c) => {
        const own = new Context();
        const controller = { scheduledTime: Date.now(), cron: "*/5 * * * *", noRetry() {} };
        const summary = await liqaa.scheduled(controller, counted(env, c), own).then(
          () => null,
          (error: unknown) => String(error),
        );
        await Promise.allSettled(own.pending);
        const run = (await own.pending[0]) as unknown;
        return json({ error: summary, run });
      });
    }
    if (path === "/__bench/queue") {
      const { outbox_ids: ids } = (await request.json()) as { outbox_ids: number[] };
      return invoke("queue", async (c) => {
        const acked: number[] = [];
        const retried: number[] = [];
        const batch = {
          queue: "liqaa-mail",
          messages: ids.map((id, i) => ({
            id: `bench-${id}`,
            timestamp: new Date(),
            attempts: 1,
            body: { outbox_id: id },
            ack: () => acked.push(i),
            retry: () => retried.push(i),
          })),
          ackAll() {},
          retryAll() {},
        } as unknown as MessageBatch<OutboxMessage>;
        await liqaa.queue(batch, counted(env, c), new Context());
        return json({ acked: acked.length, retried: retried.length });
      });
    }
    if (path === "/__bench/email") {
      // The email trigger as Email Routing runs it: the raw message and its envelope.
      const from = url.searchParams.get("from") ?? "";
      const to = url.searchParams.get("to") ?? "";
      const bytes = new Uint8Array(await request.arrayBuffer());
      return invoke("email", async (c) => {
        let rejected: string | null = null;
        const message = {
          from,
          to,
          headers: new Headers(),
          raw: new Blob([bytes]).stream(),
          rawSize: bytes.byteLength,
          setReject(reason: string) {
            rejected = reason;
          },
          async forward() {
            return { messageId: "<forwarded@bench>" };
          },
          async reply() {
            throw new Error("Liqaa never replies");
          },
        } as unknown as ForwardableEmailMessage;
        const own = new Context();
        await liqaa.email(message, counted(env, c), own);
        await Promise.allSettled(own.pending);
        return json({ rejected });
      });
    }
    return invoke(`${request.method} ${path}`, (c) =>
      Promise.resolve(liqaa.fetch(request, counted(env, c), ctx)),
    );
  },
  queue: (batch, env, ctx) => invoke("queue", (c) => liqaa.queue(batch, counted(env, c), ctx)),
  scheduled: (controller, env, ctx) =>
    invoke("cron", (c) => liqaa.scheduled(controller, counted(env, c), ctx)),
  email: (message, env, ctx) => invoke("email", (c) => liqaa.email(message, counted(env, c), ctx)),
} satisfies ExportedHandler<RawEnv, OutboxMessage>;
