// What composing a meeting email needs, kept in D1 between the sync that plans
// it and the mail consumer that renders it (migrations/0011_mail_inputs.sql).
// The sync stores one snapshot per run (its Settings, the links' base, the
// instant of the plan, and each meeting and contact its rows name) in a few
// chunked statements, and points the rows at it; the consumer reads a batch's
// rows and their three inputs each in one query. Every function here returns statements or
// reads: the callers decide the batch.
import type { Contact, Meeting, Settings } from "../sheet/types.ts";
import { jsonChunks } from "./insert.ts";
import type { AwaitingCompose } from "./reads.ts";
import type { OutboxState } from "./row.ts";

/** Once per snapshot: what every row of it shares. */
export interface ComposeContext {
  settings: Settings;
  /** Where RSVP and unsubscribe links point; null: the mail carries none. */
  base: string | null;
  /** The plan's instant (ISO): the message's Date and DTSTAMP, as if composed then. */
  now: string;
  /** REPLIES_ADDRESS when the sync ran: the invitations' ORGANIZER; null or absent: the sender. */
  organizer?: string | null;
}

/** A meeting as the snapshot holds it: as invitees know it, with the calendar UID its emails carry. */
export interface MeetingInput {
  meeting: Meeting;
  /** Fixed in D1 before the snapshot is stored; null: none (no sender, the email is refused anyway). */
  uid: string | null;
  /** Its fingerprint before this sync's plan (what an update's invitees were last sent); null: new. */
  previousFingerprint: string | null;
}

/** One input of a snapshot: the context, a meeting or a contact, as JSON text. */
export interface InputEntry {
  ref: string;
  body: string;
}

export const CONTEXT_REF = "context";
/** A meeting under the ID as its rows spell it, so the calendar UID keeps the first spelling. */
export const meetingRef = (meetingId: string) => `m:${meetingId}`;
export const contactRef = (email: string) => `c:${email}`;

/** A meeting email with no message and no snapshot yet: the sync gives it one, when it can be composed. */
export type Unprepared = AwaitingCompose;

/** Rows still to be sent that have neither a message nor a snapshot (this run's, and any left waiting). */
export function unpreparedStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(
    `SELECT id, idempotency_key, meeting_id, email, kind, sequence, language FROM outbox
     WHERE raw IS NULL AND input_snapshot IS NULL AND kind <> 'digest'
       AND state IN ('pending', 'failed_transient') ORDER BY id`,
  );
}

export async function unprepared(db: D1Database): Promise<Unprepared[]> {
  return (await unpreparedStatement(db).all<Unprepared>()).results;
}

/**
 * Stores a snapshot and points the given rows at it, then forgets snapshots no
 * row awaiting its message names. Chunked like the outbox inserts: a first
 * sync of thousands of emails is a handful of statements, one batch.
 */
export function storeSnapshot(
  db: D1Database,
  snapshot: string,
  entries: readonly InputEntry[],
  rowIds: readonly number[],
): D1PreparedStatement[] {
  const inserts = jsonChunks(entries).map((json) =>
    db
      .prepare(
        `INSERT INTO mail_inputs (snapshot, ref, body)
         SELECT ?1, json_extract(e.value, '$.ref'), json_extract(e.value, '$.body')
         FROM json_each(?2) AS e WHERE true
         ON CONFLICT (snapshot, ref) DO UPDATE SET body = excluded.body`,
      )
      .bind(snapshot, json),
  );
  const points = jsonChunks(rowIds).map((json) =>
    db
      .prepare(
        // Only a row still without message and snapshot: one a consumer composed
        // meanwhile keeps its bytes, one another sync prepared keeps its inputs.
        `UPDATE outbox SET input_snapshot = ?1
         WHERE id IN (SELECT value FROM json_each(?2)) AND raw IS NULL AND input_snapshot IS NULL`,
      )
      .bind(snapshot, json),
  );
  return [...inserts, ...points, forgetSnapshots(db)];
}

/** Snapshots no waiting row names any more: their rows were composed (or cleared by retention). */
export function forgetSnapshots(db: D1Database): D1PreparedStatement {
  return db.prepare(
    `DELETE FROM mail_inputs WHERE snapshot NOT IN (
       SELECT input_snapshot FROM outbox WHERE raw IS NULL AND input_snapshot IS NOT NULL)`,
  );
}

/** A row as the mailer finds it, with what composing it needs when it has no message yet. */
export interface QueuedRow {
  id: number;
  idempotency_key: string;
  meeting_id: string;
  email: string;
  kind: string;
  sequence: number;
  language: Contact["language"];
  state: OutboxState;
  raw: string | null;
  mail_from: string | null;
  input_snapshot: string | null;
  context: string | null;
  meeting: string | null;
  contact: string | null;
}

function queuedSelect(where: string): string {
  const input = (ref: string) =>
    `(SELECT body FROM mail_inputs i WHERE i.snapshot = o.input_snapshot AND i.ref = ${ref})`;
  return `SELECT o.id, o.idempotency_key, o.meeting_id, o.email, o.kind, o.sequence, o.language, o.state,
         o.raw, o.mail_from, o.input_snapshot,
         CASE WHEN o.raw IS NULL THEN ${input(`'${CONTEXT_REF}'`)} END AS context,
         CASE WHEN o.raw IS NULL THEN ${input(`'m:' || o.meeting_id`)} END AS meeting,
         CASE WHEN o.raw IS NULL THEN ${input(`'c:' || o.email`)} END AS contact
       FROM outbox o WHERE ${where}`;
}

/** One query: the row, and its snapshot's context, meeting and contact (null when it has none). */
export async function queuedRow(db: D1Database, id: number): Promise<QueuedRow | null> {
  return db.prepare(queuedSelect("o.id = ?1")).bind(id).first<QueuedRow>();
}

/**
 * A Queue batch's rows with their inputs, in one query over the ids (the Free
 * plan allows 50 D1 queries an invocation). Read before any claim: what the
 * read says only chooses what to render; the claim decides, and sends what
 * the row holds then.
 */
export async function queuedRows(
  db: D1Database,
  ids: readonly number[],
): Promise<Map<number, QueuedRow>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(queuedSelect("o.id IN (SELECT value FROM json_each(?1))"))
    .bind(JSON.stringify(ids))
    .all<QueuedRow>();
  return new Map(results.map((row: QueuedRow) => [row.id, row]));
}

/** The inputs of a queued row, parsed; null when its snapshot is gone or incomplete. */
export function parsedInputs(
  row: QueuedRow,
): { context: ComposeContext; meeting: MeetingInput; contact: Contact } | null {
  if (row.context === null || row.meeting === null || row.contact === null) return null;
  return {
    context: JSON.parse(row.context) as ComposeContext,
    meeting: JSON.parse(row.meeting) as MeetingInput,
    contact: JSON.parse(row.contact) as Contact,
  };
}

/**
 * A snapshot the consumer could not render a row from (an address the sync's
 * check let through): the row drops its snapshot and keeps waiting, with the
 * reason, so the next sync that changes something tries it from the sheet again.
 */
export function dropSnapshot(
  db: D1Database,
  id: number,
  error: string,
  now: Date,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE outbox SET input_snapshot = NULL, last_error = ?1, updated_at = ?2 WHERE id = ?3 AND raw IS NULL`,
    )
    .bind(error, now.toISOString(), id);
}
