// A new snapshot merged with the one last stored: what the public saw before
// decides an item's ID spelling, its modified_at, and whether a cancelled
// meeting is shown at all. Split from snapshot.ts, which builds and stores.
import { idKey } from "../sheet/ids.ts";
import { carryOrigin } from "./item-origin.ts";
import { linkItems } from "./links.ts";
import { type FeedSnapshot, meetingContent, type PublicMeeting } from "./snapshot-schema.ts";

/**
 * Carries each unchanged meeting's modified_at over from the last stored snapshot, and
 * drops a cancelled meeting the public never saw (cancelled before publication).
 * A meeting is found by idKey, as the sync knows it: "M1" edited to "m1" is the
 * same meeting, still listed under the ID websites link to (routes match it exactly),
 * and so are the links that name it; a link to a meeting dropped here is dropped too.
 */
export function mergeWithPrevious(next: FeedSnapshot, previous: FeedSnapshot | null): FeedSnapshot {
  const before = new Map((previous?.meetings ?? []).map((m) => [idKey(m.id), m]));
  const kept: PublicMeeting[] = [];
  for (const item of next.meetings) {
    const old = before.get(idKey(item.id));
    if (item.status === "cancelled" && !old) continue;
    // Copied only when the public spelling differs: an item kept as it is keeps its origin (item-origin.ts).
    kept.push(old && old.id !== item.id ? { ...item, id: old.id } : item);
  }
  const meetings = linkItems(kept, (item) => item).map((m) => {
    const old = before.get(idKey(m.id));
    if (!old || meetingContent(old) !== meetingContent(m)) return m;
    // The same content and UID: the item as stored is this one, modified_at
    // carried over, in the schema's key order that the check gives it anyway,
    // so the check and the stored bytes find it as they left it.
    return old.uid === m.uid ? old : carryOrigin(m, { ...m, modified_at: old.modified_at });
  });
  return { ...next, meetings };
}
