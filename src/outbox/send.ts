// One attempt at sending a row: claim it atomically, mark the moment before the
// request to SES, record the outcome. Every email is sent at most once per
// idempotency key: the claim is a conditional UPDATE, a second delivery of the
// same Queue message finds nothing to claim, and a send whose outcome is
// unknown is never retried without a person deciding to.
import { backoffMs, due, MAX_ATTEMPTS, type OutboxRow, type OutboxState } from "./row.ts";

export type ClaimResult =
  | { type: "claimed"; row: OutboxRow }
  /** Already claimed, sent, not yet due, or unknown: nothing to do for this message. */
  | { type: "nothing" }
  /** The address was suppressed after the plan; the row is now rejected. */
  | { type: "suppressed" };

/** Takes a row for one attempt. Only one claimant can win; the claim id proves it later. */
export async function claim(
  db: D1Database,
  id: number,
  claimId: string,
  now: Date,
): Promise<ClaimResult> {
  const at = now.toISOString();
  const [rejected, claimed] = await db.batch([
    db
      .prepare(
        `UPDATE outbox SET state = 'rejected', stop_reason = 'suppressed', updated_at = ?1,
           last_error = 'suppressed: ' || (SELECT reason FROM suppressions WHERE suppressions.email = outbox.email)
         WHERE id = ?2 AND ${due("?1")}
           AND EXISTS (SELECT 1 FROM suppressions WHERE suppressions.email = outbox.email)`,
      )
      .bind(at, id),
    db
      .prepare(
        `UPDATE outbox SET state = 'claimed', claim_id = ?1, claimed_at = ?2, sending_at = NULL, updated_at = ?2
         WHERE id = ?3 AND ${due("?2")} RETURNING *`,
      )
      .bind(claimId, at, id),
  ]);
  if ((rejected?.meta.changes ?? 0) > 0) return { type: "suppressed" };
  const row = claimed?.results[0] as OutboxRow | undefined;
  return row ? { type: "claimed", row } : { type: "nothing" };
}

/**
 * Marks the moment before the request to SES. From here on, an attempt with no
 * recorded outcome may have been sent, so it is never resent automatically.
 * Returns false if the claim was lost (then do not send).
 */
export async function markSending(
  db: D1Database,
  id: number,
  claimId: string,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .prepare(
      `UPDATE outbox SET sending_at = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = ? AND claim_id = ? AND state = 'claimed'`,
    )
    .bind(at, at, id, claimId)
    .run();
  return (result.meta.changes ?? 0) > 0;
}

export type SendOutcome =
  | { type: "sent"; sesMessageId: string }
  /** Known not to have been accepted, and worth retrying: throttling, 5xx before acceptance. */
  | { type: "transient"; error: string }
  /** Will never succeed as it is: MessageRejected, a malformed address. */
  | { type: "rejected"; error: string }
  /** The request went out and no answer came back: SES may have accepted it. */
  | { type: "unknown"; error: string };

/**
 * Records how an attempt ended. Only the claim's owner can record, and also
 * after a sweep made its row unconfirmed (a late answer is better knowledge).
 * Returns the row's new state, or null when the claim was not this caller's.
 */
export async function recordOutcome(
  db: D1Database,
  id: number,
  claimId: string,
  outcome: SendOutcome,
  now: Date,
): Promise<OutboxState | null> {
  const at = now.toISOString();
  const row = await db
    .prepare(
      "SELECT attempts FROM outbox WHERE id = ? AND claim_id = ? AND state IN ('claimed', 'unconfirmed')",
    )
    .bind(id, claimId)
    .first<{ attempts: number }>();
  if (!row) return null;

  let state: OutboxState;
  let nextAttempt: string | null = null;
  let messageId: string | null = null;
  let error: string | null = null;
  switch (outcome.type) {
    case "sent":
      state = "sent";
      messageId = outcome.sesMessageId;
      break;
    case "transient":
      error = outcome.error;
      if (row.attempts >= MAX_ATTEMPTS) {
        state = "dead";
      } else {
        state = "failed_transient";
        nextAttempt = new Date(now.getTime() + backoffMs(row.attempts)).toISOString();
      }
      break;
    case "rejected":
      state = "rejected";
      error = outcome.error;
      break;
    case "unknown":
      state = "unconfirmed";
      error = outcome.error;
      break;
  }
  const result = await db
    .prepare(
      `UPDATE outbox SET state = ?, next_attempt_at = ?, ses_message_id = COALESCE(?, ses_message_id),
         last_error = ?, updated_at = ?
       WHERE id = ? AND claim_id = ? AND state IN ('claimed', 'unconfirmed')`,
    )
    .bind(state, nextAttempt, messageId, error, at, id, claimId)
    .run();
  return (result.meta.changes ?? 0) > 0 ? state : null;
}
