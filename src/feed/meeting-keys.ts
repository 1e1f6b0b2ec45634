// Each meeting's JSON, made once per Meeting object and once per parsed list:
// the feed's per-row memos (snapshot.ts's pieces, hidden-texts.ts)
// and publish's inputs are keyed by it. The incremental sync's sheet shares
// every unchanged row's Meeting with the sync before it, so only the changed
// rows are serialised; a full sync's fresh objects are serialised once, by
// whichever of those asks first.
import type { Meeting, ParsedSheet } from "../sheet/types.ts";

const rowKeys = new WeakMap<readonly Meeting[], string[]>();
const meetingKey = new WeakMap<Meeting, string>();

/** The JSON of each of the sheet's meetings, in order. */
export function meetingKeys(parsed: ParsedSheet): readonly string[] {
  let keys = rowKeys.get(parsed.meetings);
  if (!keys) {
    keys = parsed.meetings.map((m) => {
      let key = meetingKey.get(m);
      if (key === undefined) {
        key = JSON.stringify(m);
        meetingKey.set(m, key);
      }
      return key;
    });
    rowKeys.set(parsed.meetings, keys);
  }
  return keys;
}
