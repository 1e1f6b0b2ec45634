// The sync's state in D1: load it for the plan, record a plan atomically, and
// the small writes that arrive between syncs (RSVPs, SES events, suppressions,
// the sync-run log). Every time is an ISO instant passed in by the caller.
import { insertAwaitingCompose, insertedCount, jsonChunks } from "../outbox/insert.ts";
import type { UnsubscribeKind } from "../outbox/kinds.ts";
import { idempotencyKeys, type LatestMailRow, latestMeetingMail } from "../outbox/reads.ts";
import { recordAnswer } from "../rsvp/store.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import { idKey } from "../sheet/ids.ts";
import type { Meeting, MeetingStatus } from "../sheet/types.ts";
import {
  finishRunStatement,
  type RunOutcome,
  type RunResult,
  startRunStatement,
} from "./run-record.ts";
import {
  type Plan,
  type RsvpResponse,
  type StoredInvitation,
  type StoredMeeting,
  type StoredState,
  type SuppressionReason,
  unsubscribeKey,
} from "./types.ts";

interface MeetingRow {
  id: string;
  fingerprint: string;
  revision: number;
  status: MeetingStatus;
  starts_at: string | null;
  changed: string | null;
  /** JSON of the last good Meeting, as recordPlan wrote it. */
  last_good: string | null;
  invalid_since: string | null;
}

/**
 * The last good meeting from its JSON. Only recordPlan writes it, from a parsed
 * Meeting; text that does not parse (a hand edit) counts as none, so the sync
 * goes on and the row is treated as never valid rather than crashing every run.
 */
function lastGoodMeeting(json: string | null): Meeting | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" ? (value as Meeting) : null;
  } catch {
    return null;
  }
}

/** An invitations row as D1 returns it: the stored invitation, column for column. */
type InvitationRow = StoredInvitation;

/** Everything plan() needs, read in one batch so it is one consistent snapshot. */
export async function loadState(db: D1Database): Promise<StoredState> {
  return (await loadStateWith(db, null, [])).state;
}

/**
 * What plan() needs for a few meetings only (the incremental sync,
 * incremental.ts): the same batch as loadState with the meetings, their
 * invitations, outbox keys and latest mail narrowed to these idKeys. SQLite's
 * lower() folds ASCII only, so the keys must be ASCII (the caller checks);
 * suppressions and unsubscribes are read whole (they are short lists).
 */
export async function loadStateFor(db: D1Database, keys: readonly string[]): Promise<StoredState> {
  return (await loadStateWith(db, keys, [])).state;
}

/**
 * loadState (keys null) or loadStateFor, with the caller's statements read in
 * the same batch after the state's: the same snapshot, one round trip.
 */
export async function loadStateWith(
  db: D1Database,
  keys: readonly string[] | null,
  also: readonly D1PreparedStatement[],
): Promise<{ state: StoredState; also: D1Result[] }> {
  const ids = keys === null ? null : JSON.stringify(keys);
  const only = (column: string) =>
    ids === null ? "" : ` WHERE lower(${column}) IN (SELECT value FROM json_each(?))`;
  const bound = (statement: D1PreparedStatement) =>
    ids === null ? statement : statement.bind(ids);
  const state = [
    db.prepare("SELECT version FROM state_version WHERE id = 1"),
    bound(
      db.prepare(
        `SELECT id, fingerprint, revision, status, starts_at, changed, last_good, invalid_since FROM meetings${only("id")}`,
      ),
    ),
    bound(
      db.prepare(
        `SELECT meeting_id, email, language, sequence, last_kind, response, updated_at FROM invitations${only("meeting_id")}`,
      ),
    ),
    db.prepare("SELECT email, reason FROM suppressions"),
    ids === null
      ? idempotencyKeys(db)
      : db.prepare(`SELECT idempotency_key FROM outbox${only("meeting_id")}`).bind(ids),
    db.prepare("SELECT email, kind FROM unsubscribes"),
    latestMeetingMail(db, ids ?? undefined),
  ];
  const results = await db.batch([...state, ...also]);
  return { state: stateFrom(results), also: results.slice(state.length) };
}

function stateFrom([
  version,
  meetings,
  invitations,
  suppressions,
  keys,
  unsubscribes,
  mail,
]: D1Result[]): StoredState {
  const unsubscribed = new Set<string>();
  const state: StoredState = {
    version: (version?.results[0] as { version: number } | undefined)?.version ?? 0,
    meetings: new Map(),
    invitations: new Map(),
    suppressed: new Map(),
    sentKeys: new Set(),
    unsubscribed,
    latestMail: new Map(),
  };
  for (const row of (meetings?.results ?? []) as MeetingRow[]) {
    const meeting: StoredMeeting = { ...row, last_good: lastGoodMeeting(row.last_good) };
    state.meetings.set(idKey(row.id), meeting);
  }
  for (const row of (invitations?.results ?? []) as InvitationRow[]) {
    const invitation: StoredInvitation = { ...row };
    const key = idKey(row.meeting_id);
    let byEmail = state.invitations.get(key);
    if (!byEmail) {
      byEmail = new Map();
      state.invitations.set(key, byEmail);
    }
    byEmail.set(row.email, invitation);
  }
  for (const row of (suppressions?.results ?? []) as {
    email: string;
    reason: SuppressionReason;
  }[]) {
    state.suppressed.set(row.email, row.reason);
  }
  for (const row of (keys?.results ?? []) as { idempotency_key: string }[]) {
    state.sentKeys.add(row.idempotency_key);
  }
  for (const row of (unsubscribes?.results ?? []) as { email: string; kind: UnsubscribeKind }[]) {
    unsubscribed.add(unsubscribeKey(row.email, row.kind));
  }
  for (const row of (mail?.results ?? []) as LatestMailRow[]) {
    const key = idKey(row.meeting_id);
    const latest = state.latestMail.get(key) ?? { kinds: {}, bounced: 0, unconfirmed: 0 };
    latest.kinds[row.kind] = (latest.kinds[row.kind] ?? 0) + row.n;
    latest.bounced += row.bounced;
    latest.unconfirmed += row.unconfirmed;
    state.latestMail.set(key, latest);
  }
  return state;
}

export type RecordResult =
  /** `after`: the results of the caller's statements, or null when nothing was recorded (they did not run). */
  | { ok: true; inserted: number; after: D1Result[] | null }
  /** Another sync recorded since this plan's state was loaded; nothing was written. */
  | { ok: false; reason: "stale" };

/**
 * Records a plan in one D1 batch (one transaction): the outbox rows, then what
 * D1 remembers of meetings and invitations. A crash leaves all or nothing. The
 * first statement is a compare-and-swap on state_version, so a plan computed
 * from an older state (an overlapping sync) is refused whole; the outbox's
 * UNIQUE key is the second guard.
 */
export async function recordPlan(
  db: D1Database,
  plan: Plan,
  opts: { version: number; runId: string; now: Date },
  /** Statements of the caller's, run after the plan's in the same transaction: one round trip less. */
  after: readonly D1PreparedStatement[] = [],
): Promise<RecordResult> {
  if (
    plan.emails.length === 0 &&
    plan.meetingUpdates.length === 0 &&
    plan.invitationUpdates.length === 0
  ) {
    return { ok: true, inserted: 0, after: null };
  }
  const now = opts.now.toISOString();
  // Recorded before composing: the two-phase flow is described in src/outbox/insert.ts.
  const outbox = insertAwaitingCompose(db, plan.emails, { runId: opts.runId, now: opts.now });
  // Chunked JSON, one statement per megabyte, not one per row: a first sync
  // records hundreds of meetings and thousands of invitations within D1's
  // per-invocation query limit (src/outbox/insert.ts says why).
  const meetings = jsonChunks(
    plan.meetingUpdates.map((m) => ({
      ...m,
      changed: m.changed ?? null,
      last_good: m.last_good === null ? null : JSON.stringify(m.last_good),
    })),
  ).map((json) =>
    db
      .prepare(
        `INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at, changed, last_good, invalid_since)
         SELECT json_extract(e.value, '$.id'), json_extract(e.value, '$.fingerprint'),
           json_extract(e.value, '$.revision'), json_extract(e.value, '$.status'),
           json_extract(e.value, '$.starts_at'), ?1, json_extract(e.value, '$.changed'),
           json_extract(e.value, '$.last_good'), json_extract(e.value, '$.invalid_since')
         FROM json_each(?2) AS e WHERE true
         ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, revision = excluded.revision,
           status = excluded.status, starts_at = excluded.starts_at, updated_at = excluded.updated_at,
           changed = excluded.changed, last_good = excluded.last_good, invalid_since = excluded.invalid_since`,
      )
      .bind(now, json),
  );
  const invitations = jsonChunks(plan.invitationUpdates).map((json) =>
    db
      .prepare(
        // A new invitation (a re-invite after a cancellation) forgets the old answer.
        `INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at)
         SELECT json_extract(e.value, '$.meeting_id'), json_extract(e.value, '$.email'),
           json_extract(e.value, '$.language'), json_extract(e.value, '$.sequence'),
           json_extract(e.value, '$.last_kind'), ?1
         FROM json_each(?2) AS e WHERE true
         ON CONFLICT (meeting_id, email) DO UPDATE SET language = excluded.language, sequence = excluded.sequence,
           last_kind = excluded.last_kind, updated_at = excluded.updated_at,
           response = CASE WHEN excluded.last_kind = 'invite' THEN NULL ELSE response END,
           responded_at = CASE WHEN excluded.last_kind = 'invite' THEN NULL ELSE responded_at END`,
      )
      .bind(now, json),
  );
  const swap = db
    .prepare("UPDATE state_version SET version = ? + 1 WHERE id = 1")
    .bind(opts.version);
  try {
    const recorded = [swap, ...outbox, ...meetings, ...invitations];
    const results = await db.batch([...recorded, ...after]);
    const inserted = insertedCount(results.slice(1, 1 + outbox.length));
    return { ok: true, inserted, after: results.slice(recorded.length) };
  } catch (error) {
    if (error instanceof Error && /stale state/.test(error.message)) {
      return { ok: false, reason: "stale" };
    }
    throw error;
  }
}

export type { RunOutcome } from "./run-record.ts";

export interface RunRecord {
  id: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  outcome: RunOutcome | "running";
  counts: Record<string, number> | null;
  problems: unknown[] | null;
}

export async function startRun(db: D1Database, id: string, now: Date): Promise<void> {
  await startRunStatement(db, id, now).run();
}

export async function finishRun(db: D1Database, id: string, result: RunResult): Promise<void> {
  await finishRunStatement(db, id, result).run();
}

export async function lastRuns(db: D1Database, limit = 10): Promise<RunRecord[]> {
  const { results } = await db
    .prepare("SELECT * FROM sync_runs ORDER BY started_at DESC LIMIT ?")
    .bind(limit)
    .all<
      Omit<RunRecord, "counts" | "problems"> & { counts: string | null; problems: string | null }
    >();
  return results.map((row) => ({
    ...row,
    counts: row.counts === null ? null : (JSON.parse(row.counts) as Record<string, number>),
    problems: row.problems === null ? null : (JSON.parse(row.problems) as unknown[]),
  }));
}

export interface Suppression {
  email: string;
  reason: SuppressionReason;
  detail: string | null;
  at: string;
}

/** The first reason an address was suppressed is kept; suppression is never lifted here. */
export async function addSuppression(
  db: D1Database,
  entry: { email: string; reason: SuppressionReason; detail?: string | null; at: Date },
): Promise<void> {
  await db
    .prepare(
      "INSERT INTO suppressions (email, reason, detail, at) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
    )
    .bind(normalizeEmail(entry.email), entry.reason, entry.detail ?? null, entry.at.toISOString())
    .run();
}

export async function listSuppressions(db: D1Database): Promise<Suppression[]> {
  const { results } = await db
    .prepare("SELECT email, reason, detail, at FROM suppressions ORDER BY email")
    .all<Suppression>();
  return results;
}

/** Records an invitee's answer from a link; returns false when no such invitation exists (a forged or stale link). */
export async function recordRsvp(
  db: D1Database,
  rsvp: { meeting_id: string; email: string; response: RsvpResponse; at: Date },
): Promise<boolean> {
  return (await recordAnswer(db, { ...rsvp, source: "link" })) !== "missing";
}

export type DeliveryEventKind = "delivery" | "bounce" | "complaint" | "reject";

export interface DeliveryEvent {
  ses_message_id: string | null;
  email: string;
  event: DeliveryEventKind;
  /** For a bounce: SES's Permanent (true) or Transient (false). */
  permanent: boolean;
  detail: string | null;
  at: Date;
}

/**
 * Records what SES said after accepting a message; a permanent bounce or a
 * complaint suppresses the address. SNS may deliver one event more than once:
 * the copy is ignored (deliveries_once), and false says it was one.
 */
export async function recordDeliveryEvent(db: D1Database, event: DeliveryEvent): Promise<boolean> {
  const email = normalizeEmail(event.email);
  const at = event.at.toISOString();
  const statements = [
    db
      .prepare(
        "INSERT OR IGNORE INTO deliveries (ses_message_id, email, event, permanent, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .bind(event.ses_message_id, email, event.event, event.permanent ? 1 : 0, event.detail, at),
  ];
  const reason: SuppressionReason | null =
    event.event === "complaint"
      ? "complaint"
      : event.event === "bounce" && event.permanent
        ? "bounce"
        : null;
  if (reason) {
    // A copy finds the address suppressed by the first already: this does nothing then.
    statements.push(
      db
        .prepare(
          "INSERT INTO suppressions (email, reason, detail, at) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
        )
        .bind(email, reason, event.detail, at),
    );
  }
  const [recorded] = await db.batch(statements);
  return (recorded?.meta.changes ?? 0) > 0;
}
