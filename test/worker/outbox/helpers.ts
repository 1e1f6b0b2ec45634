// What the outbox tests share: a D1 seeded with the fixture sheet's plan (two
// invitations, amal's first), the rows as stored, and a Queue that keeps what
// it was given.
import { env } from "cloudflare:test";
import type { OutboxMessage, OutboxRow } from "../../../src/outbox/row.ts";
import { plan } from "../../../src/sync/plan.ts";
import { loadState, recordPlan } from "../../../src/sync/store.ts";
import { sheet } from "../sync/fixtures.ts";

export const db = env.DB;
export const t0 = new Date("2026-12-01T09:00:00Z");
export const later = (ms: number) => new Date(t0.getTime() + ms);
export const MINUTE = 60 * 1000;

export async function rows(): Promise<OutboxRow[]> {
  return (await db.prepare("SELECT * FROM outbox ORDER BY id").all<OutboxRow>()).results;
}

/** Plans and records the fixture sheet: two invitations, amal's first. */
export async function seed(): Promise<OutboxRow[]> {
  const state = await loadState(db);
  await recordPlan(db, plan({ sheet: sheet(), state, now: t0 }), {
    version: state.version,
    runId: "run-1",
    now: t0,
  });
  const seeded = await rows();
  if (seeded.length !== 2) throw new Error(`seed planned ${seeded.length} emails, expected 2`);
  return seeded;
}

/** Gives every row a message, as composePending would: only composed rows are sent. */
export async function composeAll(): Promise<void> {
  await db
    .prepare("UPDATE outbox SET raw = 'Subject: test', mail_from = 'liqaa@example.org'")
    .run();
}

/** A stand-in for the Queue producer that keeps what it was given. */
export function recordingQueue() {
  const sent: OutboxMessage[] = [];
  return {
    sent,
    async sendBatch(messages: Iterable<MessageSendRequest<OutboxMessage>>) {
      for (const m of messages) sent.push(m.body);
    },
  };
}

/** Empties the tables the outbox tests write. */
export async function reset(): Promise<void> {
  await db.batch(
    [
      "outbox",
      "suppressions",
      "invitations",
      "meetings",
      "deliveries",
      "sync_runs",
      "unsubscribes",
      "mail_inputs",
      "reply_events",
    ].map((t) => db.prepare(`DELETE FROM ${t}`)),
  );
}
