// One attempt at sending a row: claim it atomically, mark the moment before the
// request to SES, record the outcome. Every email is sent at most once per
// idempotency key: the claim is a conditional UPDATE, a second delivery of the
// same Queue message finds nothing to claim, and a send whose outcome is
// unknown is never retried without a person deciding to. The mailer takes a
// row with claimToSend (the claim, the mark and the message's bytes in one
// statement) and records with recordOutcome (one statement): two D1 queries a
// send, so a Queue batch fits the Free plan's 50 queries per invocation.
import { backoffMs, due, MAX_ATTEMPTS, type OutboxRow, type OutboxState } from "./row.ts";

/** The row's address is on the suppression list (a bounce or a complaint since the plan). */
const SUPPRESSED = "EXISTS (SELECT 1 FROM suppressions WHERE suppressions.email = outbox.email)";

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

export type SendClaim =
  | { type: "claimed"; attempts: number; raw: string; from: string }
  | { type: "nothing" }
  | { type: "suppressed" };

/**
 * claim and markSending as one conditional UPDATE, for a sender that goes to
 * SES right after: only one claimant wins, and from here on the attempt counts
 * as possibly sent (a worker that dies now leaves an unconfirmed row, never a
 * resend), as it did from markSending, which followed the claim with nothing
 * in between but its round trip. `message` is the row's bytes when the mailer
 * rendered them: stored only onto a row that has none, so the first bytes
 * stored are the message; what comes back is what the row holds, to be sent.
 * A suppressed address turns the row rejected instead, as claim does.
 */
export async function claimToSend(
  db: D1Database,
  id: number,
  claimId: string,
  now: Date,
  message: { raw: string; from: string } | null,
): Promise<SendClaim> {
  const when = (then: string, otherwise: string) =>
    `CASE WHEN ${SUPPRESSED} THEN ${otherwise} ELSE ${then} END`;
  const row = await db
    .prepare(
      `UPDATE outbox SET raw = COALESCE(raw, ?4), mail_from = CASE WHEN raw IS NULL THEN ?5 ELSE mail_from END,
         state = ${when("'claimed'", "'rejected'")},
         stop_reason = ${when("stop_reason", "'suppressed'")},
         last_error = ${when("last_error", "'suppressed: ' || (SELECT reason FROM suppressions WHERE suppressions.email = outbox.email)")},
         claim_id = ${when("?1", "claim_id")}, claimed_at = ${when("?2", "claimed_at")},
         sending_at = ${when("?2", "sending_at")}, attempts = ${when("attempts + 1", "attempts")},
         updated_at = ?2
       WHERE id = ?3 AND ${due("?2")} AND (raw IS NOT NULL OR ?4 IS NOT NULL)
       RETURNING state, attempts, raw, mail_from`,
    )
    .bind(claimId, now.toISOString(), id, message?.raw ?? null, message?.from ?? null)
    .first<{ state: OutboxState; attempts: number; raw: string; mail_from: string }>();
  if (!row) return { type: "nothing" };
  if (row.state === "rejected") return { type: "suppressed" };
  return { type: "claimed", attempts: row.attempts, raw: row.raw, from: row.mail_from };
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
  let state: OutboxState;
  let messageId: string | null = null;
  let error: string | null = null;
  switch (outcome.type) {
    case "sent":
      state = "sent";
      messageId = outcome.sesMessageId;
      break;
    case "transient":
      // Dead instead once the row has used its attempts: decided in the UPDATE below.
      state = "failed_transient";
      error = outcome.error;
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
  // One statement, not a SELECT of the attempts and an UPDATE: the row's own
  // attempts choose between dead and a retry, and the retry's instant among
  // the backoffs (each computed here, so the instants are JavaScript's ISO text).
  const retries = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => i + 1);
  const waits = retries.map((n) => new Date(now.getTime() + backoffMs(n)).toISOString());
  const nextAt = retries
    .map((n, i) =>
      n === 1 ? `WHEN attempts <= 1 THEN ?${7 + i}` : `WHEN attempts = ${n} THEN ?${7 + i}`,
    )
    .join(" ");
  const row = await db
    .prepare(
      `UPDATE outbox SET
         state = CASE WHEN ?1 = 'failed_transient' AND attempts >= ${MAX_ATTEMPTS} THEN 'dead' ELSE ?1 END,
         next_attempt_at = CASE WHEN ?1 <> 'failed_transient' THEN NULL ${nextAt} ELSE NULL END,
         ses_message_id = COALESCE(?2, ses_message_id), last_error = ?3, updated_at = ?4
       WHERE id = ?5 AND claim_id = ?6 AND state IN ('claimed', 'unconfirmed')
       RETURNING state`,
    )
    .bind(state, messageId, error, at, id, claimId, ...waits)
    .first<{ state: OutboxState }>();
  return row?.state ?? null;
}
