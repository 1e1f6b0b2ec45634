// Stopping queued mail that should no longer go: an address unsubscribed from a
// kind of mail, or SES reported it bounced or complained. Rows already claimed
// are in flight and are left to the mailer (its claim rejects a suppressed
// address); pending and retrying rows stop here, with a typed reason.
import { normalizeEmail } from "../sheet/fields.ts";
import type { OutboxKind } from "./kinds.ts";
import type { StopReason } from "./row.ts";

export interface StopRequest {
  email: string;
  reason: StopReason;
  /** What people read in last_error after the reason, e.g. the kind left or the SES event. */
  detail: string;
  at: Date;
  /** Only these kinds; all kinds when absent or empty. */
  kinds?: readonly OutboxKind[];
}

/** Rejects the address's queued rows; returns how many were stopped. */
export async function stopQueuedMail(db: D1Database, stop: StopRequest): Promise<number> {
  const kinds = stop.kinds ?? [];
  const kindFilter = kinds.length === 0 ? "" : ` AND kind IN (${kinds.map(() => "?").join(", ")})`;
  const result = await db
    .prepare(
      `UPDATE outbox SET state = 'rejected', stop_reason = ?, last_error = ?, updated_at = ?
       WHERE email = ? AND state IN ('pending', 'failed_transient')${kindFilter}`,
    )
    .bind(
      stop.reason,
      `${stop.reason}: ${stop.detail}`,
      stop.at.toISOString(),
      normalizeEmail(stop.email),
      ...kinds,
    )
    .run();
  return result.meta.changes ?? 0;
}
