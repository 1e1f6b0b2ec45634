// Hands due rows to the mail Queue. Being on the Queue changes no state: a
// duplicate message is harmless (the claim refuses it), a lost one is made up
// for by the next sync, which sends it again once it has waited long enough.
import { due, type MailQueue } from "./row.ts";

/** A row enqueued this long ago and still pending lost its message; it is enqueued again. */
const REENQUEUE_AFTER_MS = 15 * 60 * 1000;
/** Cloudflare Queues' sendBatch takes at most 100 messages. */
const QUEUE_BATCH = 100;

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
