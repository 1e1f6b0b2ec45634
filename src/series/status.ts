// A series row's Sync status after the plan: how many slots are filled and
// answered, and what its organisations' emails did together (the words are in
// src/sync/status-words.ts). The plan wrote one status per organisation's
// meeting; those are summed here onto the series row, the only one the sheet has.
import { idKey } from "../sheet/ids.ts";
import { type MeetingStatus, seriesStatusCell } from "../sync/status-words.ts";
import type {
  LatestMail,
  MeetingCounts,
  MeetingStatusNote,
  Plan,
  StoredState,
} from "../sync/types.ts";
import type { SeriesView } from "./expand.ts";

const STATUS_OF: Record<string, MeetingStatus> = {
  draft: { code: "draft" },
  cancelled: { code: "cancelled" },
  held: { code: "held" },
  scheduled: { code: "invited" },
};

/** Sets each series row's Sync status in the plan, from its organisations' meetings. */
export function seriesStatuses(
  views: readonly SeriesView[],
  decided: Plan,
  state: StoredState,
  when: string,
): void {
  for (const view of views) {
    const own = decided.statusByMeeting.get(view.meeting.id);
    // Waiting for an ID or a sender: the series row says so as any row would.
    if (own !== undefined && view.slots.length === 0 && view.unplaced === 0) continue;
    const counts: MeetingCounts = { invited: 0, queued: 0, suppressed: 0, cancelled: 0 };
    let answered = 0;
    for (const slot of view.slots) {
      const note = decided.statusByMeeting.get(slot.slotMeetingId);
      if (note !== undefined) add(counts, note);
      const invitations = state.invitations.get(idKey(slot.slotMeetingId));
      for (const inv of invitations?.values() ?? []) {
        if (inv.last_kind !== "cancel" && inv.response !== null) {
          answered += 1;
          break;
        }
      }
    }
    const status = STATUS_OF[view.meeting.status] ?? { code: "invited" };
    const fill = {
      filled: view.slots.length,
      capacity: view.capacity,
      answered,
      unplaced: view.unplaced,
    };
    const cell = seriesStatusCell(fill, status, counts, when);
    decided.statusByMeeting.set(view.meeting.id, { ...cell, counts });
  }
}

function add(sum: MeetingCounts, note: MeetingStatusNote): void {
  const c = note.counts;
  sum.invited += c.invited;
  sum.queued += c.queued;
  sum.suppressed += c.suppressed;
  sum.cancelled += c.cancelled;
  if (c.latest === undefined) return;
  const before = sum.latest ?? { kinds: {}, bounced: 0, unconfirmed: 0, changed: [] };
  const kinds: LatestMail["kinds"] = { ...before.kinds };
  for (const [kind, n] of Object.entries(c.latest.kinds) as [keyof LatestMail["kinds"], number][]) {
    kinds[kind] = (kinds[kind] ?? 0) + n;
  }
  sum.latest = {
    kinds,
    bounced: before.bounced + c.latest.bounced,
    unconfirmed: before.unconfirmed + c.latest.unconfirmed,
    changed: [...new Set([...before.changed, ...c.latest.changed])],
  };
}
