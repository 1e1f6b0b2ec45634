// The outbox's life after the plan: enqueue due rows to the mail Queue, claim a
// row atomically before sending, record the outcome, recover abandoned claims,
// and let staff resend what could not be confirmed. Every email is sent at most
// once per idempotency key: the claim is a conditional UPDATE, a second
// delivery of the same Queue message finds nothing to claim, and a send whose
// outcome is unknown is never retried without a person deciding to.
import type { Lang } from "../sheet/types.ts";
import type { DigestKind } from "./digest.ts";
import type { EmailKind } from "./types.ts";

export type OutboxState =
  | "pending"
  | "claimed"
  | "sent"
  | "failed_transient"
  | "dead"
  | "rejected"
  | "unconfirmed";

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  meeting_id: string;
  email: string;
  /** A digest row's meeting_id is '' and its sequence is the digest's number. */
  kind: EmailKind | DigestKind;
  sequence: number;
  language: Lang;
  state: OutboxState;
  attempts: number;
  resends: number;
  next_attempt_at: string | null;
  enqueued_at: string | null;
  claim_id: string | null;
  claimed_at: string | null;
  sending_at: string | null;
  ses_message_id: string | null;
  last_error: string | null;
  run_id: string | null;
  created_at: string;
  updated_at: string;
}

/** The body of a mail Queue message: which outbox row to work on. */
export interface OutboxMessage {
  outbox_id: number;
}

/** What enqueueDue needs of the mail Queue binding (a Queue<OutboxMessage> fits). */
export interface MailQueue {
  sendBatch(messages: Iterable<MessageSendRequest<OutboxMessage>>): Promise<unknown>;
}

/** Transient failures are retried this many times in all, then the row is dead. */
export const MAX_ATTEMPTS = 5;
/** Wait before the next try, by the number of tries so far. */
const BACKOFF_MINUTES = [1, 5, 15, 60];
/** A claim with no outcome after this long belongs to a worker that died. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;
/** A row enqueued this long ago and still pending lost its message; it is enqueued again. */
const REENQUEUE_AFTER_MS = 15 * 60 * 1000;
/** Cloudflare Queues' sendBatch takes at most 100 messages. */
const QUEUE_BATCH = 100;

export function backoffMs(attempts: number): number {
  const minutes = BACKOFF_MINUTES[Math.min(attempts, BACKOFF_MINUTES.length) - 1] ?? 1;
  return minutes * 60 * 1000;
}

/** A row a worker may take now; `now` is the SQL parameter holding the current instant. */
const due = (now: string) =>
  `state IN ('pending', 'failed_transient') AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})`;

/** What one enqueueDue sent to the Queue. */
export interface EnqueueCount {
  /** Emails put on the Queue for the first time (or the first time since a staff resend): newly queued for sending. */
  enqueued: number;
  /**
   * Rows already queued once and sent to the Queue again: a message that seems
   * lost (still pending 15 minutes later) or a retry now due. Not new mail: the
   * claim lets at most one message send it.
   */
  requeued: number;
}

/**
 * Sends every due row's id to the Queue, in batches. Rows already enqueued
 * recently are left alone; a duplicate message is harmless (the claim refuses
 * it), a lost one is made up for by the next sync. A row with no composed
 * message (its meeting left the sheet, Settings name no sender) is not queued:
 * the mailer could only ack it unsent, and it would be counted as queued.
 */
export async function enqueueDue(
  db: D1Database,
  queue: MailQueue,
  now: Date,
): Promise<EnqueueCount> {
  const at = now.toISOString();
  const stale = new Date(now.getTime() - REENQUEUE_AFTER_MS).toISOString();
  const { results } = await db
    .prepare(
      `SELECT id, enqueued_at IS NOT NULL AS again FROM outbox WHERE ${due("?1")} AND raw IS NOT NULL
         AND (enqueued_at IS NULL OR enqueued_at <= ?2) ORDER BY id`,
    )
    .bind(at, stale)
    .all<{ id: number; again: number }>();
  for (let i = 0; i < results.length; i += QUEUE_BATCH) {
    const chunk = results.slice(i, i + QUEUE_BATCH);
    await queue.sendBatch(chunk.map((row) => ({ body: { outbox_id: row.id } })));
    // One statement per chunk: a sync that queues thousands stays within D1's limits.
    await db
      .prepare(`UPDATE outbox SET enqueued_at = ?1 WHERE id IN (SELECT value FROM json_each(?2))`)
      .bind(at, JSON.stringify(chunk.map((row) => row.id)))
      .run();
  }
  const requeued = results.filter((row) => row.again === 1).length;
  return { enqueued: results.length - requeued, requeued };
}

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
        `UPDATE outbox SET state = 'rejected', updated_at = ?1,
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

/** The outbox rows of one meeting, for the Responses tab. */
export async function outboxForMeeting(db: D1Database, meetingId: string): Promise<OutboxRow[]> {
  const { results } = await db
    .prepare("SELECT * FROM outbox WHERE meeting_id = ? ORDER BY id")
    .bind(meetingId)
    .all<OutboxRow>();
  return results;
}
