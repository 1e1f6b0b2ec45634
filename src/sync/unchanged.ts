// The unchanged-sheet short cut. Most cron ticks find the sheet as staff left it
// and D1 as the last sync left it; parsing and planning such a sheet again costs
// far more CPU than the Workers Free plan gives a tick, to conclude that there is
// nothing to do. So a full sync remembers (sync_meta) a digest of what it read
// and of the config that shapes its output, D1's change marker (the latest
// change of each table a sync reads, see CHANGE_MARKER), and
// the next instant something time-driven falls due (a reminder window opening, a
// follow-up falling due, a meeting starting or ending, an unsent digest leaving
// the Sync log). The next
// sync that reads the same digest and marker before that instant, after an ok
// run and within the hour, stops right after the read (run.ts).
import { sameBytes } from "../google/bytes.ts";
import type { Meeting, Workbook } from "../sheet/types.ts";
import { meetingInterval } from "../time/interval.ts";
import { followUpInstants } from "./follow-up.ts";
import { readAnswer } from "./read.ts";

/**
 * The pipeline's version, part of the digest: change it whenever what a full
 * sync does with the same sheet and the same D1 changes (a plan rule, a
 * status word, the write-back, the feed), so that a deploy runs a full sync.
 */
export const PIPELINE_VERSION = "2026-12-01.2";

/** A full sync at least this often whatever the digest says: the safety net for anything the digest misses. */
export const FULL_SYNC_AT_LEAST_EVERY_MS = 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;
/** How long an unsent digest stays in the Sync log (responses.ts mailProblems). */
const UNSENT_DIGEST_SHOWN_MS = 7 * 24 * HOUR_MS;

/** What a sync saw right after its read. */
export interface Seen {
  digest: string;
  /** CHANGE_MARKER right after the read, before anything of this run changed D1. */
  marker: string;
}

/** What the last full sync left for the next one to compare with. */
export interface Remembered extends Seen {
  /** When the next time-driven thing falls due (ISO), null when nothing ever will. */
  nextDue: string | null;
  /** When that full sync ran (ISO): the hourly full sync counts from here. */
  fullAt: string;
}

/** The config a full sync's output depends on besides the sheet and D1. */
export interface DigestConfig {
  publicUrl: string | null;
  dryRun: boolean;
  sheetUrl: string | null;
}

/**
 * What changes whenever D1 changes what a full sync would write or send: outbox
 * states and updates (every state change sets updated_at), invitations, meetings,
 * RSVPs and calendar replies, deliveries (bounces), suppressions, unsubscribes
 * what the replies address refused or forwarded (reply_events) and substitutes
 * named (a refusal is a sheet edit, so the read's digest sees it). A MAX reads one
 * index entry (migration 0008); the counts of the two small tables see a
 * deletion (a re-subscribe). Read right after the read step, so that whatever
 * this run or the mail consumer changes later makes the next sync a full one:
 * a sync that changed D1 is followed by one more full sync, which finds nothing
 * to do and leaves the marker as it found it.
 */
const CHANGE_MARKER = `SELECT json_array(
  (SELECT MAX(id) FROM outbox), (SELECT MAX(updated_at) FROM outbox),
  (SELECT MAX(updated_at) FROM invitations), (SELECT MAX(updated_at) FROM meetings),
  (SELECT MAX(id) FROM rsvps), (SELECT MAX(id) FROM deliveries),
  (SELECT MAX(at) FROM suppressions), (SELECT COUNT(*) FROM suppressions),
  (SELECT MAX(at) FROM unsubscribes), (SELECT COUNT(*) FROM unsubscribes),
  (SELECT MAX(id) FROM reply_events), (SELECT MAX(id) FROM substitutes)) AS marker`;

const metaKey = (sheetId: string) => `unchanged:${sheetId}`;

/** SHA-256 (hex) of the workbook as read, every tab in read order, with the config and PIPELINE_VERSION. */
export async function sheetDigest(workbook: Workbook, config: DigestConfig): Promise<string> {
  const settings = JSON.stringify([
    PIPELINE_VERSION,
    config.publicUrl,
    config.dryRun,
    config.sheetUrl,
  ]);
  // The answer as Google sent it, when the read kept it: serialising the parsed
  // workbook again cost as much as hashing, and its bytes as they came are
  // hashed without encoding the text again (encoding cost twice the hash).
  // Either form changes when a cell does.
  const raw = readAnswer(workbook);
  const head = raw === undefined ? settings : `${settings}\nraw\n${raw.titles}\n`;
  const seen = raw === undefined ? JSON.stringify(Object.entries(workbook)) : raw.bytes;
  // The same answer as this isolate's last hashes to the same digest: compared, not hashed again.
  if (lastDigest?.head === head && sameAnswer(lastDigest.seen, seen)) return lastDigest.digest;
  const prefix = new TextEncoder().encode(raw === undefined ? `${head}\n` : head);
  const body = typeof seen === "string" ? new TextEncoder().encode(seen) : seen;
  const bytes = new Uint8Array(prefix.length + body.length);
  bytes.set(prefix);
  bytes.set(body, prefix.length);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const digest = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
  lastDigest = { head, seen, digest };
  return digest;
}

/** Whether two reads are the same: the workbooks' JSON, or the answers' bytes as they came. */
function sameAnswer(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return sameBytes(a, b);
}

/** The isolate's last digested answer and its digest (one sheet's worth; module-scope data). */
let lastDigest: { head: string; seen: string | Uint8Array; digest: string } | null = null;

/** Whether a sync that saw `seen` at `now` may stop after its read. Pure. */
export function isUnchanged(
  remembered: Remembered | null,
  seen: Seen,
  lastRunOk: boolean,
  now: Date,
): boolean {
  if (remembered === null || !lastRunOk) return false;
  if (remembered.digest !== seen.digest || remembered.marker !== seen.marker) return false;
  return withinDue(remembered, now);
}

/**
 * Whether `now` is within the hour of the last full sync and before the next
 * time-driven instant it remembered: nothing the clock drives has changed since. Pure.
 */
export function withinDue(remembered: Remembered, now: Date): boolean {
  const t = now.getTime();
  const fullAt = Date.parse(remembered.fullAt);
  // A clock that went back is not trusted to say the hour has not passed.
  if (!(t >= fullAt && t - fullAt < FULL_SYNC_AT_LEAST_EVERY_MS)) return false;
  return remembered.nextDue === null || t < Date.parse(remembered.nextDue);
}

/**
 * The first instant after `now` that the plan or the snapshot compares `now`
 * with, for these meetings: each one's start, the start less the reminder
 * hours, its end (the plan's) and its feed end; and any `others`. Pure.
 */
export function nextDueFrom(
  meetings: readonly Meeting[],
  reminderHours: number,
  others: readonly (Date | null)[],
  now: Date,
): Date | null {
  const t = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  const consider = (at: Date | null) => {
    if (at === null) return;
    const ms = at.getTime();
    if (ms > t && ms < next) next = ms;
  };
  for (const meeting of meetings) for (const at of instantsOf(meeting, reminderHours)) consider(at);
  for (const at of others) consider(at);
  return Number.isFinite(next) ? new Date(next) : null;
}

/**
 * A meeting's start, reminder, end and feed end, by meeting object: an
 * incremental sync (incremental.ts) hands on the last sync's objects for every
 * row it did not parse again, so their instants are not worked out again. A
 * parsed Meeting is not changed after the parse; a weak map forgets it with it.
 */
const instants = new WeakMap<Meeting, { hours: number; at: (Date | null)[] }>();

function instantsOf(meeting: Meeting, reminderHours: number): (Date | null)[] {
  const known = instants.get(meeting);
  if (known?.hours === reminderHours) return known.at;
  const at: (Date | null)[] = [];
  const interval = meetingInterval(meeting);
  if (interval.type !== "none") {
    at.push(interval.start);
    if (interval.start) at.push(new Date(interval.start.getTime() - reminderHours * HOUR_MS));
    at.push(interval.end);
    if (interval.type === "timed") at.push(interval.endOvernight);
  }
  instants.set(meeting, { hours: reminderHours, at });
  return at;
}

interface LookDeps extends DigestConfig {
  db: D1Database;
  sheetId: string;
}

/** What the look after the read found; `remembered` and `lastOk` serve the incremental sync too. */
export interface Look {
  unchanged: boolean;
  seen: Seen;
  remembered: Remembered | null;
  lastOk: boolean;
}

/** One D1 round trip after the read: what the last full sync left, the marker now, and whether the last run was ok. */
export async function lookUnchanged(
  deps: LookDeps,
  workbook: Workbook,
  runId: string,
  now: Date,
): Promise<Look> {
  const [meta, marker, last] = await deps.db.batch([
    deps.db.prepare("SELECT value FROM sync_meta WHERE key = ?").bind(metaKey(deps.sheetId)),
    deps.db.prepare(CHANGE_MARKER),
    deps.db
      .prepare(
        "SELECT outcome FROM sync_runs WHERE id <> ? ORDER BY started_at DESC, rowid DESC LIMIT 1",
      )
      .bind(runId),
  ]);
  const value = (meta?.results[0] as { value: string } | undefined)?.value;
  const remembered = value === undefined ? null : (JSON.parse(value) as Remembered);
  const seen: Seen = {
    digest: await sheetDigest(workbook, deps),
    marker: (marker?.results[0] as { marker: string } | undefined)?.marker ?? "",
  };
  const lastOk = (last?.results[0] as { outcome: string } | undefined)?.outcome === "ok";
  return { unchanged: isUnchanged(remembered, seen, lastOk, now), seen, remembered, lastOk };
}

/**
 * The time-driven instants D1 holds, worked out by the memory's own statement
 * (so a sync reads nothing more for them): a digest waiting out its interval
 * (the problem digest sends at most one per Settings digest minutes) and an
 * unsent digest leaving the Sync log after its seven days. As ISO text in the
 * format toISOString writes (the outbox's times are written so), whose order
 * is the instants' order.
 */
const DIGEST_INSTANTS = `
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', MAX(created_at), ?6) AS at FROM outbox WHERE kind = 'digest'
  UNION ALL
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', MIN(CASE WHEN state IN ('dead', 'rejected', 'unconfirmed')
      AND updated_at >= ?7 THEN updated_at END), '+7 days')
  FROM outbox WHERE kind = 'digest'`;

export interface FullSyncDone {
  /** The meetings as invitees and the website know them (valid rows and kept rows' last good versions). */
  meetings: readonly Meeting[];
  reminderHours: number;
  /** Settings "Follow-up (days before)"; absent or null: none. */
  followUpDays?: number | null;
  digestMinutes: number | null;
  now: Date;
  /** An incremental sync keeps the last full sync's instant, so the hourly full sync still comes. */
  fullAt?: string;
}

/** At the end of an ok full sync: what the next one compares with. */
export async function rememberFullSync(
  db: D1Database,
  sheetId: string,
  seen: Seen,
  done: FullSyncDone,
): Promise<void> {
  await (await fullSyncMemory(db, sheetId, seen, done)).run();
}

/**
 * rememberFullSync's write, for the caller to run in its last batch (run.ts
 * writes it with the run's record): the next instant is the earliest after
 * `now` of the meetings' and follow-ups' (worked out here) and the digests'
 * (DIGEST_INSTANTS, in the statement), so it costs no round trip of its own.
 */
export async function fullSyncMemory(
  db: D1Database,
  sheetId: string,
  seen: Seen,
  done: FullSyncDone,
): Promise<D1PreparedStatement> {
  const own = nextDueFrom(
    done.meetings,
    done.reminderHours,
    followUpInstants(done.meetings, done.followUpDays),
    done.now,
  );
  const now = done.now.toISOString();
  // json_object keeps the keys in this order and writes the JSON JSON.stringify
  // wrote for a Remembered ({ ...seen, nextDue, fullAt }).
  return db
    .prepare(
      `INSERT INTO sync_meta (key, value, updated_at)
       SELECT ?1, json_object('digest', ?2, 'marker', ?3, 'nextDue',
         (SELECT MIN(at) FROM (SELECT ?4 AS at UNION ALL ${DIGEST_INSTANTS}) WHERE at > ?8),
         'fullAt', ?5), ?8
       WHERE true
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .bind(
      metaKey(sheetId),
      seen.digest,
      seen.marker,
      own === null ? null : own.toISOString(),
      done.fullAt ?? now,
      `+${done.digestMinutes ?? 15} minutes`,
      new Date(done.now.getTime() - UNSENT_DIGEST_SHOWN_MS).toISOString(),
      now,
    );
}
