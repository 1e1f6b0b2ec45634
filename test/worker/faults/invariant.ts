// The fault suite's one end-of-test check and the driver that gets there. After
// any fault, the world is driven until it is quiet (syncs, queue deliveries,
// retries after their backoff, the dead-letter queue, the stale-claim sweep),
// then the outbox in D1, the SES fake's messages and the sheet are compared:
// every planned email is sent once, or dead/rejected and shown, or unconfirmed
// and shown; none vanished, none went twice.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { expect } from "vitest";
import type { OutboxMessage, OutboxRow } from "../../../src/outbox/row.ts";
import { RESPONSES_COLUMNS } from "../../../src/sheet/contract.ts";
import { messageIdFor } from "../../../src/sync/compose.ts";
import type { RunRecord } from "../../../src/sync/store.ts";
import worker from "../../../workers/index.ts";
import { type FakeMessage, fakeMessages } from "../ses/context.ts";
import { cron, deliver, RESPONSES_TAB, resetCalls, tab, type World } from "../support/index.ts";

/** wrangler.toml's max_retries for the mail queue: after this many retries a message goes to the DLQ. */
const QUEUE_MAX_RETRIES = 5;

/** The Responses tab's Delivery words (staff language Arabic, as the demo sheet is). */
export const DELIVERY_AR = {
  sent: "أُرسل",
  dead: "فشل الإرسال",
  rejected: "مرفوض",
  unconfirmed: "غير مؤكد: يحتاج إعادة إرسال يدوية",
} as const;

/** What the planner meant to send, without the run-specific parts. */
export type PlannedEmail = { meeting_id: string; email: string; kind: string; sequence: number };

export const plannedKey = (p: PlannedEmail) => `${p.meeting_id}|${p.email}|${p.kind}|${p.sequence}`;

export async function outboxRows(): Promise<OutboxRow[]> {
  const { results } = await env.DB.prepare("SELECT * FROM outbox ORDER BY id").all<OutboxRow>();
  return results;
}

/**
 * Lets `minutes` pass for the outbox: backoffs fall due, claims age past their
 * lease, enqueue marks go stale. Shifting the stored instants back is the same
 * as waiting, without the wait.
 */
export async function passTime(minutes: number): Promise<void> {
  const shift = `-${minutes} minutes`;
  await env.DB.prepare(
    `UPDATE outbox SET
       next_attempt_at = CASE WHEN next_attempt_at IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', next_attempt_at, ?1) END,
       claimed_at = CASE WHEN claimed_at IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', claimed_at, ?1) END,
       enqueued_at = CASE WHEN enqueued_at IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', enqueued_at, ?1) END`,
  )
    .bind(shift)
    .run();
}

interface InFlight {
  body: OutboxMessage;
  /** Deliveries so far, as the Queue counts them. */
  attempts: number;
}

/**
 * Plays the mail Queue for these messages: delivers them in one batch, redelivers
 * what the consumer asked to retry once its delay has passed, and hands messages
 * out of retries to the dead-letter queue, as wrangler.toml configures.
 */
export async function drainQueue(world: World, bodies: OutboxMessage[]): Promise<void> {
  let inFlight: InFlight[] = bodies.map((body) => ({ body, attempts: 1 }));
  for (let round = 0; inFlight.length > 0; round++) {
    if (round > 2 * QUEUE_MAX_RETRIES + 2) throw new Error("the mail queue did not drain");
    const batch = createMessageBatch<OutboxMessage>(
      "liqaa-mail",
      inFlight.map((m, i) => ({
        id: `m-${round}-${i}`,
        timestamp: new Date(),
        attempts: m.attempts,
        body: m.body,
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, world.env, ctx);
    const result = await getQueueResult(batch, ctx);
    const retried = new Set(result.retryMessages.map((r) => r.msgId));
    const next: InFlight[] = [];
    const dead: OutboxMessage[] = [];
    inFlight.forEach((m, i) => {
      if (!retried.has(`m-${round}-${i}`)) return;
      if (m.attempts > QUEUE_MAX_RETRIES) dead.push(m.body);
      else next.push({ body: m.body, attempts: m.attempts + 1 });
    });
    if (dead.length > 0) await deadLetterQueue(world, dead);
    // The longest delay the consumer asks for is an hour's backoff.
    if (next.length > 0) await passTime(61);
    inFlight = next;
  }
}

export async function deadLetterQueue(world: World, bodies: OutboxMessage[]): Promise<void> {
  await deliver(world, bodies, "liqaa-mail-dlq");
}

/**
 * Syncs and delivers until a sync finds nothing to send and nothing to write:
 * the outbox has no row left waiting, and the sheet shows the final states.
 * Faults still queued on the emulator are dropped first: the world recovers.
 */
export async function quiesce(world: World): Promise<RunRecord> {
  await resetCalls();
  for (let i = 0; i < 12; i++) {
    const run = await cron(world);
    expect(run.outcome, JSON.stringify(run.problems)).toBe("ok");
    const messages = world.queue.take();
    if (messages.length > 0) await drainQueue(world, messages);
    const waiting = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'failed_transient', 'claimed')",
    ).first<number>("n");
    if (run.counts?.writes === 0 && messages.length === 0 && waiting === 0) return run;
    // Rows still waiting wait on time: a backoff, a claim's lease, a stale enqueue mark.
    if (waiting) await passTime(61);
  }
  throw new Error(`the world did not quiesce: ${JSON.stringify(await outboxRows())}`);
}

function messageIdOf(message: FakeMessage): string | null {
  return /^Message-ID:\s*(<[^>]+>)/im.exec(message.raw)?.[1] ?? null;
}

export interface Ledger {
  rows: OutboxRow[];
  messages: FakeMessage[];
  /** SES copies by outbox idempotency key. */
  copies: Map<string, number>;
}

/**
 * The invariant. `planned` (optional) is what a fault-free world plans for the
 * same sheet: each of those must have an outbox row.
 */
export async function assertNothingLostNothingRepeated(
  world: World,
  planned: PlannedEmail[] = [],
): Promise<Ledger> {
  const rows = await outboxRows();
  const messages = await fakeMessages();
  const byMessageId = new Map<string, OutboxRow>();
  for (const row of rows) byMessageId.set(await messageIdFor(row.idempotency_key), row);

  // (a) Every message SES accepted belongs to an outbox row, and no key went twice
  // unless staff resent it by hand.
  const copies = new Map<string, number>();
  for (const message of messages) {
    const id = messageIdOf(message);
    const row = id ? byMessageId.get(id) : undefined;
    expect(row, `SES holds a message no outbox row planned: ${id}`).toBeDefined();
    if (!row) continue;
    copies.set(row.idempotency_key, (copies.get(row.idempotency_key) ?? 0) + 1);
  }

  // The Responses tab: one line per invitation, the latest email's state.
  const responses = await tab(world, RESPONSES_TAB);
  const col = (key: string) => RESPONSES_COLUMNS.findIndex((c) => c.key === key);
  const shown = new Map(
    responses
      .slice(1)
      .map((line) => [`${line[col("meeting_id")]}|${line[col("email")]}`, line[col("delivery")]]),
  );
  const latest = new Map<string, OutboxRow>();
  for (const row of rows) latest.set(`${row.meeting_id}|${row.email}`, row);

  // (b) Each row is in exactly one final state, and SES and the sheet agree with it.
  for (const row of rows) {
    const n = copies.get(row.idempotency_key) ?? 0;
    const label = `${row.idempotency_key} (${row.state}, ${n} sent, ${row.resends} resends)`;
    // The Responses tab lists invitations; a staff digest has no line there.
    const isLatest = row.kind !== "digest" && latest.get(`${row.meeting_id}|${row.email}`) === row;
    const delivery = shown.get(`${row.meeting_id}|${row.email}`);
    switch (row.state) {
      case "sent":
        expect(n, label).toBeGreaterThanOrEqual(1);
        expect(n, label).toBeLessThanOrEqual(1 + row.resends);
        break;
      case "unconfirmed":
        expect(n, label).toBeLessThanOrEqual(1 + row.resends);
        if (isLatest) expect(delivery, label).toBe(DELIVERY_AR.unconfirmed);
        break;
      case "dead":
      case "rejected":
        expect(n, label).toBeLessThanOrEqual(row.resends);
        if (isLatest) expect(delivery, label).toBe(DELIVERY_AR[row.state]);
        break;
      default:
        expect.unreachable(`${label}: still waiting once the world is quiet`);
    }
    if (isLatest && row.state === "sent") expect(delivery, label).toBe(DELIVERY_AR.sent);
  }

  // (c) Nothing planned is missing from the outbox.
  const have = new Set(rows.map((r) => plannedKey(r)));
  const missing = planned.filter((p) => !have.has(plannedKey(p)));
  expect(missing, "planned emails with no outbox row").toEqual([]);
  return { rows, messages, copies };
}

/** What the outbox holds, as plans (for a baseline to compare a faulty run with). */
export function asPlanned(rows: OutboxRow[]): PlannedEmail[] {
  return rows.map(({ meeting_id, email, kind, sequence }) => ({
    meeting_id,
    email,
    kind,
    sequence,
  }));
}
