// Each meeting's JSON, made once per Meeting object and once per parsed list:
// the feed's per-row memos (snapshot.ts's pieces, hidden-texts.ts)
// and publish's inputs are keyed by it. The incremental sync's sheet shares
// every unchanged row's Meeting with the sync before it, so only the changed
// rows are serialised; a full sync's fresh objects are serialised once, by
// whichever of those asks first.
import type { Meeting, ParsedSheet } from "../sheet/types.ts";

const rowKeys = new WeakMap<readonly Meeting[], string[]>();
const meetingKey = new WeakMap<Meeting, string>();

/**
 * The last list of keys made: a row's new JSON that reads as the one at its
 * place there is handed out as that very string. Each memo keyed by it then
 * compares one string with itself instead of two ~1 KB texts: a full sync
 * parses every row anew, and the one-cell sync after it shares those rows.
 */
let lastKeys: readonly string[] = [];

/** The JSON of each of the sheet's meetings, in order. */
export function meetingKeys(parsed: ParsedSheet): readonly string[] {
  let keys = rowKeys.get(parsed.meetings);
  if (!keys) {
    const before = lastKeys;
    keys = parsed.meetings.map((m, i) => {
      let key = meetingKey.get(m);
      if (key === undefined) {
        const text = JSON.stringify(m);
        key = before[i] === text ? (before[i] as string) : text;
        meetingKey.set(m, key);
      }
      return key;
    });
    rowKeys.set(parsed.meetings, keys);
    lastKeys = keys;
  }
  return keys;
}
