// Unsubscribes and stopped mail in D1 (migrations/0003_unsubscribe.sql): record
// that an address left one kind of mail, list them for the planner, and reject
// queued outbox rows that should no longer go out. Rows already claimed are in
// flight and are left to the mailer; pending and retrying rows stop here.
import type { DigestKind } from "../sync/digest.ts";
import type { EmailKind } from "../sync/types.ts";
import { normalizeEmail } from "../sync/types.ts";
import type { UnsubscribeKind } from "./token.ts";

export interface Unsubscribe {
  email: string;
  kind: UnsubscribeKind;
  at: string;
}

/**
 * Rejects the address's queued rows (of the given kinds, or all), noting why in
 * last_error so the Responses tab can say it. Returns how many were stopped.
 */
export async function stopQueuedMail(
  db: D1Database,
  opts: { email: string; reason: string; at: Date; kinds?: readonly (EmailKind | DigestKind)[] },
): Promise<number> {
  const kinds = opts.kinds ?? [];
  const kindFilter = kinds.length === 0 ? "" : ` AND kind IN (${kinds.map(() => "?").join(", ")})`;
  const result = await db
    .prepare(
      `UPDATE outbox SET state = 'rejected', last_error = ?, updated_at = ?
       WHERE email = ? AND state IN ('pending', 'failed_transient')${kindFilter}`,
    )
    .bind(opts.reason, opts.at.toISOString(), normalizeEmail(opts.email), ...kinds)
    .run();
  return result.meta.changes ?? 0;
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
    reason: `unsubscribed: ${entry.kind}`,
    at: entry.at,
    kinds: [entry.kind],
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
