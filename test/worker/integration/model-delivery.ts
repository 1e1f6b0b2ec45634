// The mail-path faults of the workerd model test, one per sync at most: the
// Queue delivering a batch twice, the consumer dying at its Nth claim and the
// batch then redelivered whole (a dead worker acks nothing), SES throttling or
// failing with a 5xx for the next k sends, SES accepting a send and never
// answering. Each plays on what one sync queued; retries are redelivered and
// messages out of retries go to the dead-letter queue (invariant.ts's
// drainQueue), so every outbox row ends sent, dead, rejected or unconfirmed.
import fc from "fast-check";
import type { OutboxMessage, OutboxRow } from "../../../src/outbox/row.ts";
import { RESPONSES_COLUMNS } from "../../../src/sheet/contract.ts";
import { messageIdFor } from "../../../src/sync/compose.ts";
import { drainQueue, outboxRows } from "../faults/invariant.ts";
import { fakeMessages, scriptFake } from "../ses/context.ts";
import { tab } from "../support/sheet.ts";
import { deliver, type World } from "../support/world.ts";

export type DeliveryFault =
  | { t: "twice" }
  | { t: "kill"; after: number }
  | { t: "ses"; outcome: "throttle" | "5xx"; k: number }
  | { t: "hang" };

/** Half the syncs deliver cleanly; the rest meet one fault. */
export const deliveryFaultArb: fc.Arbitrary<DeliveryFault | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: fc.constant<DeliveryFault>({ t: "twice" }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant("kill" as const), after: fc.nat(3) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("ses" as const),
      outcome: fc.constantFrom("throttle" as const, "5xx" as const),
      // Six throttles in a row on one email outlast its five retries: it goes dead.
      k: fc.integer({ min: 1, max: 6 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant<DeliveryFault>({ t: "hang" }), weight: 1 },
);

export function describeFault(f: DeliveryFault): string {
  switch (f.t) {
    case "twice":
      return "the Queue delivers the batch twice";
    case "kill":
      return `the consumer dies at claim ${f.after + 1}, the batch is redelivered`;
    case "ses":
      return `SES answers ${f.outcome === "throttle" ? "429" : "500"} to the next ${f.k} send(s)`;
    case "hang":
      return "SES accepts the next send and never answers";
  }
}

/** The claim that carries an email's bytes to SES (src/outbox/send.ts claimToSend). */
const CLAIM = /RETURNING state, attempts, raw, mail_from/;

/**
 * The D1 binding of a worker that dies at its claim number `after + 1`: that
 * claim and every later one in the invocation throw before they run, so the
 * rows stay as they were (a claim is one statement).
 */
export function dyingD1(db: D1Database, after: number): D1Database {
  let claims = 0;
  const dies = (sql: string) => CLAIM.test(sql) && ++claims > after;
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values), sql);
        const value = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        if (prop === "run" || prop === "all" || prop === "first" || prop === "raw")
          return (...args: unknown[]) => {
            if (dies(sql)) throw new Error("worker killed");
            return value.apply(target, args);
          };
        return value.bind(target);
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** One sync's batch through the Queue, with `fault` on it; returns what was injected. */
export async function deliverWith(
  world: World,
  bodies: OutboxMessage[],
  fault: DeliveryFault | null,
): Promise<void> {
  if (fault?.t === "ses") await scriptFake(Array.from({ length: fault.k }, () => fault.outcome));
  if (fault?.t === "hang") await scriptFake(["accept-then-hang"]);
  if (fault?.t === "kill")
    await deliver(
      { ...world, env: { ...world.env, DB: dyingD1(world.env.DB, fault.after) } },
      bodies,
    );
  await drainQueue(world, bodies);
  if (fault?.t === "twice") await drainQueue(world, bodies);
}

/** The Delivery words of the Responses tab for the final states (either staff language). */
const SHOWN: Record<string, readonly string[]> = {
  sent: ["sent", "أُرسل"],
  dead: ["failed", "فشل الإرسال"],
  rejected: ["rejected", "مرفوض"],
  unconfirmed: ["unconfirmed: resend by hand", "غير مؤكد: يحتاج إعادة إرسال يدوية"],
};

/**
 * The fault suite's invariant (faults/invariant.ts) for the model's sheet,
 * whose Responses tab is named in English: every message SES holds belongs to
 * an outbox row, and each row went to SES once if sent, at most once if
 * unconfirmed, never if dead or rejected, and is shown so in Responses when
 * it is its invitation's newest. Returns what is wrong, or null.
 */
export async function unaccounted(world: World): Promise<string | null> {
  const rows = await outboxRows();
  const byMessageId = new Map<string, OutboxRow>();
  for (const row of rows) byMessageId.set(await messageIdFor(row.idempotency_key), row);
  const copies = new Map<string, number>();
  for (const m of await fakeMessages()) {
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(m.raw)?.[1] ?? "";
    const row = byMessageId.get(id);
    if (!row) return `SES holds ${id}, which no outbox row planned`;
    copies.set(row.idempotency_key, (copies.get(row.idempotency_key) ?? 0) + 1);
  }
  const lines = await tab(world, "Responses");
  const col = (key: string) => RESPONSES_COLUMNS.findIndex((c) => c.key === key);
  const shown = new Map(
    lines.slice(1).map((l) => [`${l[col("meeting_id")]}|${l[col("email")]}`, l[col("delivery")]]),
  );
  const newest = new Map<string, OutboxRow>();
  for (const row of rows) newest.set(`${row.meeting_id}|${row.email}`, row);
  for (const row of rows) {
    const n = copies.get(row.idempotency_key) ?? 0;
    const most = row.state === "dead" || row.state === "rejected" ? 0 : 1;
    const least = row.state === "sent" ? 1 : 0;
    const label = `${row.idempotency_key} (${row.state}, ${n} at SES, ${row.resends} resends)`;
    if (!(row.state in SHOWN)) return `${label}: not final`;
    if (n < least || n > most + row.resends) return `${label}: went to SES ${n} time(s)`;
    const pair = `${row.meeting_id}|${row.email}`;
    if (row.kind === "digest" || newest.get(pair) !== row) continue;
    if (!SHOWN[row.state]!.includes(shown.get(pair) ?? ""))
      return `${label}: Responses shows ${JSON.stringify(shown.get(pair) ?? null)}`;
  }
  return null;
}
