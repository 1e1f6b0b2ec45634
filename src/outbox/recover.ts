// Getting rows out of a state nobody will move them from: claims a dead worker
// left behind (the sweep), emails staff decided to send again (resend), and
// Queue messages that ran out of retries (dead-letter).
import { CLAIM_LEASE_MS, type OutboxMessage, type OutboxRow } from "./row.ts";

/**
 * Claims older than the lease belong to a worker that died. One that had
 * reached SES (sending_at set) may have been sent: it becomes unconfirmed. One
 * that had not goes back to pending.
 */
export async function sweepStaleClaims(
  db: D1Database,
  now: Date,
  leaseMs = CLAIM_LEASE_MS,
): Promise<{ unconfirmed: number; released: number }> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - leaseMs).toISOString();
  const [unconfirmed, released] = await db.batch([
    db
      .prepare(
        `UPDATE outbox SET state = 'unconfirmed', updated_at = ?,
           last_error = 'no answer recorded: the worker stopped after the request to SES'
         WHERE state = 'claimed' AND claimed_at <= ? AND sending_at IS NOT NULL`,
      )
      .bind(at, cutoff),
    db
      .prepare(
        `UPDATE outbox SET state = 'pending', claim_id = NULL, claimed_at = NULL, enqueued_at = NULL, updated_at = ?
         WHERE state = 'claimed' AND claimed_at <= ? AND sending_at IS NULL`,
      )
      .bind(at, cutoff),
  ]);
  return {
    unconfirmed: unconfirmed?.meta.changes ?? 0,
    released: released?.meta.changes ?? 0,
  };
}

/** A staff "resend": an unconfirmed or dead email goes back to pending with fresh attempts. */
export async function resend(db: D1Database, key: string, now: Date): Promise<OutboxRow | null> {
  const row = await db
    .prepare(
      `UPDATE outbox SET state = 'pending', resends = resends + 1, attempts = 0, next_attempt_at = NULL,
         enqueued_at = NULL, claim_id = NULL, claimed_at = NULL, sending_at = NULL, updated_at = ?
       WHERE idempotency_key = ? AND state IN ('unconfirmed', 'dead') RETURNING *`,
    )
    .bind(now.toISOString(), key)
    .first<OutboxRow>();
  return row ?? null;
}

/**
 * A message that ran out of Queue retries: its row is shown as dead (staff can
 * resend it), never dropped. Rows already finished are left as they are.
 */
export async function deadLetter(db: D1Database, body: OutboxMessage, now: Date): Promise<void> {
  if (!body || typeof body.outbox_id !== "number") return;
  await db
    .prepare(
      `UPDATE outbox SET state = 'dead', updated_at = ?,
         last_error = COALESCE(last_error || '; ', '') || 'dead-lettered by the mail queue'
       WHERE id = ? AND state IN ('pending', 'failed_transient')`,
    )
    .bind(now.toISOString(), body.outbox_id)
    .run();
}
