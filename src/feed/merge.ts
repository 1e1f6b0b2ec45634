// A new snapshot merged with the one last stored: what the public saw before
// decides an item's ID spelling, its modified_at, and whether a cancelled
// meeting is shown at all. Split from snapshot.ts, which builds (snapshot-store.ts stores).
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
  const before = previous === null ? new Map<string, PublicMeeting>() : indexOf(previous.meetings);
  const kept: PublicMeeting[] = [];
  /** Each kept item's stored one (linkItems keeps the order and the IDs). */
  const olds: (PublicMeeting | undefined)[] = [];
  for (const item of next.meetings) {
    const old = before.get(idKey(item.id));
    if (item.status === "cancelled" && !old) continue;
    // Copied only when the public spelling differs: an item kept as it is keeps its origin (item-origin.ts).
    kept.push(old && old.id !== item.id ? { ...item, id: old.id } : item);
    olds.push(old);
  }
  const meetings = linkItems(kept, (item) => item).map((m, i) => {
    const old = olds[i];
    if (!old || meetingContent(old) !== meetingContent(m)) return m;
    // The same content and UID: the item as stored is this one, modified_at
    // carried over, in the schema's key order that the check gives it anyway,
    // so the check and the stored bytes find it as they left it.
    return old.uid === m.uid ? old : carryOrigin(m, { ...m, modified_at: old.modified_at });
  });
  return { ...next, meetings };
}

/**
 * A stored snapshot's items by idKey, once per list: the snapshot this
 * isolate last stored is the one every write merges with until it is replaced.
 */
const indexes = new WeakMap<readonly PublicMeeting[], ReadonlyMap<string, PublicMeeting>>();

function indexOf(items: readonly PublicMeeting[]): ReadonlyMap<string, PublicMeeting> {
  let index = indexes.get(items);
  if (index === undefined) {
    index = new Map(items.map((m) => [idKey(m.id), m]));
    indexes.set(items, index);
  }
  return index;
}
