// The sync's series step, between parse and plan: each valid series row's
// slots assigned from what D1 holds (src/series/assign.ts), the changes
// written in one batch whose UNIQUE index decides (src/series/store.ts), and
// the sheet expanded into one meeting per organisation for the plan
// (src/series/expand.ts). A sheet without series costs no D1 query.
import { idKey } from "../sheet/ids.ts";
import type { ParsedSheet } from "../sheet/types.ts";
import { indexContacts } from "../sync/invitees.ts";
import type { StoredState } from "../sync/types.ts";
import { type Assignment, assignSlots } from "./assign.ts";
import { expandSheet, type SeriesView } from "./expand.ts";
import { type SeriesOrganisation, seriesOrganisations } from "./organisations.ts";
import { pinKey } from "./schedule-tab.ts";
import {
  applyAssignment,
  loadAllSlots,
  loadSlots,
  renameOrganisation,
  type SeriesSlot,
  setPinned,
} from "./store.ts";
import { seriesWindow, windowCapacity } from "./window.ts";

export interface SeriesRun {
  /** The sheet for the plan and the mail: series rows expanded. */
  planned: ParsedSheet;
  views: SeriesView[];
  /** A series row is kept at its last good version (an error in it): its organisations' meetings as they were. */
  kept: boolean;
}

/**
 * How often the sync assigns again after its batch found a slot taken since
 * it read (an organisation choosing its own slot at that moment). Each retry
 * reads that series again; after the last, the series keeps what D1 holds.
 */
const ATTEMPTS = 3;

export async function seriesStep(
  db: D1Database,
  sheet: ParsedSheet,
  state: StoredState,
  now: Date,
  dryRun: boolean,
  /** The Schedule tab's Pinned cells (schedule-tab.ts readPins): staff's pins, read back. */
  pins: ReadonlyMap<string, boolean> = new Map(),
): Promise<SeriesRun> {
  const rows = sheet.meetings.filter((m) => m.series !== undefined && !m.id_proposed);
  const keptSeries = sheet.rejected.some(
    (r) => r.id !== null && state.meetings.get(idKey(r.id))?.last_good?.series !== undefined,
  );
  if (rows.length === 0) {
    return {
      planned: keptSeries ? expandSheet(sheet, state, []) : sheet,
      views: [],
      kept: keptSeries,
    };
  }
  const index = sheet.contactIndex ?? indexContacts(sheet.contacts);
  const all = await loadAllSlots(db);
  const views: SeriesView[] = [];
  const seen = new Set<string>();
  for (const meeting of rows) {
    const window = seriesWindow(meeting);
    // The parser gives every valid series its window; a duplicate ID is planned once.
    if (window === null || seen.has(idKey(meeting.id))) continue;
    seen.add(idKey(meeting.id));
    const storedId = state.meetings.get(idKey(meeting.id))?.id ?? meeting.id;
    const organisations = seriesOrganisations(meeting.invite, index);
    const renamed = await withRenames(
      db,
      all.get(storedId) ?? [],
      organisations,
      state,
      now,
      dryRun,
    );
    let held = await withPins(db, renamed, meeting.id, pins, now, dryRun);
    let result = assignSlots({ meetingId: storedId, window, organisations, held });
    for (let attempt = 1; !dryRun && !(await written(db, result, now)); attempt++) {
      if (attempt === ATTEMPTS) {
        result = asHeld(result, held);
        break;
      }
      held = await loadSlots(db, storedId);
      result = assignSlots({ meetingId: storedId, window, organisations, held });
    }
    views.push({
      meeting,
      storedId,
      slots: result.slots,
      capacity: windowCapacity(window),
      unplaced: result.unplaced.length,
    });
  }
  return { planned: expandSheet(sheet, state, views), views, kept: keptSeries };
}

/**
 * The slots with each organisation whose name was respelled in Contacts under
 * its new key: a slot whose key no organisation has any more, and exactly one
 * organisation without a slot whose invitees include someone that slot's
 * meeting still invites, is that organisation's (one UPDATE, unless a dry run).
 * Without this a corrected spelling would cancel the organisation's meeting and
 * invite it again under a new ID, its answers and its pin left behind.
 */
async function withRenames(
  db: D1Database,
  held: readonly SeriesSlot[],
  organisations: readonly SeriesOrganisation[],
  state: StoredState,
  now: Date,
  dryRun: boolean,
): Promise<SeriesSlot[]> {
  const keys = new Set(organisations.map((o) => o.key));
  const heldKeys = new Set(held.map((s) => s.orgKey));
  const free = organisations.filter((o) => !heldKeys.has(o.key));
  const out: SeriesSlot[] = [];
  const taken = new Set<string>();
  for (const slot of held) {
    if (keys.has(slot.orgKey) || free.length === 0) {
      out.push(slot);
      continue;
    }
    const invited = state.invitations.get(idKey(slot.slotMeetingId));
    const still = (email: string) => {
      const inv = invited?.get(email.toLowerCase());
      return inv !== undefined && inv.last_kind !== "cancel";
    };
    const matches = free.filter((o) => !taken.has(o.key) && o.invitees.some((i) => still(i.email)));
    const [to] = matches;
    if (to === undefined || matches.length > 1) {
      out.push(slot);
      continue;
    }
    if (!dryRun) await renameOrganisation(db, slot.meetingId, slot.orgKey, to, now);
    taken.add(to.key);
    out.push({ ...slot, orgKey: to.key, organisation: to.name });
  }
  return out;
}

/** The slots with staff's pins from the Schedule tab, each change written (one UPDATE) unless a dry run. */
async function withPins(
  db: D1Database,
  held: readonly SeriesSlot[],
  sheetId: string,
  pins: ReadonlyMap<string, boolean>,
  now: Date,
  dryRun: boolean,
): Promise<SeriesSlot[]> {
  const out: SeriesSlot[] = [];
  for (const slot of held) {
    const pinned = pins.get(pinKey(sheetId, slot.orgKey));
    if (pinned === undefined || pinned === slot.pinned) {
      out.push(slot);
      continue;
    }
    if (!dryRun) await setPinned(db, slot.meetingId, slot.orgKey, pinned, now);
    out.push({ ...slot, pinned });
  }
  return out;
}

async function written(db: D1Database, result: Assignment, now: Date): Promise<boolean> {
  const { removed, moved, added } = result.changes;
  if (removed.length + moved.length + added.length === 0) return true;
  return applyAssignment(db, result.changes, now);
}

/**
 * What D1 holds, when the assignment could not be written: each organisation
 * still in the series at the slot it holds; the others wait for the next sync.
 */
function asHeld(result: Assignment, held: readonly SeriesSlot[]): Assignment {
  const byKey = new Map(held.map((slot) => [slot.orgKey, slot]));
  const slots = result.slots.flatMap((slot) => {
    const at = byKey.get(slot.organisation.key);
    return at === undefined
      ? []
      : [{ ...slot, day: at.day, start: at.start, end: at.end, pinned: at.pinned }];
  });
  return { ...result, slots, changes: { removed: [], moved: [], added: [] } };
}
