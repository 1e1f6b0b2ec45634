// Each meeting's calendar UID, kept in D1 (`calendar_uids`, migration 0009) from
// the first email composed about it, so the invitee's calendar entry is moved by
// every later message however the sender address changes. A meeting first sent
// now gets `<id>@<the sender's domain>` (src/mail/calendar.ts); one Liqaa already
// mailed under the old scheme keeps `<id>@liqaa`, which its invitees hold. The
// public calendar reads the same UIDs, so a subscriber who was invited sees one
// entry.

import { calendarUid, LEGACY_UID_DOMAIN } from "../mail/calendar.ts";
import { mailboxAddress } from "../mail/mime.ts";
import { idKey } from "../sheet/ids.ts";
import type { Settings } from "../sheet/types.ts";

/** Every stored UID, by the meeting's ID as the plan compares IDs. One read: a row per meeting. */
export async function storedUids(db: D1Database): Promise<Map<string, string>> {
  return uidsFrom(await uidsStatement(db).all());
}

/** storedUids' read, for a caller that runs it in a batch of its own (run.ts). */
export const uidsStatement = (db: D1Database) =>
  db.prepare("SELECT meeting_id, uid FROM calendar_uids");

/** What uidsStatement read, as storedUids returns it. */
export function uidsFrom(result: D1Result | undefined): Map<string, string> {
  const rows = (result?.results ?? []) as { meeting_id: string; uid: string }[];
  return new Map(rows.map((r) => [idKey(r.meeting_id), r.uid]));
}

/** The sender's bare address, or null when Settings name none usable (then no mail is composed). */
const senderAddress = (settings: Settings) => mailboxAddress(settings.sender);

/**
 * The UIDs of one compose or resend step: read once, and fixed in D1 for a
 * meeting the first time one of its emails is composed, before that email is.
 */
export class CalendarUids {
  readonly #db: D1Database;
  readonly #settings: Settings;
  readonly #now: Date;
  #known: ReadonlyMap<string, string> | null = null;

  constructor(db: D1Database, settings: Settings, now: Date) {
    this.#db = db;
    this.#settings = settings;
    this.#now = now;
  }

  /**
   * The UID for an email about `meetingId` (spelled as D1 stores it), fixed as
   * fixUids fixes a sync's; null when there is no sender to take a domain from,
   * when the email cannot be composed anyway.
   */
  async forMeeting(meetingId: string): Promise<string | null> {
    const known = this.#known?.get(idKey(meetingId));
    if (known !== undefined) return known;
    const fixed = await fixUids(this.#db, [meetingId], this.#settings, this.#now);
    this.#known = fixed.all;
    return fixed.of.get(meetingId) ?? null;
  }
}

/**
 * Each meeting's calendar UID for the snapshot: the stored one, else the one its
 * first email will get (the sender's domain; `<id>@liqaa` with no sender yet).
 * Nothing is stored here: the public calendar fixes no UID, an email does.
 * The build gives each item its UID as it makes it (src/feed/snapshot.ts).
 */
export function snapshotUids(
  stored: ReadonlyMap<string, string>,
  settings: Settings,
): (meetingId: string) => string {
  const sender = senderAddress(settings);
  return (id) =>
    stored.get(idKey(id)) ??
    (sender === null ? `${id}@${LEGACY_UID_DOMAIN}` : calendarUid(id, sender));
}

/**
 * The UIDs of the meetings a sync's emails are about, fixed in D1 in one batch of
 * two statements whatever their number (the first sync of a network names
 * hundreds): each new one gets `<id>@<sender's domain>`, or `<id>@liqaa` when mail
 * about it was composed before UIDs were stored, in one INSERT that keeps any UID
 * already fixed (by an earlier or a concurrent sync); then every stored UID is
 * read back, which the public calendar uses too. `of` is keyed by the ID as
 * given; null for a new one when there is no sender (its email is refused).
 */
export async function fixUids(
  db: D1Database,
  meetingIds: readonly string[],
  settings: Settings,
  now: Date,
): Promise<{ of: Map<string, string | null>; all: Map<string, string> }> {
  const sender = senderAddress(settings);
  const readAll = uidsStatement(db);
  const ids = [...new Set(meetingIds)];
  let rows: { meeting_id: string; uid: string }[];
  if (sender === null || ids.length === 0) {
    rows = (await readAll.all<{ meeting_id: string; uid: string }>()).results;
  } else {
    const chosen = ids.map((id) => [id, calendarUid(id, sender), `${id}@${LEGACY_UID_DOMAIN}`]);
    const [, read] = await db.batch<{ meeting_id: string; uid: string }>([
      // "WHERE true" lets SQLite read ON CONFLICT as the upsert's, not the join's.
      db
        .prepare(
          `INSERT INTO calendar_uids (meeting_id, uid, created_at)
           SELECT json_extract(j.value, '$[0]'),
             CASE WHEN EXISTS (
               SELECT 1 FROM outbox o WHERE o.meeting_id = json_extract(j.value, '$[0]')
                 AND (o.raw IS NOT NULL OR o.state <> 'pending')
             ) THEN json_extract(j.value, '$[2]') ELSE json_extract(j.value, '$[1]') END,
             ?2
           FROM json_each(?1) j WHERE true
           ON CONFLICT (meeting_id) DO NOTHING`,
        )
        .bind(JSON.stringify(chosen), now.toISOString()),
      readAll,
    ]);
    rows = read?.results ?? [];
  }
  // The table compares IDs as the plan does (NOCASE); so do these maps.
  const all = new Map(rows.map((r) => [idKey(r.meeting_id), r.uid]));
  return { of: new Map(ids.map((id) => [id, all.get(idKey(id)) ?? null])), all };
}
