// The mailer's step for one Queue message: render the row if the sync left that
// to the mailer (compose.ts), claim the outbox row, marking the moment before
// SES and storing the bytes in the same statement, send what the row holds,
// record what SES said, and tell the queue handler whether to ack or retry.
// A batch's rows are read in one query first (readBatch): with the claim and
// the outcome, 1 + 2 × n D1 queries for a batch of n. Exactly once per idempotency key:
// a redelivered message finds nothing to claim; an answer that never came makes
// the row unconfirmed (never resent without a person); only failures known to
// have happened before SES acted are retried, with backoff, then dead.
import { type QueuedRow, queuedRow, queuedRows } from "../outbox/inputs.ts";
import { backoffMs, type OutboxMessage } from "../outbox/row.ts";
import { claimToSend, recordOutcome, type SendOutcome } from "../outbox/send.ts";
import type { MailSender, SendResult } from "../ses/index.ts";
import { composeQueued } from "./compose.ts";

export interface ConsumeDeps {
  db: D1Database;
  sender: MailSender;
  /** DRY_RUN=true: show what would go, change nothing in the outbox. */
  dryRun: boolean;
  /** Signs the RSVP and unsubscribe links of the emails the mailer renders. */
  signingSecret: string;
  now: () => Date;
  newClaimId: () => string;
}

/** What the queue handler does with the message; there is no "swallow" case. */
export type MessageAction =
  | { type: "ack"; reason: string }
  | { type: "retry"; delaySeconds: number; reason: string };

/** Queues accept a delay of at most 12 hours. */
const MAX_DELAY_S = 12 * 60 * 60;

/** SES's answer in the outbox's words. */
export function toOutcome(result: SendResult): SendOutcome {
  switch (result.kind) {
    case "sent":
      return { type: "sent", sesMessageId: result.messageId };
    case "throttled":
    case "transient":
      return { type: "transient", error: `${result.code}: ${result.reason}` };
    case "rejected":
      return { type: "rejected", error: `${result.code}: ${result.reason}` };
    case "unknown":
      return { type: "unknown", error: result.reason };
    case "dry_run":
      // Never reached: the dry run does not claim. Kept exhaustive for safety.
      return { type: "unknown", error: "dry run result reached the outbox" };
  }
}

const wellFormed = (body: OutboxMessage): boolean => !!body && typeof body.outbox_id === "number";

/** The rows a batch's messages name, with their inputs: one D1 query for the whole batch. */
export function readBatch(
  db: D1Database,
  bodies: readonly OutboxMessage[],
): Promise<Map<number, QueuedRow>> {
  return queuedRows(
    db,
    bodies.filter(wellFormed).map((b) => b.outbox_id),
  );
}

/**
 * One message. `rows` is what readBatch read for its batch (a row it lacks does
 * not exist); without it the row is read here.
 */
export async function consumeMessage(
  deps: ConsumeDeps,
  body: OutboxMessage,
  rows?: ReadonlyMap<number, QueuedRow>,
): Promise<MessageAction> {
  const { db } = deps;
  if (!wellFormed(body)) return { type: "ack", reason: "malformed" };
  const id = body.outbox_id;
  const row = rows ? (rows.get(id) ?? null) : await queuedRow(db, id);
  if (!row) return { type: "ack", reason: "no such outbox row" };
  if (row.state !== "pending" && row.state !== "failed_transient" && row.raw === null) {
    // Finished, and its message no longer kept (the retention sweep): nothing to send.
    return { type: "ack", reason: "nothing to claim" };
  }
  // Rendered now when the sync left that to the mailer; the claim stores these
  // bytes unless the row already holds some, and what it holds is what goes.
  let rendered: { raw: string; from: string } | null = null;
  if (row.raw === null || row.mail_from === null) {
    const composed = await composeQueued(db, row, {
      signingSecret: deps.signingSecret,
      now: deps.now(),
      store: !deps.dryRun,
    });
    if (composed.type === "waiting") return { type: "ack", reason: composed.reason };
    rendered = { raw: composed.raw, from: composed.from };
  }

  if (deps.dryRun) {
    const message = rendered ?? { raw: row.raw ?? "", from: row.mail_from ?? "" };
    await deps.sender.send({ ...message, to: [row.email] });
    return { type: "ack", reason: "dry run: recorded, not sent" };
  }

  const claimId = deps.newClaimId();
  const claimed = await claimToSend(db, id, claimId, deps.now(), rendered);
  if (claimed.type === "nothing") return { type: "ack", reason: "nothing to claim" };
  if (claimed.type === "suppressed") return { type: "ack", reason: "suppressed" };
  const { attempts } = claimed;
  const mail = { raw: claimed.raw, from: claimed.from, to: [row.email] };

  const result = await deps.sender.send(mail);
  const state = await recordOutcome(db, id, claimId, toOutcome(result), deps.now());
  if (state === "failed_transient") {
    const hinted = result.kind === "throttled" ? (result.retryAfterMs ?? 0) : 0;
    const delayMs = Math.max(backoffMs(attempts), hinted);
    return {
      type: "retry",
      delaySeconds: Math.min(MAX_DELAY_S, Math.ceil(delayMs / 1000)),
      reason: result.kind,
    };
  }
  return { type: "ack", reason: state ?? "claim lost before the outcome was recorded" };
}
