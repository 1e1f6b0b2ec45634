// Unsubscribes in D1 (migrations/0003_unsubscribe.sql): record that an address
// left one kind of mail, list them for the planner, and stop that kind's queued
// mail to the address at once (src/outbox/stop.ts).
import { kindsLeftWith, type UnsubscribeKind } from "../outbox/kinds.ts";
import { stopQueuedMail } from "../outbox/stop.ts";
import { normalizeEmail } from "../sheet/fields.ts";

export interface Unsubscribe {
  email: string;
  kind: UnsubscribeKind;
  at: string;
}

/** Records the unsubscribe (the first time is kept) and stops that kind's queued mail to the address. */
export async function recordUnsubscribe(
  db: D1Database,
  entry: { email: string; kind: UnsubscribeKind; at: Date },
): Promise<{ stopped: number }> {
  const email = normalizeEmail(entry.email);
  await db
    .prepare(
      "INSERT INTO unsubscribes (email, kind, at) VALUES (?, ?, ?) ON CONFLICT (email, kind) DO NOTHING",
    )
    .bind(email, entry.kind, entry.at.toISOString())
    .run();
  // Staff digests wait in the outbox like reminders and summaries: a queued one stops too.
  const stopped = await stopQueuedMail(db, {
    email,
    reason: "unsubscribed",
    detail: entry.kind,
    at: entry.at,
    // A follow-up goes with the reminders (src/outbox/kinds.ts): a queued one stops with them.
    kinds: kindsLeftWith(entry.kind),
  });
  return { stopped };
}

export async function listUnsubscribes(db: D1Database): Promise<Unsubscribe[]> {
  const { results } = await db
    .prepare("SELECT email, kind, at FROM unsubscribes ORDER BY email, kind")
    .all<Unsubscribe>();
  return results;
}

export async function isUnsubscribed(
  db: D1Database,
  email: string,
  kind: UnsubscribeKind,
): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS yes FROM unsubscribes WHERE email = ? AND kind = ?")
    .bind(normalizeEmail(email), kind)
    .first<{ yes: number }>();
  return row !== null;
}
