// The first sync of a typical network (a generated sheet: 300 meetings, 1,500
// contacts) split across invocations: the cron records the plan and what
// composing needs in a bounded number of D1 statements and renders nothing;
// the mail consumer renders each email just before sending it, a Queue batch at
// a time. A consumer killed mid-batch, then the batch redelivered (twice), sends
// each email exactly once, with the bytes first stored.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { composeQueued } from "../../../src/delivery/compose.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { queuedRow } from "../../../src/outbox/inputs.ts";
import type { OutboxMessage } from "../../../src/outbox/row.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  createSpreadsheet,
  cron,
  deliver,
  staffClient,
  type World,
  worldPerTest,
} from "../support/index.ts";

const world = worldPerTest();

/** A new spreadsheet holding a generated sheet, and the world pointed at it. */
async function generatedWorld(w: World, meetings: number): Promise<void> {
  const { tabs } = generateSheet({ meetings, seed: 7 });
  const sheetId = await createSpreadsheet({
    properties: { title: "Liqaa generated" },
    sheets: Object.keys(tabs).map((title) => ({ properties: { title } })),
  });
  const written = await staffClient(sheetId).batchUpdate(
    Object.entries(tabs).map(([title, rows]) => ({
      range: a1Range(
        title,
        `A1:${columnLetter(Math.max(...rows.map((r) => r.length)) - 1)}${rows.length}`,
      ),
      values: rows,
    })),
  );
  if (!written.ok) throw new Error(written.error.detail);
  w.env = { ...w.env, SHEET_ID: sheetId } as World["env"];
}

/**
 * The D1 binding with every query counted (each statement of a batch is one, as
 * D1's per-invocation limit counts them), and a hook that may throw before a
 * statement runs: a worker killed at that point.
 */
function countingD1(db: D1Database, kill: (sql: string) => boolean = () => false) {
  const counter = { queries: 0, bySql: new Map<string, number>() };
  const note = (sql: string) =>
    counter.bySql.set(sql.slice(0, 60), (counter.bySql.get(sql.slice(0, 60)) ?? 0) + 1);
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") {
          return (...values: unknown[]) => wrap(target.bind(...values), sql);
        }
        if (prop === "run" || prop === "all" || prop === "first" || prop === "raw") {
          return (...args: unknown[]) => {
            if (kill(sql)) throw new Error("worker killed");
            counter.queries++;
            note(sql);
            // biome-ignore lint/suspicious/noExplicitAny: forwards whichever of the four methods was asked for.
            return (target as any)[prop](...args);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(proxy, stmt);
    sqlOf.set(proxy, sql);
    return proxy;
  };
  const sqlOf = new WeakMap<object, string>();
  const counted = new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          if (statements.some((s) => kill(sqlOf.get(s) ?? ""))) throw new Error("worker killed");
          counter.queries += statements.length;
          for (const s of statements) note(sqlOf.get(s) ?? "");
          return target.batch(statements.map((s) => real.get(s) ?? s));
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: counted, counter };
}

/** What the cron queued for meetings (the staff digest of the sheet's bad rows left aside). */
async function meetingMessages(w: World): Promise<OutboxMessage[]> {
  const { results } = await env.DB.prepare("SELECT id FROM outbox WHERE kind = 'digest'").all<{
    id: number;
  }>();
  const digests = new Set(results.map((r) => r.id));
  return w.queue.take().filter((m) => !digests.has(m.outbox_id));
}

const count = async (where: string) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE ${where}`).first<number>("n")) ??
  -1;

async function messageIds(): Promise<string[]> {
  return (await fakeMessages()).map((m) => /^Message-ID: (.+)$/im.exec(m.raw)?.[1] ?? "");
}

describe("the first sync of a typical network", () => {
  it("records the plan in bounded D1 work and renders nothing in the cron; the queue renders and sends", async () => {
    await generatedWorld(world, 300);
    const cronD1 = countingD1(env.DB);
    const run = await cron({ ...world, env: { ...world.env, DB: cronD1.db } as World["env"] });
    expect(run.outcome).toBe("ok");
    const planned = run.counts?.planned ?? 0;
    expect(planned).toBeGreaterThan(300);
    console.log(
      `first sync of 300 meetings: ${planned} emails, ${cronD1.counter.queries} D1 queries`,
    );
    // Bounded whatever the count of emails: the plan, the inputs and the marks
    // travel as chunked JSON, not one statement per email or invitation.
    expect(cronD1.counter.queries).toBeLessThanOrEqual(50);
    // Nothing rendered: every planned row awaits its message, with its inputs.
    expect(await count("raw IS NULL AND input_snapshot IS NOT NULL")).toBe(planned);
    expect(await count("raw IS NOT NULL AND kind <> 'digest'")).toBe(0);
    const queued = await meetingMessages(world);
    expect(queued).toHaveLength(planned);

    const batchD1 = countingD1(env.DB);
    await deliver(
      { ...world, env: { ...world.env, DB: batchD1.db } as World["env"] },
      queued.slice(0, 10),
    );
    console.log(`queue batch of 10: ${batchD1.counter.queries} D1 queries`);
    // One read for the batch, then a claim (with the bytes) and an outcome per email.
    expect(batchD1.counter.queries).toBeLessThanOrEqual(1 + 2 * 10);
    expect(await count("raw IS NOT NULL AND state = 'sent' AND kind <> 'digest'")).toBe(10);
    expect(await fakeMessages()).toHaveLength(10);
  }, 240_000);

  it("sends each email of a batch once when the consumer is killed mid-batch and the batch redelivered", async () => {
    await generatedWorld(world, 300);
    await cron(world);
    const batch = (await meetingMessages(world)).slice(0, 10);
    expect(batch).toHaveLength(10);

    // Killed at the 4th claim: three emails went, and (the handler retries what
    // throws) each later claim in that invocation dies the same way. The bytes
    // travel with the claim, so a row whose claim never happened holds none.
    let claims = 0;
    const killed = countingD1(
      env.DB,
      (sql) => /RETURNING state, attempts, raw, mail_from/.test(sql) && ++claims > 3,
    );
    const first = await deliver(
      { ...world, env: { ...world.env, DB: killed.db } as World["env"] },
      batch,
    );
    expect(first.retryMessages.length).toBe(7);
    expect(await fakeMessages()).toHaveLength(3);
    expect(await count("raw IS NOT NULL AND state = 'pending' AND kind <> 'digest'")).toBe(0);

    // What goes later is what the killed consumer rendered: the row rendered
    // again from its snapshot gives the same bytes.
    const id = batch[3]?.outbox_id ?? -1;
    const row = await queuedRow(env.DB, id);
    expect(row?.raw).toBeNull();
    const again = await composeQueued(env.DB, row as NonNullable<typeof row>, {
      signingSecret: String((env as unknown as Record<string, unknown>).SIGNING_SECRET),
      now: new Date(),
      store: false,
    });
    if (again.type !== "composed") throw new Error(`not composed: ${again.reason}`);
    const stored = again.raw;

    // The Queue redelivers the whole batch, twice: the rest go, once each.
    await deliver(world, batch);
    await deliver(world, batch);
    const ids = await messageIds();
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    const sentRaw = (await fakeMessages()).find((m) => m.raw === stored);
    expect(sentRaw).toBeDefined();
    expect(await count("state = 'sent'")).toBe(10);
  }, 240_000);
});
