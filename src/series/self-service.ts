// Self-service in a bilateral series: what an organisation's RSVP page needs
// to offer the free slots of its series (its own slot, the series' window and
// zone, who holds what), and moving its slot to the one it chose, decided by
// D1 in one conditional UPDATE so that two organisations choosing one slot at
// the same moment cannot both get it: the UNIQUE index on (meeting_id, day,
// start) (migrations/0013_series_slots.sql) refuses a time another
// organisation holds, the statement's own condition refuses a time that
// overlaps one (a pinned slot off the window's grid), a pinned slot, and a
// page drawn before the organisation's slot last changed (a replayed POST).
// Nothing is read first to decide: the reads after a refused move only say why.
//
// The update email and the Schedule tab follow from the next sync: it keeps
// the moved slot (src/series/store.ts applyAssignment), so the organisation's
// own meeting changed time and the plan sends its invitees one update (same
// calendar UID, SEQUENCE + 1), composed, queued and written back like any other.
import type { Meeting } from "../sheet/types.ts";
import { zonedInstant } from "../time/interval.ts";
import { findSlotByMeeting, isUniqueViolation, loadSlots, type SeriesSlot } from "./store.ts";
import {
  freeSlots,
  type SeriesWindow,
  type SlotTime,
  seriesWindow,
  windowSlots,
} from "./window.ts";

export interface SlotContext {
  /** The organisation's slot as D1 holds it now. */
  slot: SeriesSlot;
  /** The series row's window; null when D1 has no valid version of the series row. */
  window: SeriesWindow | null;
  /** The series' zone: slots are its wall clock. */
  timezone: string;
  /** The window's slots nobody holds and not begun yet, in order. */
  free: SlotTime[];
}

/** Whether a slot begins after `now`: one already begun or over is never offered, nor taken. */
const ahead = (slot: SlotTime, timezone: string, now: Date): boolean =>
  (zonedInstant(slot.day, slot.start, timezone)?.getTime() ?? 0) > now.getTime();

/** The series row as the last valid sync recorded it (meetings.last_good), or null. */
async function seriesMeeting(db: D1Database, meetingId: string): Promise<Meeting | null> {
  const row = await db
    .prepare("SELECT last_good FROM meetings WHERE id = ?")
    .bind(meetingId)
    .first<{ last_good: string | null }>();
  if (row?.last_good == null) return null;
  try {
    return JSON.parse(row.last_good) as Meeting;
  } catch {
    return null;
  }
}

/**
 * The slot part's facts for an invitation to `meetingId`; null when that
 * meeting is not an organisation's slot in a series (every other invitation).
 */
export async function slotContext(
  db: D1Database,
  meetingId: string,
  fallbackZone: string,
  now: Date,
): Promise<SlotContext | null> {
  const slot = await findSlotByMeeting(db, meetingId);
  if (slot === null) return null;
  const [series, held] = await Promise.all([
    seriesMeeting(db, slot.meetingId),
    loadSlots(db, slot.meetingId),
  ]);
  const window = series === null ? null : seriesWindow(series);
  const timezone = series?.timezone ?? fallbackZone;
  return {
    slot,
    window,
    timezone,
    free: window === null ? [] : freeSlots(window, held).filter((s) => ahead(s, timezone, now)),
  };
}

/** What a choice did: moved there; or why not (see SlotOutcome's words). */
export type MoveOutcome = "moved" | "taken" | "same" | "stale" | "pinned" | "unknown" | "past";

export interface SelfMove {
  /** The organisation's own meeting (the RSVP link's). */
  slotMeetingId: string;
  /** The slot the page showed as the organisation's: the move applies only while it still holds it. */
  from: { day: string; start: string };
  to: { day: string; start: string };
  at: Date;
}

const isSlot = (s: { day: string; start: string }, t: { day: string; start: string }) =>
  s.day === t.day && s.start === t.start;

/**
 * Moves an organisation's slot to a time of its series' window, or says why
 * not. One statement: it applies only to the organisation's row while it is
 * unpinned and still at `from`, and only when no other organisation's slot
 * shares a minute with the target; the UNIQUE index refuses a target another
 * organisation holds even if two statements were to run at once. The same
 * statement's batch marks the organisation's own meeting (updated_at), so the
 * next cron tick runs a full sync (src/sync/unchanged.ts's change marker).
 */
export async function moveOwnSlot(
  db: D1Database,
  ctx: Pick<SlotContext, "window" | "timezone">,
  move: SelfMove,
): Promise<MoveOutcome> {
  const { window, timezone } = ctx;
  const target = window === null ? undefined : windowSlots(window).find((s) => isSlot(s, move.to));
  if (target === undefined) return "unknown";
  if (!ahead(target, timezone, move.at)) return "past";
  const at = move.at.toISOString();
  try {
    const [moved] = await db.batch([
      db
        .prepare(
          `UPDATE series_slots SET day = ?2, start = ?3, end = ?4, source = 'self', updated_at = ?5
           WHERE slot_meeting_id = ?1 AND pinned = 0
             AND day = ?6 AND start = ?7 AND NOT (day = ?2 AND start = ?3)
             AND NOT EXISTS (SELECT 1 FROM series_slots o
               WHERE o.meeting_id = series_slots.meeting_id AND o.slot_meeting_id <> ?1
                 AND o.day = ?2 AND o.start < ?4 AND o.end > ?3)`,
        )
        .bind(
          move.slotMeetingId,
          target.day,
          target.start,
          target.end,
          at,
          move.from.day,
          move.from.start,
        ),
      // changes(): the move just before, in the same batch (one transaction).
      db
        .prepare("UPDATE meetings SET updated_at = ?2 WHERE id = ?1 AND changes() > 0")
        .bind(move.slotMeetingId, at),
    ]);
    if ((moved?.meta.changes ?? 0) > 0) return "moved";
  } catch (error) {
    if (isUniqueViolation(error)) return "taken";
    throw error;
  }
  // Refused: the row as it is now says why (it decided nothing).
  const now = await findSlotByMeeting(db, move.slotMeetingId);
  if (now === null) return "unknown";
  if (now.pinned) return "pinned";
  if (isSlot(now, target)) return "same";
  if (!isSlot(now, move.from)) return "stale";
  return "taken";
}
