// A bilateral series as the plan sees it (pure): each organisation's slot is a
// meeting of its own (its ID from src/series/ids.ts, its invitees, its day and
// times), so every rule the plan, the outbox and the mail already keep for one
// meeting (a UID per meeting, a SEQUENCE per invitee, an update when the time
// changes, a cancellation when an invitee is no longer invited) holds for each
// organisation without a rule of its own. The series row itself stays in the
// plan with nobody invited, so D1 keeps its last good version (the window the
// RSVP page offers) and nobody gets the whole window as one invitation.
import { idKey } from "../sheet/ids.ts";
import type { Meeting, ParsedSheet } from "../sheet/types.ts";
import type { StoredMeeting, StoredState } from "../sync/types.ts";
import type { AssignedSlot } from "./assign.ts";
import { SLOT_SEPARATOR } from "./ids.ts";

/** One series row after its slots were assigned. */
export interface SeriesView {
  /** The series row as parsed. */
  meeting: Meeting;
  /** Its ID as D1 spells it (the slots' IDs are made from it). */
  storedId: string;
  /** Who holds which slot after this sync, in schedule order. */
  slots: readonly AssignedSlot[];
  /** How many slots the window holds. */
  capacity: number;
  /** Organisations no slot was left for. */
  unplaced: number;
}

/** An organisation's own meeting: the series row at its slot, inviting its invitees. */
export function slotMeeting(series: Meeting, slot: AssignedSlot): Meeting {
  const { series: _settings, ...base } = series;
  const name = slot.organisation.name;
  return {
    ...base,
    id: slot.slotMeetingId,
    id_proposed: false,
    title_ar: series.title_ar === null ? null : `${series.title_ar} · ${name}`,
    title_en: series.title_en === null ? null : `${series.title_en} · ${name}`,
    date: slot.day,
    date_end: null,
    start: slot.start,
    end: slot.end,
    kind: "bilateral",
    invite: slot.organisation.invitees.map((invitee) => ({ type: "email", email: invitee.email })),
  };
}

/** The stored meetings of a series' organisations (IDs `<series ID>~…`), by idKey. */
export function storedSlotMeetings(state: StoredState, storedId: string): StoredMeeting[] {
  const prefix = idKey(`${storedId}${SLOT_SEPARATOR}`);
  const out: StoredMeeting[] = [];
  for (const [key, stored] of state.meetings) if (key.startsWith(prefix)) out.push(stored);
  return out;
}

/**
 * The sheet the plan and the mail read: each series row with nobody invited,
 * followed by its organisations' meetings; an organisation that left the
 * series keeps its meeting, cancelled, so the plan cancels its invitations
 * (once: a cancelled meeting's cancelled invitees get nothing more). A series
 * row that is invalid now keeps its organisations' meetings as D1 last had
 * them, as the plan keeps any invalid row (src/sync/last-good.ts).
 */
export function expandSheet(
  sheet: ParsedSheet,
  state: StoredState,
  views: readonly SeriesView[],
): ParsedSheet {
  const byRow = new Map(views.map((view) => [view.meeting.row, view]));
  const meetings: Meeting[] = [];
  for (const meeting of sheet.meetings) {
    const view = byRow.get(meeting.row);
    if (view === undefined) {
      meetings.push(meeting);
      continue;
    }
    meetings.push({ ...meeting, invite: [] });
    const current = new Set<string>();
    for (const slot of view.slots) {
      current.add(idKey(slot.slotMeetingId));
      meetings.push(slotMeeting(meeting, slot));
    }
    for (const stored of storedSlotMeetings(state, view.storedId)) {
      if (current.has(idKey(stored.id)) || stored.last_good === null) continue;
      meetings.push({ ...stored.last_good, status: "cancelled" });
    }
  }
  for (const rejected of sheet.rejected) {
    if (rejected.id === null) continue;
    const stored = state.meetings.get(idKey(rejected.id));
    if (stored?.last_good?.series === undefined) continue;
    for (const slot of storedSlotMeetings(state, stored.id)) {
      if (slot.last_good !== null) meetings.push(slot.last_good);
    }
  }
  return { ...sheet, meetings };
}
