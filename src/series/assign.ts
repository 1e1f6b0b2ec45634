// Slots assigned, then kept (pure): which slot each organisation of a series
// holds after this sync, from its window, its organisations in the Invite
// cell's order and the slots D1 holds. An organisation keeps its slot while it
// still fits; only those whose time must change move; a pinned slot never does.
import { slotMeetingId } from "./ids.ts";
import type { SeriesOrganisation } from "./organisations.ts";
import type { SeriesSlot, SlotChanges } from "./store.ts";
import {
  daysOf,
  minutesOf,
  overlaps,
  type SeriesWindow,
  type SlotTime,
  timeOf,
  windowSlots,
} from "./window.ts";

export interface AssignInput {
  /** The series' meeting ID as D1 spells it. */
  meetingId: string;
  window: SeriesWindow;
  /** In the Invite cell's order. */
  organisations: readonly SeriesOrganisation[];
  /** The series' slots as D1 holds them. */
  held: readonly SeriesSlot[];
}

export interface AssignedSlot extends SlotTime {
  organisation: SeriesOrganisation;
  slotMeetingId: string;
  pinned: boolean;
}

export interface Assignment {
  /** Every organisation that holds a slot after this sync, in schedule order (day, start). */
  slots: AssignedSlot[];
  /** What D1 must change (src/series/store.ts applyAssignment). */
  changes: SlotChanges;
  /** Organisations no free slot is left for (pinned slots between the window's took them), in Invite order. */
  unplaced: SeriesOrganisation[];
}

/**
 * The rules, in order:
 * 1. An organisation no longer invited frees its slot (pinned or not).
 * 2. A pinned slot stays as it is, wherever it is.
 * 3. Any other slot keeps its day and start (its end follows the slot length)
 *    while that still lies on a day of the range, inside the daily window, and
 *    overlaps no slot kept before it (earlier ones first); otherwise it moves.
 * 4. Organisations without a slot (new ones, and those that must move) take,
 *    in the Invite cell's order, the first free slot of the window: day by
 *    day from Start, slot length plus break apart, overlapping no kept slot.
 */
export function assignSlots(input: AssignInput): Assignment {
  const { window: w, organisations, held, meetingId } = input;
  const wanted = new Map(organisations.map((org) => [org.key, org]));
  const removed = held.filter((slot) => !wanted.has(slot.orgKey));
  const days = new Set(daysOf(w.firstDay, w.lastDay));
  const from = minutesOf(w.start);
  const to = minutesOf(w.end);

  const kept = new Map<string, SlotTime & { pinned: boolean; held: SeriesSlot }>();
  const occupied: SlotTime[] = [];
  const staying = held.filter((slot) => wanted.has(slot.orgKey));
  for (const slot of staying) {
    if (!slot.pinned) continue;
    kept.set(slot.orgKey, {
      day: slot.day,
      start: slot.start,
      end: slot.end,
      pinned: true,
      held: slot,
    });
    occupied.push(slot);
  }
  const moved: SlotChanges["moved"][number][] = [];
  const toPlace = new Set<string>();
  for (const slot of [...staying].sort(bySchedule)) {
    if (slot.pinned) continue;
    const start = minutesOf(slot.start);
    const end = start + w.slotMinutes;
    const time = { day: slot.day, start: slot.start, end: timeOf(end) };
    const fits =
      days.has(slot.day) && start >= from && end <= to && !occupied.some((o) => overlaps(o, time));
    if (!fits) {
      toPlace.add(slot.orgKey);
      continue;
    }
    kept.set(slot.orgKey, { ...time, pinned: false, held: slot });
    occupied.push(time);
    if (time.end !== slot.end) moved.push({ from: slot, to: time });
  }

  const heldByOrg = new Map(held.map((slot) => [slot.orgKey, slot]));
  const codes = new Set(held.map((slot) => slot.slotMeetingId.toLowerCase()));
  const free = windowSlots(w).filter((s) => !occupied.some((o) => overlaps(o, s)));
  const added: SlotChanges["added"][number][] = [];
  const placed = new Map<string, AssignedSlot>();
  const unplaced: SeriesOrganisation[] = [];
  for (const org of organisations) {
    const prior = heldByOrg.get(org.key);
    if (prior !== undefined && !toPlace.has(org.key)) continue;
    const next = free.shift();
    if (next === undefined) {
      unplaced.push(org);
      continue;
    }
    if (prior !== undefined) {
      moved.push({ from: prior, to: next });
      placed.set(org.key, {
        ...next,
        organisation: org,
        slotMeetingId: prior.slotMeetingId,
        pinned: false,
      });
      continue;
    }
    const id = slotMeetingId(meetingId, org.key, codes);
    codes.add(id.toLowerCase());
    added.push({
      meetingId,
      orgKey: org.key,
      organisation: org.name,
      slotMeetingId: id,
      ...next,
      pinned: false,
      source: "liqaa",
    });
    placed.set(org.key, { ...next, organisation: org, slotMeetingId: id, pinned: false });
  }

  const slots: AssignedSlot[] = [];
  for (const org of organisations) {
    const keep = kept.get(org.key);
    if (keep !== undefined) {
      const { held: slot, ...time } = keep;
      slots.push({ ...time, organisation: org, slotMeetingId: slot.slotMeetingId });
      continue;
    }
    const place = placed.get(org.key);
    if (place !== undefined) slots.push(place);
  }
  slots.sort(bySchedule);
  return { slots, changes: { removed, moved, added }, unplaced };
}

/** Schedule order: by day, then start. */
function bySchedule(a: SlotTime, b: SlotTime): number {
  return a.day === b.day
    ? a.start < b.start
      ? -1
      : a.start > b.start
        ? 1
        : 0
    : a.day < b.day
      ? -1
      : 1;
}
