// Getting rows out of a state nobody will move them from: claims a dead worker
// left behind (the sweep), emails staff decided to send again (resend by key
// from the admin route, resendInvitee from the sheet's Resend cell), and Queue
// messages that ran out of retries (dead-letter).
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
  return sweptCounts(await db.batch(staleClaimStatements(db, now, leaseMs)));
}

/** The sweep's two statements, for a batch of the caller's (the sync's first, begin.ts). */
export function staleClaimStatements(
  db: D1Database,
  now: Date,
  leaseMs = CLAIM_LEASE_MS,
): [D1PreparedStatement, D1PreparedStatement] {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - leaseMs).toISOString();
  return [
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
  ];
}

/** What the sweep's two statements changed. */
function sweptCounts([unconfirmed, released]: D1Result[]): {
  unconfirmed: number;
  released: number;
} {
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

/** An invitee's latest meeting email as a resend from the sheet needs to see it. */
/** A row with its stored message, when it still has one. */
export type StoredRow = OutboxRow & { raw: string | null };

export interface InviteeEmail {
  row: StoredRow | null;
  /** The address bounced or complained: nothing goes to it. */
  suppressed: boolean;
  /** The address left this kind of mail (reminders, summaries). */
  unsubscribed: boolean;
}

const LATEST_OF_INVITEE = `(SELECT MAX(id) FROM outbox WHERE meeting_id = ?1 AND email = ?2 AND kind <> 'digest')`;

/** The invitee's latest non-digest email, and whether the address may be mailed at all. */
export async function inviteeEmail(
  db: D1Database,
  meetingId: string,
  email: string,
): Promise<InviteeEmail> {
  const [latest, flags] = await db.batch([
    db.prepare(`SELECT * FROM outbox WHERE id = ${LATEST_OF_INVITEE}`).bind(meetingId, email),
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM suppressions WHERE email = ?2) AS suppressed,
           EXISTS (SELECT 1 FROM unsubscribes u WHERE u.email = ?2
             AND u.kind = (SELECT kind FROM outbox WHERE id = ${LATEST_OF_INVITEE})) AS unsubscribed`,
      )
      .bind(meetingId, email),
  ]);
  const row = (latest?.results[0] as StoredRow | undefined) ?? null;
  const flag = flags?.results[0] as { suppressed: number; unsubscribed: number } | undefined;
  return { row, suppressed: flag?.suppressed === 1, unsubscribed: flag?.unsubscribed === 1 };
}

/** States a resend takes a row out of; pending and claimed rows are on their way already. */
const RESENDABLE = `('sent', 'unconfirmed', 'dead', 'rejected', 'failed_transient')`;

export interface InviteeResend {
  /** The resends count the caller saw: the compare-and-swap that makes two requests one resend. */
  resends: number;
  /** New bytes (a fresh Message-ID) for a row that went or was refused; absent: the stored bytes go again. */
  message?: { raw: string; from: string };
  /**
   * The request's memory in sync_meta, written in the same transaction: the row
   * moves only if this claim is the one stored under `key`, so of two syncs that
   * read the same request only the first to write its claim resends.
   */
  claim?: { key: string; value: string };
}

/**
 * A resend from the sheet: the invitee's latest non-digest email back to
 * pending with fresh attempts, whatever state it ended in, once per observed
 * resends count. Pending and claimed rows are left alone (they are going).
 * Returns the row as it is now, or null when nothing moved (another request
 * won, the row changed, or it is on its way).
 */
export async function resendInvitee(
  db: D1Database,
  meetingId: string,
  email: string,
  now: Date,
  opts: InviteeResend,
): Promise<OutboxRow | null> {
  const at = now.toISOString();
  const claim = opts.claim ?? null;
  const guard = claim ? "AND (SELECT value FROM sync_meta WHERE key = ?7) = ?8" : "";
  const update = db
    .prepare(
      `UPDATE outbox SET state = 'pending', resends = resends + 1, attempts = 0, next_attempt_at = NULL,
         enqueued_at = NULL, claim_id = NULL, claimed_at = NULL, sending_at = NULL, ses_message_id = NULL,
         stop_reason = NULL, last_error = NULL, raw = COALESCE(?4, raw), mail_from = COALESCE(?5, mail_from),
         updated_at = ?3
       WHERE id = ${LATEST_OF_INVITEE} AND resends = ?6 AND state IN ${RESENDABLE}
         AND (raw IS NOT NULL OR ?4 IS NOT NULL) ${guard} RETURNING *`,
    )
    .bind(
      meetingId,
      email,
      at,
      opts.message?.raw ?? null,
      opts.message?.from ?? null,
      opts.resends,
      ...(claim ? [claim.key, claim.value] : []),
    );
  const statements = claim
    ? [
        db
          .prepare(
            `INSERT INTO sync_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
          )
          .bind(claim.key, claim.value, at),
        update,
      ]
    : [update];
  const results = await db.batch(statements);
  const moved = results[results.length - 1]?.results[0] as OutboxRow | undefined;
  return moved ?? null;
}
