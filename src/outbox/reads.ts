// What other modules read of the outbox: the keys the plan checks, the rows
// awaiting their message, what the mailer sends, and the Responses tab's and
// Sync log's views. Reads change nothing.
import type { Lang } from "../sheet/types.ts";
import type { MeetingKind, OutboxKind } from "./kinds.ts";
import type { OutboxState } from "./row.ts";

/** Every idempotency key in the outbox, whatever its state: a statement for loadState's snapshot batch. */
export function idempotencyKeys(db: D1Database): D1PreparedStatement {
  return db.prepare("SELECT idempotency_key FROM outbox");
}

/** One kind of email among a meeting's latest (one recorded plan's), and what became of them. */
export interface LatestMailRow {
  meeting_id: string;
  kind: MeetingKind;
  n: number;
  bounced: number;
  unconfirmed: number;
}

/**
 * Each meeting's latest emails: the outbox rows of the last plan that recorded
 * any for it (a plan stamps all its rows with one created_at), counted by kind,
 * with how many of them bounced for good and how many are unconfirmed. A
 * statement for loadState's snapshot batch, so it agrees with the rest. With
 * `onlyKeys` (a JSON array of ASCII idKeys), those meetings' only.
 */
export function latestMeetingMail(db: D1Database, onlyKeys?: string): D1PreparedStatement {
  const only =
    onlyKeys === undefined ? "" : " AND lower(meeting_id) IN (SELECT value FROM json_each(?1))";
  const statement = db.prepare(
    `WITH latest AS (
       SELECT meeting_id, MAX(created_at) AS at FROM outbox WHERE kind <> 'digest'${only} GROUP BY meeting_id
     )
     SELECT o.meeting_id, o.kind, COUNT(*) AS n,
       SUM(o.state = 'unconfirmed') AS unconfirmed,
       SUM(EXISTS (SELECT 1 FROM deliveries d WHERE d.ses_message_id = o.ses_message_id
                   AND d.event = 'bounce' AND d.permanent = 1)) AS bounced
     FROM outbox o JOIN latest l ON l.meeting_id = o.meeting_id AND o.created_at = l.at
     WHERE o.kind <> 'digest'
     GROUP BY o.meeting_id, o.kind`,
  );
  return onlyKeys === undefined ? statement : statement.bind(onlyKeys);
}

/** A meeting email recorded by a plan whose message is not stored yet. */
export interface AwaitingCompose {
  id: number;
  idempotency_key: string;
  meeting_id: string;
  email: string;
  kind: MeetingKind;
  sequence: number;
  language: Lang;
}

/** Rows still to be sent that have no message yet (this run's, and any a crashed or senderless run left). */
export async function awaitingCompose(db: D1Database): Promise<AwaitingCompose[]> {
  const { results } = await db
    .prepare(
      `SELECT id, idempotency_key, meeting_id, email, kind, sequence, language FROM outbox
       WHERE raw IS NULL AND kind <> 'digest' AND state IN ('pending', 'failed_transient') ORDER BY id`,
    )
    .all<AwaitingCompose>();
  return results;
}

/** What the mailer finds for a Queue message. */
export type Payload =
  | { type: "composed"; raw: string; from: string; email: string }
  /** Recorded, still to go, and not composed yet: the next sync composes and enqueues it. */
  | { type: "awaiting_compose" }
  /** Finished, and its message no longer kept (the retention sweep): nothing to send. */
  | { type: "finished" }
  | { type: "missing" };

export async function payload(db: D1Database, id: number): Promise<Payload> {
  const row = await db
    .prepare("SELECT raw, mail_from, email, state FROM outbox WHERE id = ?")
    .bind(id)
    .first<{ raw: string | null; mail_from: string | null; email: string; state: OutboxState }>();
  if (!row) return { type: "missing" };
  if (row.raw !== null && row.mail_from !== null) {
    return { type: "composed", raw: row.raw, from: row.mail_from, email: row.email };
  }
  return row.state === "pending" || row.state === "failed_transient"
    ? { type: "awaiting_compose" }
    : { type: "finished" };
}

/** One invitation with the last email to its invitee, for the Responses tab. */
export interface LatestLine {
  meeting_id: string;
  email: string;
  response: string | null;
  /** Where the answer came from: 'link' or 'calendar'. */
  response_source: string | null;
  kind: OutboxKind | null;
  state: OutboxState | null;
  updated_at: string | null;
  /** The last SES event of that email's message. */
  event: string | null;
  /** Times staff asked for that email again. */
  resends: number | null;
}

/** An earlier email to an invitee that will not go without a person (dead, rejected, unconfirmed). */
export interface UnsentLine {
  meeting_id: string;
  email: string;
  kind: OutboxKind;
  state: OutboxState;
  updated_at: string;
  event: null;
}

/**
 * The Responses tab's two reads, in one batch so they agree: every invitation
 * with its latest email, and every earlier meeting email that was not sent and
 * that a later one would hide.
 */
export async function responseRows(
  db: D1Database,
  /** A JSON array of ASCII idKeys: those meetings' lines only (the incremental sync). */
  onlyKeys?: string,
  /** The caller's reads, in the same batch (the substitutes the lines name): one round trip. */
  also: readonly D1PreparedStatement[] = [],
): Promise<[{ results: LatestLine[] }, { results: UnsentLine[] }, ...D1Result[]]> {
  const event = `(SELECT event FROM deliveries d WHERE d.ses_message_id = o.ses_message_id ORDER BY d.id DESC LIMIT 1) AS event`;
  const only = (column: string) =>
    onlyKeys === undefined ? "" : ` AND lower(${column}) IN (SELECT value FROM json_each(?1))`;
  const bound = (statement: D1PreparedStatement) =>
    onlyKeys === undefined ? statement : statement.bind(onlyKeys);
  const [latest, unsent, ...rest] = await db.batch([
    bound(
      db.prepare(
        `SELECT i.meeting_id, i.email, i.response, i.response_source, o.kind, o.state, o.updated_at, o.resends, ${event}
         FROM invitations i
         LEFT JOIN outbox o ON o.id = (SELECT MAX(id) FROM outbox WHERE meeting_id = i.meeting_id AND email = i.email)
         WHERE true${only("i.meeting_id")}
         ORDER BY i.meeting_id, i.email`,
      ),
    ),
    bound(
      db.prepare(
        `SELECT o.meeting_id, o.email, o.kind, o.state, o.updated_at, NULL AS event FROM outbox o
         WHERE o.kind <> 'digest' AND o.state IN ('dead', 'rejected', 'unconfirmed')
           AND o.id < (SELECT MAX(id) FROM outbox WHERE meeting_id = o.meeting_id AND email = o.email)${only("o.meeting_id")}
         ORDER BY o.id`,
      ),
    ),
    ...also,
  ]);
  return [
    { results: (latest?.results ?? []) as LatestLine[] },
    { results: (unsent?.results ?? []) as UnsentLine[] },
    ...rest,
  ];
}

export interface UnsentDigest {
  email: string;
  state: OutboxState;
  last_error: string | null;
}

/**
 * Staff digests that ended unsent (dead, rejected, unconfirmed) since `since`,
 * oldest first. One the address unsubscribed from is not a failure, so it is
 * left out; one stopped because the address bounced is shown.
 */
export async function unsentDigestRows(
  db: D1Database,
  since: Date,
): Promise<{ results: UnsentDigest[] }> {
  const { results } = await unsentDigestStatement(db, since).all<UnsentDigest>();
  return { results };
}

/** unsentDigestRows' statement, for a batch of the caller's (responses.ts mailProblems). */
export function unsentDigestStatement(db: D1Database, since: Date): D1PreparedStatement {
  return db
    .prepare(
      `SELECT email, state, last_error FROM outbox
       WHERE kind = 'digest' AND state IN ('dead', 'rejected', 'unconfirmed') AND updated_at >= ?
         AND COALESCE(stop_reason, '') <> 'unsubscribed'
       ORDER BY id`,
    )
    .bind(since.toISOString());
}

/** A staff address's problem digest, as the digest's interval and baseline need it. */
export interface ProblemDigestRow {
  email: string;
  /** The digest's number, shared by every address of one round. */
  sequence: number;
  state: OutboxState;
  created_at: string;
  updated_at: string;
}

/** The problem digests' keys: `digest|<email>|problems|<n>` (outage digests have their own). */
export const PROBLEM_DIGEST_KEY = (email: string, n: number) => `digest|${email}|problems|${n}`;
const PROBLEM_DIGESTS = `meeting_id = '' AND kind = 'digest' AND idempotency_key LIKE 'digest|%|problems|%'`;

/**
 * Per address, its latest problem digest and its latest one sent (one row when
 * they are the same), and the highest digest number there is: two statements,
 * for a batch of the caller's (problem-digest.ts); problemDigestsFrom reads them.
 */
export function problemDigestStatements(db: D1Database): D1PreparedStatement[] {
  return [
    db.prepare(
      `SELECT email, sequence, state, created_at, updated_at FROM outbox WHERE id IN (
         SELECT MAX(id) FROM outbox WHERE ${PROBLEM_DIGESTS} GROUP BY email
         UNION SELECT MAX(id) FROM outbox WHERE ${PROBLEM_DIGESTS} AND state = 'sent' GROUP BY email
       ) ORDER BY id`,
    ),
    db.prepare(`SELECT COALESCE(MAX(sequence), 0) AS n FROM outbox WHERE ${PROBLEM_DIGESTS}`),
  ];
}

/** problemDigestStatements' results. */
export function problemDigestsFrom([rows, last]: D1Result[]): {
  rows: ProblemDigestRow[];
  lastNumber: number;
} {
  return {
    rows: (rows?.results ?? []) as ProblemDigestRow[],
    lastNumber: (last?.results[0] as { n: number } | undefined)?.n ?? 0,
  };
}
