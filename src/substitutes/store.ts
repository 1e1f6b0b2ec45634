// Substitutes in D1 (migrations/0012_substitutes.sql): naming one (from the
// RSVP page's form or a delegated calendar reply), with every refusal decided
// here so both paths refuse alike; the active ones the plan invites; all of
// them for the Responses tab; and staff's refusals. A substitute is named once:
// the same name again (a replayed POST, a redelivered reply) finds the row
// already there and changes nothing.

import { findInvitation, standing } from "../rsvp/store.ts";
import type { Substitute, SubstituteRefusal, SubstituteSource } from "./types.ts";

export type { Substitute, SubstituteRefusal, SubstituteSource } from "./types.ts";

import { normalizeEmail, parseEmailText } from "../sheet/fields.ts";
import { idKey } from "../sheet/ids.ts";
import { cleanText } from "../sheet/text.ts";

export type Named =
  | { ok: true; substitute: Substitute; fresh: boolean }
  | { ok: false; reason: SubstituteRefusal; active?: Substitute };

export interface NameRequest {
  meetingId: string;
  original: string;
  /** As typed (the form) or as the calendar wrote it (DELEGATED-TO). */
  email: string;
  name: string | null;
  source: SubstituteSource;
  at: Date;
  /** Addresses that can never be a substitute: the replies address, the sender. */
  organizers: readonly string[];
}

/** A name for the Responses tab and the greeting: one line, at most 120 characters. */
export const MAX_NAME = 120;

const COLUMNS = "meeting_id, original, email, name, source, created_at, refused_at";

/**
 * Records a substitute for one invitation, or says why not. Refused: an
 * address that cannot be mailed, the original themself, anyone with an
 * invitation to this meeting (invited now or before: their calendar already
 * holds the entry, and their Responses line is theirs), the replies address or
 * the sender, a person staff refused for this meeting, a second substitute
 * while one is active, and a substitute naming one of their own.
 */
export async function nameSubstitute(db: D1Database, req: NameRequest): Promise<Named> {
  const email = parseEmailText(cleanText(req.email));
  if (email === null) return { ok: false, reason: "malformed" };
  const address = normalizeEmail(email);
  const original = normalizeEmail(req.original);
  const name = req.name === null ? null : cleanText(req.name).replace(/\s+/g, " ");
  if (req.source === "link" && (name === null || name === "")) {
    return { ok: false, reason: "no_name" };
  }
  const view = await findInvitation(db, req.meetingId, original);
  if (view === null || standing(view, req.at) !== "open") return { ok: false, reason: "closed" };

  const [mine, theirs, invited] = await db.batch([
    db
      .prepare(
        `SELECT ${COLUMNS} FROM substitutes WHERE meeting_id = ? AND original = ? AND refused_at IS NULL`,
      )
      .bind(req.meetingId, original),
    db
      .prepare(
        `SELECT ${COLUMNS} FROM substitutes WHERE meeting_id = ? AND email = ? ORDER BY id DESC`,
      )
      .bind(req.meetingId, address),
    db
      .prepare("SELECT 1 AS x FROM invitations WHERE meeting_id = ? AND email = ?")
      .bind(req.meetingId, address),
  ]);
  const active = (mine?.results[0] as Substitute | undefined) ?? undefined;
  // The same substitute again: already recorded, nothing more happens.
  if (active && active.email === address) return { ok: true, substitute: active, fresh: false };
  if (active) return { ok: false, reason: "taken", active };
  if (address === original) return { ok: false, reason: "self" };
  if (req.organizers.some((o) => normalizeEmail(o) === address)) {
    return { ok: false, reason: "organizer" };
  }
  const earlier = (theirs?.results ?? []) as Substitute[];
  if (earlier.some((s) => s.refused_at !== null)) return { ok: false, reason: "refused_before" };
  if (earlier.length > 0 || (invited?.results.length ?? 0) > 0) {
    return { ok: false, reason: "already_invited" };
  }
  // A substitute stands in for one invitee; a chain would leave nobody answerable.
  const isSubstitute = await db
    .prepare(
      "SELECT 1 AS x FROM substitutes WHERE meeting_id = ? AND email = ? AND refused_at IS NULL",
    )
    .bind(req.meetingId, original)
    .first();
  if (isSubstitute !== null) return { ok: false, reason: "is_substitute" };

  const row: Substitute = {
    meeting_id: req.meetingId,
    original,
    email: address,
    name: name === null || name === "" ? null : name.slice(0, MAX_NAME),
    source: req.source,
    created_at: req.at.toISOString(),
    refused_at: null,
  };
  // OR IGNORE: two requests at once meet the partial unique indexes; the loser reads the winner.
  const inserted = await db
    .prepare(
      `INSERT OR IGNORE INTO substitutes (meeting_id, original, email, name, source, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(row.meeting_id, row.original, row.email, row.name, row.source, row.created_at)
    .run();
  if ((inserted.meta.changes ?? 0) > 0) return { ok: true, substitute: row, fresh: true };
  const winner = await db
    .prepare(
      `SELECT ${COLUMNS} FROM substitutes WHERE meeting_id = ? AND original = ? AND refused_at IS NULL`,
    )
    .bind(req.meetingId, original)
    .first<Substitute>();
  if (winner?.email === address) return { ok: true, substitute: winner, fresh: false };
  return winner
    ? { ok: false, reason: "taken", active: winner }
    : { ok: false, reason: "already_invited" };
}

/** Every substitute named, oldest first: the Responses tab shows the refused ones too. */
export async function allSubstitutes(db: D1Database): Promise<Substitute[]> {
  return substitutesFrom(await allSubstitutesStatement(db).all());
}

/** allSubstitutes' statement, for a batch of the caller's (the state's, src/sync/); substitutesFrom reads it. */
export function allSubstitutesStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM substitutes ORDER BY id`);
}

export function substitutesFrom(result: D1Result | undefined): Substitute[] {
  return (result?.results ?? []) as Substitute[];
}

/** The names of active substitutes among these addresses (the sheet lists none of them); one query, none when empty. */
export async function activeSubstituteNames(
  db: D1Database,
  emails: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  if (emails.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT email, name FROM substitutes WHERE refused_at IS NULL AND name IS NOT NULL
         AND email IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .bind(JSON.stringify([...new Set(emails)]))
    .all<{ email: string; name: string }>();
  return new Map(results.map((r) => [r.email, r.name]));
}

/** idKey(meeting id) → its active substitutes, as the plan reads them (StoredState.substitutes). */
export function activeByMeeting(all: readonly Substitute[]): Map<string, Substitute[]> {
  const out = new Map<string, Substitute[]>();
  for (const s of all) {
    if (s.refused_at !== null) continue;
    const key = idKey(s.meeting_id);
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

/** Staff cleared these substitutes' cells: refused from now on, once. */
export async function refuseSubstitutes(
  db: D1Database,
  refused: readonly { meetingId: string; email: string }[],
  at: Date,
): Promise<number> {
  if (refused.length === 0) return 0;
  const results = await db.batch(
    refused.map((r) =>
      db
        .prepare(
          "UPDATE substitutes SET refused_at = ? WHERE meeting_id = ? AND email = ? AND refused_at IS NULL",
        )
        .bind(at.toISOString(), r.meetingId, normalizeEmail(r.email)),
    ),
  );
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

/** An address's part in a meeting's substitutes: who replaces them, and whom they replace. */
export async function substituteRole(
  db: D1Database,
  meetingId: string,
  email: string,
): Promise<{ named: Substitute | null; standsFor: Substitute | null }> {
  const address = normalizeEmail(email);
  const [named, standsFor] = await db.batch([
    db
      .prepare(
        `SELECT ${COLUMNS} FROM substitutes WHERE meeting_id = ? AND original = ? AND refused_at IS NULL`,
      )
      .bind(meetingId, address),
    db
      .prepare(
        `SELECT ${COLUMNS} FROM substitutes WHERE meeting_id = ? AND email = ? AND refused_at IS NULL`,
      )
      .bind(meetingId, address),
  ]);
  return {
    named: (named?.results[0] as Substitute | undefined) ?? null,
    standsFor: (standsFor?.results[0] as Substitute | undefined) ?? null,
  };
}
