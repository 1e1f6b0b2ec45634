// The Workers Free plan allows 50 D1 queries per invocation, each statement of
// a batch among them. A sync after one cell changed, through the real
// scheduled handler, stays inside it even when the meeting edited has dozens
// of invitees, each of whom gets an update: recording the plan must not cost
// one statement per invitation (src/sync/store.ts recordPlan). Each call over
// the binding (a batch, or a statement on its own) costs the Worker CPU in the
// binding's JavaScript, against the Free plan's 10 ms: their number is held
// to what the sync's batching made it (src/sync/run.ts, begin.ts).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { cron, MEETINGS_TAB, tab, type World, worldPerTest } from "../support/index.ts";
import { settle } from "./round-trips-helpers.ts";

const INVITEES = 40;
const FREE_PLAN_D1_QUERIES = 50;
/**
 * This full sync's calls (the demo sheet's bilateral series always takes the
 * full path): 19 before the sync's reads were batched, 10 after, 9 with the
 * enqueued_at marks written in the run record's batch.
 */
const ROUND_TRIPS = 9;
const TIMEOUT_MS = 180_000;

const world = worldPerTest({}, { timeoutMs: TIMEOUT_MS });

/** env.DB with its statements counted as the Free plan counts them: a batch counts each of its own. */
function countStatements(w: World): { statements: number; calls: number } {
  const counter = { statements: 0, calls: 0 };
  const db = (w.env as unknown as { DB: D1Database }).DB;
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const once =
      <A extends unknown[], R>(run: (...args: A) => R) =>
      (...args: A): R => {
        counter.statements += 1;
        counter.calls += 1;
        return run(...args);
      };
    const wrapped = {
      bind: (...values: unknown[]) => wrap(stmt.bind(...values)),
      first: once((column?: string) => (column === undefined ? stmt.first() : stmt.first(column))),
      all: once(() => stmt.all()),
      run: once(() => stmt.run()),
      // D1's overloads differ only in the column-names row; the runtime call is one.
      raw: once((options?: { columnNames?: boolean }) =>
        stmt.raw(options as { columnNames: true }),
      ),
    };
    real.set(wrapped, stmt);
    return wrapped as unknown as D1PreparedStatement;
  };
  const counted = new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (prop === "batch")
        return (stmts: D1PreparedStatement[]) => {
          counter.statements += stmts.length;
          counter.calls += 1;
          return target.batch(stmts.map((s) => real.get(s) ?? s));
        };
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  w.env = { ...w.env, DB: counted } as World["env"];
  return counter;
}

/** Row 11's meeting invites INVITEES addresses by email, none of them in Contacts. */
async function inviteManyToRow11(w: World): Promise<void> {
  const [headers = []] = await tab(w, MEETINGS_TAB);
  const emails = Array.from({ length: INVITEES }, (_, i) => `member${i}@example.net`);
  const written = await w.staff.batchUpdate([
    {
      range: a1Range(MEETINGS_TAB, `${columnLetter(headers.indexOf("المدعوون"))}11`),
      values: [[emails.join(", ")]],
    },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

async function movePlaceOfRow11(w: World): Promise<void> {
  const [headers = []] = await tab(w, MEETINGS_TAB);
  const place = headers.indexOf("المكان");
  const written = await w.staff.batchUpdate([
    { range: a1Range(MEETINGS_TAB, `${columnLetter(place)}11`), values: [["قاعة 2، غازي عنتاب"]] },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

describe("a sync after one cell changed, on the Free plan", () => {
  it(
    `runs at most ${FREE_PLAN_D1_QUERIES} D1 statements while updating ${INVITEES} invitees`,
    async () => {
      await inviteManyToRow11(world);
      await settle(world);
      await movePlaceOfRow11(world);
      const counter = countStatements(world);
      const run = await cron(world);
      expect(run.outcome).toBe("ok");
      // Every invitee of the meeting gets an update: the invitations were all recorded.
      expect(run.counts?.planned ?? 0).toBeGreaterThanOrEqual(INVITEES);
      expect(run.counts?.recorded).toBe(run.counts?.planned);
      const updated = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM invitations WHERE last_kind = 'update'",
      ).first<number>("n");
      expect(updated).toBeGreaterThanOrEqual(INVITEES);
      expect(counter.statements).toBeGreaterThan(0);
      expect(counter.statements).toBeLessThanOrEqual(FREE_PLAN_D1_QUERIES);
      expect(counter.calls).toBeLessThanOrEqual(ROUND_TRIPS);
    },
    TIMEOUT_MS,
  );
});
