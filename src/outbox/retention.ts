// The retention sweep the cron runs: what is only history is let go after a
// number of days, what the plan decides with is kept for ever. Kept: every
// outbox row (its idempotency key is what makes an email go once), meetings,
// invitations and their sequences, RSVPs, suppressions, unsubscribes. Let go:
// the message bodies of sent mail, old SES events, old sync runs, old messages
// to the replies address, and the composing snapshots (mail_inputs) no row can
// still be rendered from.
import { forgetSnapshots } from "./inputs.ts";

export interface RetentionOptions {
  /** How old, in days, history must be to go. */
  days: number;
}

export interface RetentionResult {
  /** Sent emails whose stored message was removed. */
  bodies: number;
  deliveries: number;
  runs: number;
  replyEvents: number;
  /** Runs whose problem list was let go (kept a day: the Sync log tab shows the current ones). */
  runProblems: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function sweepRetention(
  db: D1Database,
  now: Date,
  opts: RetentionOptions,
): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - opts.days * DAY_MS).toISOString();
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  const twoDaysAgo = new Date(now.getTime() - 2 * DAY_MS).toISOString();
  const [bodies, deliveries, runs, replyEvents, runProblems] = await db.batch([
    // A sent row's bytes are not sent again: a staff resend of a sent email
    // composes it anew from the sheet (src/sync/resend-step.ts), so they are no
    // longer needed; mail_from stays, it is small.
    db
      .prepare(
        "UPDATE outbox SET raw = NULL, input_snapshot = NULL WHERE state = 'sent' AND raw IS NOT NULL AND updated_at < ?",
      )
      .bind(cutoff),
    // The Responses tab shows an email's latest event when it is a bounce or a
    // complaint: that one stays, so the sheet says the same after the sweep.
    db
      .prepare(
        `DELETE FROM deliveries WHERE at < ?1 AND NOT (
           event IN ('bounce', 'complaint') AND ses_message_id IS NOT NULL
           AND id = (SELECT MAX(d.id) FROM deliveries d WHERE d.ses_message_id = deliveries.ses_message_id)
         )`,
      )
      .bind(cutoff),
    // The last good run and every run after it stay: how long Google has been
    // failing is counted from them.
    db
      .prepare(
        `DELETE FROM sync_runs WHERE started_at < ?1 AND outcome <> 'running'
           AND started_at < COALESCE((SELECT MAX(started_at) FROM sync_runs WHERE outcome = 'ok'), '')`,
      )
      .bind(cutoff),
    db.prepare("DELETE FROM reply_events WHERE at < ?").bind(cutoff),
    // A run's problems (up to 200, 6-65 kB a full sync) are what most of D1 would
    // hold after months; the sheet's Sync log has the current ones, so a run keeps
    // its list for a day. Only the day before that is looked at, so each sweep
    // reads a day's runs, not every run kept (D1 counts rows read).
    db
      .prepare(
        `UPDATE sync_runs SET problems = NULL
         WHERE started_at >= ?1 AND started_at < ?2 AND problems IS NOT NULL AND outcome <> 'running'`,
      )
      .bind(twoDaysAgo, dayAgo),
    // A row that will not be rendered any more (stopped, dead, rejected before it
    // had a message) lets go of its snapshot, so one such row does not keep a
    // whole first sync's inputs for ever; then the snapshots no row names go.
    db.prepare(
      `UPDATE outbox SET input_snapshot = NULL
       WHERE raw IS NULL AND input_snapshot IS NOT NULL
         AND state NOT IN ('pending', 'failed_transient', 'claimed')`,
    ),
    forgetSnapshots(db),
  ]);
  return {
    bodies: bodies?.meta.changes ?? 0,
    deliveries: deliveries?.meta.changes ?? 0,
    runs: runs?.meta.changes ?? 0,
    replyEvents: replyEvents?.meta.changes ?? 0,
    runProblems: runProblems?.meta.changes ?? 0,
  };
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * The sweep at most once an hour: history goes by the day, so hourly loses
 * nothing, and D1 reads the old rows' index ranges once an hour, not every
 * tick. The hour is claimed in sync_meta by one statement, so two overlapping
 * ticks do not both sweep. null: swept less than an hour ago.
 */
export async function sweepIfDue(
  db: D1Database,
  now: Date,
  opts: RetentionOptions,
): Promise<RetentionResult | null> {
  const claimed = await db
    .prepare(
      `INSERT INTO sync_meta (key, value, updated_at) VALUES ('retention:swept_at', ?1, ?1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
       WHERE sync_meta.value <= ?2`,
    )
    .bind(now.toISOString(), new Date(now.getTime() - HOUR_MS).toISOString())
    .run();
  if ((claimed.meta.changes ?? 0) === 0) return null;
  return sweepRetention(db, now, opts);
}
