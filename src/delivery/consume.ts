// The mailer's step for one Queue message: render the row if the sync left that
// to the mailer (compose.ts), claim the outbox row, mark the moment before SES,
// send the row's stored bytes, record what SES said, and tell
// the queue handler whether to ack or retry. Exactly once per idempotency key:
// a redelivered message finds nothing to claim; an answer that never came makes
// the row unconfirmed (never resent without a person); only failures known to
// have happened before SES acted are retried, with backoff, then dead.
import { queuedRow } from "../outbox/inputs.ts";
import { backoffMs, type OutboxMessage } from "../outbox/row.ts";
import { claim, markSending, recordOutcome, type SendOutcome } from "../outbox/send.ts";
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

export async function consumeMessage(
  deps: ConsumeDeps,
  body: OutboxMessage,
): Promise<MessageAction> {
  const { db } = deps;
  if (!body || typeof body.outbox_id !== "number") return { type: "ack", reason: "malformed" };
  const id = body.outbox_id;
  const row = await queuedRow(db, id);
  if (!row) return { type: "ack", reason: "no such outbox row" };
  if (row.state !== "pending" && row.state !== "failed_transient" && row.raw === null) {
    // Finished, and its message no longer kept (the retention sweep): nothing to send.
    return { type: "ack", reason: "nothing to claim" };
  }
  let message: { raw: string; from: string };
  if (row.raw !== null && row.mail_from !== null) message = { raw: row.raw, from: row.mail_from };
  else {
    // Recorded by a sync that left the rendering to the mailer: rendered now, and
    // stored before the claim, so whatever happens next sends these bytes.
    const composed = await composeQueued(db, row, {
      signingSecret: deps.signingSecret,
      now: deps.now(),
      store: !deps.dryRun,
    });
    if (composed.type === "waiting") return { type: "ack", reason: composed.reason };
    message = composed;
  }
  const mail = { raw: message.raw, from: message.from, to: [row.email] };

  if (deps.dryRun) {
    await deps.sender.send(mail);
    return { type: "ack", reason: "dry run: recorded, not sent" };
  }

  const claimId = deps.newClaimId();
  const claimed = await claim(db, id, claimId, deps.now());
  if (claimed.type === "nothing") return { type: "ack", reason: "nothing to claim" };
  if (claimed.type === "suppressed") return { type: "ack", reason: "suppressed" };
  if (!(await markSending(db, id, claimId, deps.now()))) {
    return { type: "ack", reason: "claim lost before sending" };
  }
  const attempts = claimed.row.attempts + 1;

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
