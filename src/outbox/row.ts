// The outbox row and its states, as migrations/0005_generic_outbox.sql stores
// them, with the timing rules every transition shares. A row's life:
//   pending -> claimed -> sent | failed_transient (-> retried, then dead)
//                      | rejected (permanent) | unconfirmed (sent, no answer)
//   pending | failed_transient -> rejected with a stop_reason (unsubscribed, suppressed)
//   unconfirmed | dead -> pending only by a staff resend.
import type { Lang } from "../sheet/types.ts";
import type { OutboxKind } from "./kinds.ts";

export type OutboxState =
  | "pending"
  | "claimed"
  | "sent"
  | "failed_transient"
  | "dead"
  | "rejected"
  | "unconfirmed";

/** Why a row was stopped before it went; last_error keeps the words for people. */
export const STOP_REASONS = ["unsubscribed", "suppressed"] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  meeting_id: string;
  email: string;
  /** A digest row's meeting_id is '' and its sequence is the digest's number. */
  kind: OutboxKind;
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
  stop_reason: StopReason | null;
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

export function backoffMs(attempts: number): number {
  const minutes = BACKOFF_MINUTES[Math.min(attempts, BACKOFF_MINUTES.length) - 1] ?? 1;
  return minutes * 60 * 1000;
}

/** A row a worker may take now; `now` is the SQL parameter holding the current instant. */
export const due = (now: string) =>
  `state IN ('pending', 'failed_transient') AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})`;
