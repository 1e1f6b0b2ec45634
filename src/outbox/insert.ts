// Putting emails into the outbox, once per idempotency key. A digest arrives
// composed (insertComposed). A meeting email is recorded by the plan's
// compare-and-swap batch before it is composed (insertAwaitingCompose), and its
// bytes are attached right after in the same sync (attachMessages): the plan's
// record decides what goes, composing needs the sheet, and a row whose Settings
// name no sender yet must still be remembered so it goes once they do. Every
// function here returns statements, so callers run them inside their own batch.
import type { Lang } from "../sheet/types.ts";
import type { OutboxKind } from "./kinds.ts";

/** An email to record: its key is `${meeting_id}|${email}|${kind}|${sequence}` (a digest's differs). */
export interface NewEmail {
  key: string;
  meeting_id: string;
  email: string;
  kind: OutboxKind;
  sequence: number;
  language: Lang;
}

/** A finished message: the exact bytes the mailer sends, and the envelope sender. */
export interface ComposedMessage {
  raw: string;
  from: string;
}

/** A row awaiting its message gets it, by row id. */
export interface AttachedMessage extends ComposedMessage {
  id: number;
}

interface InsertOptions {
  runId: string;
  now: Date;
}

/**
 * A D1 Worker invocation may run 1,000 queries (50 on the free plan), each
 * statement of a batch among them, and a value may be 2 MB: rows travel as
 * JSON arrays of about a megabyte, one statement each, not one statement per
 * email, so a sync that records or composes thousands stays far inside.
 */
const CHUNK_BYTES = 1_000_000;

export function jsonChunks(items: readonly unknown[], maxBytes = CHUNK_BYTES): string[] {
  const chunks: string[] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const value of items) {
    const item = JSON.stringify(value);
    if (chunk.length > 0 && size + item.length > maxBytes) {
      chunks.push(`[${chunk.join(",")}]`);
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += item.length + 1;
  }
  if (chunk.length > 0) chunks.push(`[${chunk.join(",")}]`);
  return chunks;
}

function inserts(
  db: D1Database,
  rows: readonly (NewEmail & { raw: string | null; from: string | null })[],
  opts: InsertOptions,
): D1PreparedStatement[] {
  const now = opts.now.toISOString();
  // json_each walks the array in order, so ids follow the order given.
  return jsonChunks(rows).map((json) =>
    db
      .prepare(
        `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state,
           run_id, created_at, updated_at, raw, mail_from)
         SELECT json_extract(e.value, '$.key'), json_extract(e.value, '$.meeting_id'),
           json_extract(e.value, '$.email'), json_extract(e.value, '$.kind'),
           json_extract(e.value, '$.sequence'), json_extract(e.value, '$.language'), 'pending',
           ?1, ?2, ?2, json_extract(e.value, '$.raw'), json_extract(e.value, '$.from')
         FROM json_each(?3) AS e WHERE true
         ON CONFLICT (idempotency_key) DO NOTHING`,
      )
      .bind(opts.runId, now, json),
  );
}

/** Emails that carry their message already (the staff digest). */
export function insertComposed(
  db: D1Database,
  rows: readonly (NewEmail & ComposedMessage)[],
  opts: InsertOptions,
): D1PreparedStatement[] {
  return inserts(db, rows, opts);
}

/** A plan's emails, recorded under its compare-and-swap; attachMessages gives them their bytes. */
export function insertAwaitingCompose(
  db: D1Database,
  emails: readonly NewEmail[],
  opts: InsertOptions,
): D1PreparedStatement[] {
  return inserts(
    db,
    emails.map((e) => ({ ...e, raw: null, from: null })),
    opts,
  );
}

/** Stores each row's message, once: a row that has one keeps it (an overlapping sync composed it first). */
export function attachMessages(
  db: D1Database,
  rows: readonly AttachedMessage[],
  now: Date,
): D1PreparedStatement[] {
  return jsonChunks(rows).map((json) =>
    db
      .prepare(
        `UPDATE outbox SET raw = json_extract(m.value, '$.raw'), mail_from = json_extract(m.value, '$.from'),
           updated_at = ?1
         FROM json_each(?2) AS m
         WHERE outbox.id = json_extract(m.value, '$.id') AND outbox.raw IS NULL`,
      )
      .bind(now.toISOString(), json),
  );
}

/** Summed changes of the insert statements of a batch: how many emails were new. */
export function insertedCount(results: readonly D1Result[]): number {
  return results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0);
}
