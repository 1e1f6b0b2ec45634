// The replies address's own log (reply_events): what it received that was not
// an answer — refused, forwarded to the secretariat, or a request staff should
// see — and the Sync log lines the next sync makes of the last seven days.

import { domainOf, mailboxAddress } from "../mail/mime.ts";
import { TABS } from "../sheet/contract.ts";
import type { Problem } from "../sheet/types.ts";
import {
  FORWARDED_LINE,
  NOTED_LINE,
  ORGANIZER_DOMAIN_LINE,
  REFUSED,
  REFUSED_LINE,
  type RefusalReason,
} from "./words.ts";

export type ReplyEvent =
  | { outcome: "refused"; reason: RefusalReason; sender: string; meetingId?: string | null }
  | { outcome: "forwarded"; reason: "not_imip"; sender: string }
  | {
      outcome: "noted";
      reason: "COUNTER" | "REFRESH" | "DELEGATED";
      sender: string;
      meetingId: string;
    };

export async function recordReplyEvent(db: D1Database, event: ReplyEvent, at: Date): Promise<void> {
  await db
    .prepare(
      "INSERT INTO reply_events (outcome, reason, sender, meeting_id, at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(
      event.outcome,
      event.reason,
      event.sender.slice(0, 320),
      "meetingId" in event ? (event.meetingId ?? null) : null,
      at.toISOString(),
    )
    .run();
}

/** How long the Sync log shows what the replies address received. */
export const REPLY_EVENTS_SHOWN_MS = 7 * 24 * 60 * 60 * 1000;
/** Requests listed one by one; beyond that the Sync log would be about one sender. */
const NOTED_LISTED = 20;

/**
 * The Sync log's lines about the replies address: each refusal reason with its
 * count, the count forwarded, and each COUNTER / REFRESH / delegation on its own
 * line (a person should answer it): the statements, for a batch of the caller's
 * (responses.ts mailProblems); replyProblemsFrom reads their results.
 */
export function replyProblemStatements(db: D1Database, now: Date): D1PreparedStatement[] {
  const since = new Date(now.getTime() - REPLY_EVENTS_SHOWN_MS).toISOString();
  return [
    db
      .prepare(
        `SELECT outcome, reason, COUNT(*) AS n FROM reply_events
         WHERE at >= ? AND outcome <> 'noted' GROUP BY outcome, reason ORDER BY outcome, reason`,
      )
      .bind(since),
    db
      .prepare(
        `SELECT reason, sender, meeting_id FROM reply_events
         WHERE at >= ? AND outcome = 'noted' ORDER BY id DESC LIMIT ?`,
      )
      .bind(since, NOTED_LISTED),
  ];
}

/** The Sync log's lines from replyProblemStatements' results. */
export function replyProblemsFrom([counts, noted]: D1Result[]): Problem[] {
  const line = (code: string, value: string | null, message: Problem["message"]): Problem => ({
    tab: TABS.syncLog.en,
    row: null,
    column: null,
    value,
    code,
    severity: "warning",
    message,
  });
  const problems: Problem[] = [];
  for (const r of (counts?.results ?? []) as { outcome: string; reason: string; n: number }[]) {
    if (r.outcome === "forwarded")
      problems.push(line("reply.forwarded", null, FORWARDED_LINE(r.n)));
    else if (r.reason in REFUSED) {
      const reason = r.reason as RefusalReason;
      problems.push(line(`reply.refused.${reason}`, String(r.n), REFUSED_LINE(r.n, reason)));
    }
  }
  for (const r of (noted?.results ?? []) as {
    reason: string;
    sender: string;
    meeting_id: string;
  }[]) {
    problems.push(
      line(
        `reply.${r.reason.toLowerCase()}`,
        r.sender,
        NOTED_LINE(r.sender, r.reason, r.meeting_id),
      ),
    );
  }
  return problems;
}

/**
 * A warning for the Sync log when REPLIES_ADDRESS is set but outside the
 * sender's domain: the renderer then names the sender as ORGANIZER (one domain
 * is verified in SES and routed by Email Routing), so no calendar answer reaches
 * the email() trigger, and staff would otherwise believe they are read.
 */
export function organizerProblem(sender: string | null, replies: string | null): Problem | null {
  // An unusable sender is the sender's own problem, said elsewhere.
  const address = mailboxAddress(sender);
  if (!replies || address === null) return null;
  if (domainOf(address) === domainOf(replies)) return null;
  return {
    tab: TABS.syncLog.en,
    row: null,
    column: null,
    value: replies,
    code: "reply.organizer_domain",
    severity: "warning",
    message: ORGANIZER_DOMAIN_LINE(replies, address),
  };
}
