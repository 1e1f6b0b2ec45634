// The slots of bilateral series in D1 (migrations/0013_series_slots.sql): read
// them, give an organisation its first slot, move one, free one, pin one, and
// the sync's whole assignment in one batch. Every write that takes a slot is
// one statement (or one batch, which D1 runs as a transaction) and the UNIQUE
// index on (meeting_id, day, start) decides who gets it: nothing here checks
// first and writes after, so two claims of one slot never both succeed.
import { jsonChunks } from "../outbox/insert.ts";
import type { SlotTime } from "./window.ts";

export type SlotSource = "liqaa" | "self" | "staff";

export interface SeriesSlot extends SlotTime {
  /** The series' meeting ID, as D1's meetings table spells it. */
  meetingId: string;
  /** The organisation, as src/series/organisations.ts keys it. */
  orgKey: string;
  /** Its name as the sheet writes it, for the Schedule tab and the schedule email. */
  organisation: string;
  /** The organisation's own meeting ID (src/series/ids.ts): its invitations carry it. */
  slotMeetingId: string;
  pinned: boolean;
  source: SlotSource;
  /** ISO instant of the last write. */
  updatedAt: string;
}

/** Why a slot could not be taken: another organisation holds it, this one is pinned, or it has no slot in the series. */
export type SlotRefusal = "taken" | "pinned" | "unknown";
export type SlotResult = { ok: true } | { ok: false; reason: SlotRefusal };

interface SlotRow {
  meeting_id: string;
  org_key: string;
  organisation: string;
  slot_meeting_id: string;
  day: string;
  start: string;
  end: string;
  pinned: number;
  source: SlotSource;
  updated_at: string;
}

const COLUMNS =
  "meeting_id, org_key, organisation, slot_meeting_id, day, start, end, pinned, source, updated_at";

const fromRow = (row: SlotRow): SeriesSlot => ({
  meetingId: row.meeting_id,
  orgKey: row.org_key,
  organisation: row.organisation,
  slotMeetingId: row.slot_meeting_id,
  day: row.day,
  start: row.start,
  end: row.end,
  pinned: row.pinned === 1,
  source: row.source,
  updatedAt: row.updated_at,
});

/** The INSERT of one organisation's first slot, for claimSlot and the sync's batch. */
/** A slot's row, in COLUMNS' order. */
function slotValues(slot: Omit<SeriesSlot, "updatedAt">, when: string): (string | number)[] {
  return [
    slot.meetingId,
    slot.orgKey,
    slot.organisation,
    slot.slotMeetingId,
    slot.day,
    slot.start,
    slot.end,
    slot.pinned ? 1 : 0,
    slot.source,
    when,
  ];
}

function insertSlot(
  db: D1Database,
  slot: Omit<SeriesSlot, "updatedAt">,
  when: string,
): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO series_slots (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(...slotValues(slot, when));
}

/** Whether a D1 error is a UNIQUE constraint refusing the write (the slot is someone else's). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/i.test(error.message);
}

/** One series' slots, in schedule order (day, then start). */
export async function loadSlots(db: D1Database, meetingId: string): Promise<SeriesSlot[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM series_slots WHERE meeting_id = ? ORDER BY day, start`)
    .bind(meetingId)
    .all<SlotRow>();
  return results.map(fromRow);
}

/** Every series' slots by series meeting ID, for the sync (one query). */
export async function loadAllSlots(db: D1Database): Promise<Map<string, SeriesSlot[]>> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM series_slots ORDER BY meeting_id, day, start`)
    .all<SlotRow>();
  const out = new Map<string, SeriesSlot[]>();
  for (const row of results) {
    const list = out.get(row.meeting_id) ?? [];
    list.push(fromRow(row));
    out.set(row.meeting_id, list);
  }
  return out;
}

/** The slot an organisation's own meeting holds (an RSVP link names that meeting), or null. */
export async function findSlotByMeeting(
  db: D1Database,
  slotMeetingId: string,
): Promise<SeriesSlot | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM series_slots WHERE slot_meeting_id = ?`)
    .bind(slotMeetingId)
    .first<SlotRow>();
  return row === null ? null : fromRow(row);
}

/**
 * Gives an organisation its first slot in a series: one INSERT. Another
 * organisation holding that time makes the constraint refuse it (`taken`); an
 * organisation that already has a slot keeps it (`taken` too: use moveSlot).
 */
export async function claimSlot(
  db: D1Database,
  slot: Omit<SeriesSlot, "updatedAt">,
  at: Date,
): Promise<SlotResult> {
  try {
    await insertSlot(db, slot, at.toISOString()).run();
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "taken" };
    throw error;
  }
}

/**
 * Moves an organisation's slot to another time of its series: one UPDATE,
 * which the UNIQUE index refuses when another organisation holds that time
 * (`taken`), and which leaves a pinned slot where it is (`pinned`). Moving to
 * the slot it already holds succeeds and changes nothing but who and when.
 * The read after a refused UPDATE only explains it; it decides nothing.
 */
export async function moveSlot(
  db: D1Database,
  move: { meetingId: string; orgKey: string; to: SlotTime; source: SlotSource; at: Date },
): Promise<SlotResult> {
  let changes: number;
  try {
    const result = await db
      .prepare(
        `UPDATE series_slots SET day = ?, start = ?, end = ?, source = ?, updated_at = ?
         WHERE meeting_id = ? AND org_key = ? AND pinned = 0`,
      )
      .bind(
        move.to.day,
        move.to.start,
        move.to.end,
        move.source,
        move.at.toISOString(),
        move.meetingId,
        move.orgKey,
      )
      .run();
    changes = result.meta.changes;
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "taken" };
    throw error;
  }
  if (changes > 0) return { ok: true };
  const held = await db
    .prepare("SELECT pinned FROM series_slots WHERE meeting_id = ? AND org_key = ?")
    .bind(move.meetingId, move.orgKey)
    .first<{ pinned: number }>();
  return { ok: false, reason: held === null ? "unknown" : "pinned" };
}

/** Frees an organisation's slot (it left the series); whether it held one. */
export async function releaseSlot(
  db: D1Database,
  meetingId: string,
  orgKey: string,
): Promise<boolean> {
  const result = await db
    .prepare("DELETE FROM series_slots WHERE meeting_id = ? AND org_key = ?")
    .bind(meetingId, orgKey)
    .run();
  return result.meta.changes > 0;
}

/** Pins or unpins an organisation's slot where it is (staff, from the Schedule tab); whether that changed anything. */
/**
 * An organisation's slot under a new key and name (its name respelled in
 * Contacts): the same slot, pin and own meeting ID, so its invitees keep their
 * calendar entry and answers. Applies only while no slot has the new key.
 */
export async function renameOrganisation(
  db: D1Database,
  meetingId: string,
  fromKey: string,
  to: { key: string; name: string },
  at: Date,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE series_slots SET org_key = ?, organisation = ?, updated_at = ?
       WHERE meeting_id = ? AND org_key = ?
         AND NOT EXISTS (SELECT 1 FROM series_slots WHERE meeting_id = ? AND org_key = ?)`,
    )
    .bind(to.key, to.name, at.toISOString(), meetingId, fromKey, meetingId, to.key)
    .run();
  return result.meta.changes > 0;
}

export async function setPinned(
  db: D1Database,
  meetingId: string,
  orgKey: string,
  pinned: boolean,
  at: Date,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE series_slots SET pinned = ?, updated_at = ?
       WHERE meeting_id = ? AND org_key = ? AND pinned <> ?`,
    )
    .bind(pinned ? 1 : 0, at.toISOString(), meetingId, orgKey, pinned ? 1 : 0)
    .run();
  return result.meta.changes > 0;
}

/** What the sync's assignment changes in one series (src/series/assign.ts decides it). */
export interface SlotChanges {
  /** Organisations no longer in the series: their slots are freed. */
  removed: readonly SeriesSlot[];
  /** Organisations whose slot must change (it left the window, or no longer fits). */
  moved: readonly { from: SeriesSlot; to: SlotTime }[];
  /** Organisations new to the series: each takes a free slot. */
  added: readonly Omit<SeriesSlot, "updatedAt">[];
}

/**
 * The sync's assignment of one series in one batch (a D1 batch is one
 * transaction: a statement that fails rolls back all of them). Each statement
 * applies only to the row as the sync read it, so an organisation that chose
 * its own slot in the meantime keeps it; and a slot taken in the meantime
 * makes its statement fail on the UNIQUE index, the whole batch with it, and
 * this returns false: the sync reads again and assigns again. A moved slot is
 * first parked on a time no slot has (`~` and its organisation), so moves
 * within one batch never meet each other on the index halfway.
 */
export async function applyAssignment(
  db: D1Database,
  changes: SlotChanges,
  at: Date,
): Promise<boolean> {
  const when = at.toISOString();
  const statements: D1PreparedStatement[] = [];
  for (const slot of changes.removed) {
    statements.push(
      db
        .prepare(
          "DELETE FROM series_slots WHERE meeting_id = ? AND org_key = ? AND day = ? AND start = ?",
        )
        .bind(slot.meetingId, slot.orgKey, slot.day, slot.start),
    );
  }
  for (const { from } of changes.moved) {
    statements.push(
      db
        .prepare(
          `UPDATE series_slots SET start = '~' || org_key
           WHERE meeting_id = ? AND org_key = ? AND day = ? AND start = ? AND pinned = 0`,
        )
        .bind(from.meetingId, from.orgKey, from.day, from.start),
    );
  }
  for (const { from, to } of changes.moved) {
    statements.push(
      db
        .prepare(
          `UPDATE series_slots SET day = ?, start = ?, end = ?, source = 'liqaa', updated_at = ?
           WHERE meeting_id = ? AND org_key = ? AND start = '~' || org_key`,
        )
        .bind(to.day, to.start, to.end, when, from.meetingId, from.orgKey),
    );
  }
  // The added slots in a few chunked statements, not one each: a first sync of a
  // series of many organisations stays within the Free plan's 50 D1 queries an
  // invocation. One refused row (the UNIQUE index) still fails the whole batch.
  for (const json of jsonChunks(changes.added.map((slot) => slotValues(slot, when)))) {
    statements.push(
      db
        .prepare(
          `INSERT INTO series_slots (${COLUMNS})
           SELECT ${[...Array(10).keys()].map((i) => `json_extract(e.value, '$[${i}]')`).join(", ")}
           FROM json_each(?) AS e WHERE true`,
        )
        .bind(json),
    );
  }
  if (statements.length === 0) return true;
  try {
    await db.batch(statements);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
