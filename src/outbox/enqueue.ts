// Hands due rows to the mail Queue. Being on the Queue changes no state: a
// duplicate message is harmless (the claim refuses it), a lost one is made up
// for by the next sync, which sends it again once it has waited long enough.
import { jsonChunks } from "./insert.ts";
import { due, type MailQueue } from "./row.ts";

/** A row enqueued this long ago and still pending lost its message; it is enqueued again. */
const REENQUEUE_AFTER_MS = 15 * 60 * 1000;
/** Cloudflare Queues' sendBatch takes at most 100 messages (and 256 KB; an id is a few bytes). */
const QUEUE_BATCH = 100;
/**
 * Batches one invocation sends at most: each sendBatch is a subrequest, and the
 * Workers Free plan allows 50 per invocation, Google's read and write among
 * them. The rest goes at the next tick (an unchanged sheet's run enqueues too).
 */
const MAX_BATCHES = 30;

/** A row due for the Queue: its id, and whether it was queued before. */
export interface DueRow {
  id: number;
  again: number;
}

/** enqueueDue's read, for a caller that runs it last in a batch of its own (run.ts). */
export function dueStatement(
  db: D1Database,
  now: Date,
  max: number = QUEUE_BATCH * MAX_BATCHES,
): D1PreparedStatement {
  const stale = new Date(now.getTime() - REENQUEUE_AFTER_MS).toISOString();
  return db
    .prepare(
      `SELECT id, enqueued_at IS NOT NULL AS again FROM outbox WHERE ${due("?1")}
         AND (raw IS NOT NULL OR input_snapshot IS NOT NULL)
         AND (enqueued_at IS NULL OR enqueued_at <= ?2)
       ORDER BY enqueued_at IS NOT NULL, enqueued_at, id LIMIT ?3`,
    )
    .bind(now.toISOString(), stale, max);
}

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
 * it), a lost one is made up for by the next sync. A row is queued when it has
 * its message or the inputs to render it from (the mailer renders it); one
 * with neither (its meeting left the sheet, Settings name no sender) is not:
 * the mailer could only ack it unsent, and it would be counted as queued.
 * D1 sees two statements whatever the count: the read, and one update of
 * every id that reached the Queue, written even when a later batch failed.
 * When more are due than one call sends (`max`), rows never queued go first,
 * then those queued longest ago: a backlog of seemingly lost messages neither
 * holds back new mail nor has its lowest ids sent again at every tick.
 */
export async function enqueueDue(
  db: D1Database,
  queue: MailQueue,
  now: Date,
  max: number = QUEUE_BATCH * MAX_BATCHES,
  /** What dueStatement read, when the caller ran it in a batch of its own; else read here. */
  read?: readonly DueRow[],
  /**
   * Takes the enqueued_at marks instead of running them, for a caller that
   * writes them in a later batch of its own (the sync's record, one round trip
   * less). Losing them costs nothing but a repeat message: a row unmarked is
   * queued again by the next sync, and the claim lets one message send it.
   */
  later?: (marks: D1PreparedStatement[]) => void,
): Promise<EnqueueCount> {
  const at = now.toISOString();
  const results = read ?? (await dueStatement(db, now, max).all<DueRow>()).results;
  const queued: number[] = [];
  try {
    for (let i = 0; i < results.length; i += QUEUE_BATCH) {
      const chunk = results.slice(i, i + QUEUE_BATCH);
      await queue.sendBatch(chunk.map((row) => ({ body: { outbox_id: row.id } })));
      for (const row of chunk) queued.push(row.id);
    }
  } finally {
    // What reached the Queue is marked even when a later batch failed, so the
    // next sync does not send those again before they could seem lost.
    if (queued.length > 0) {
      const marks = jsonChunks(queued).map((json) =>
        db
          .prepare(
            `UPDATE outbox SET enqueued_at = ?1 WHERE id IN (SELECT value FROM json_each(?2))`,
          )
          .bind(at, json),
      );
      if (later) later(marks);
      else await db.batch(marks);
    }
  }
  const requeued = results.filter((row) => row.again === 1).length;
  return { enqueued: results.length - requeued, requeued };
}
