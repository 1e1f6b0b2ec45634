// A batchGet answer that differs from the last one only in a few rows (staff
// edited a cell or a row) is read without decoding and parsing all of it:
// decoding ~600 KB of Arabic text and parsing it costs ~5 ms of the Worker's
// 10 ms. Only the new bytes of the touched rows are decoded and parsed; every
// other row is the previous answer's (frozen) array, so later steps that check
// `a === b` first find them unchanged for nothing. Anything this cannot prove
// gives null, and the caller reads the whole answer as before.
import { indexAnswer, type RangeIndex, scanRows } from "./answer-index.ts";
import { type BatchGet, isRowOfCells } from "./batch-get-answer.ts";
import { sameRun, sameRunBack } from "./bytes.ts";

type Cell = BatchGet["valueRanges"][number]["values"][number][number];

/** Each answer's row positions, found once and moved along with later answers (by value, as handed out). */
const indexes = new WeakMap<BatchGet, RangeIndex[]>();

/** Where `part` first occurs in `b` from `from` on; -1 if nowhere. */
function find(b: Uint8Array, part: Uint8Array, from: number): number {
  for (
    let i = b.indexOf(part[0] as number, from);
    i >= 0;
    i = b.indexOf(part[0] as number, i + 1)
  ) {
    if (i + part.length > b.length) return -1;
    let k = 1;
    while (k < part.length && b[i + k] === part[k]) k++;
    if (k === part.length) return i;
  }
  return -1;
}

/** The last index whose value is at most x (-1 if none), in ascending numbers. */
function lastAtMost(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The first index whose value is at least x (xs.length if none). */
function firstAtLeast(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// A byte order mark inside the answer is a character (and not JSON): kept, so the parse refuses it.
const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * One range's changed bytes, old[p, end): the bytes before p lie `before`
 * further on in the new answer, those from `end` on `after` further on.
 */
interface Change {
  k: number;
  p: number;
  end: number;
  before: number;
  after: number;
}

/** A range's rows after a change: the old rows [first, keep) replaced by `fresh`, at `starts`/`ends`. */
interface Patched {
  first: number;
  keep: number;
  fresh: Cell[][];
  starts: number[];
  ends: number[];
}

/** The touched rows' new bytes, parsed and checked; null when they are not rows that fit there. */
function patch(at: RangeIndex, change: Change, bytes: Uint8Array): Patched | null {
  // From the start of the row the change begins in to the end of the one it ends in.
  const first = lastAtMost(at.starts, change.p);
  const last = firstAtLeast(at.ends, change.end);
  const from = first < 0 ? at.open + 1 : (at.starts[first] as number);
  const to = last >= at.ends.length ? at.close : (at.ends[last] as number);
  const firstRow = Math.max(first, 0);
  const lastRow = Math.min(last, at.ends.length - 1);
  if (from + change.before > to + change.after) return null;

  const rows = scanRows(bytes, from + change.before, to + change.after);
  if (rows === null) return null;
  // No rows at all only where nothing stays on either side: else a comma would be left dangling.
  if (rows.starts.length === 0 && (firstRow > 0 || lastRow < at.ends.length - 1)) return null;
  let parsed: unknown;
  try {
    const text = utf8.decode(bytes.subarray(from + change.before, to + change.after));
    parsed = JSON.parse(`[${text}]`);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== rows.starts.length) return null;
  for (const row of parsed as unknown[]) {
    if (!isRowOfCells(row)) return null;
    Object.freeze(row);
  }
  return { first: firstRow, keep: lastRow + 1, fresh: parsed as Cell[][], ...rows };
}

/**
 * Where the answers differ, range by range: from the first differing byte to
 * the end of its range, where the bytes that followed the range in the old
 * answer (the next range's header) come again, and so on to the last.
 */
function changes(old: Uint8Array, bytes: Uint8Array, index: RangeIndex[]): Change[] | null {
  const total = bytes.length - old.length;
  const limit = Math.min(old.length, bytes.length);
  let p = sameRun(old, 0, bytes, 0, limit);
  const oldEnd = old.length - sameRunBack(old, old.length, bytes, total, limit - p);
  const found: Change[] = [];
  for (let before = 0; ; ) {
    if (p >= old.length) return before === total ? found : null;
    const k = index.findIndex((r) => r.open >= 0 && r.open < p && p <= r.close);
    const at = index[k];
    if (at === undefined) return null;
    const end = Math.max(oldEnd, p);
    if (end <= at.close) {
      found.push({ k, p, end, before, after: total });
      return found;
    }
    // The change goes on past this range: the bytes up to the next range's rows must come again.
    const next = index.find((r, i) => i > k && r.open >= 0);
    if (next === undefined) return null;
    const head = find(bytes, old.subarray(at.close, next.open + 1), p + before);
    if (head < 0) return null;
    const after = head - at.close;
    const tail = sameRunBack(
      old,
      at.close,
      bytes,
      after,
      Math.min(at.close - p, head - p - before),
    );
    found.push({ k, p, end: at.close - tail, before, after });
    const from = next.open + 1;
    p =
      from +
      sameRun(
        old,
        from,
        bytes,
        after,
        Math.max(0, Math.min(old.length, bytes.length - after) - from),
      );
    before = after;
  }
}

/**
 * The answer `bytes` as parsed, from the last answer and the rows that
 * changed; null when a change is not within ranges' rows (a range's name, the
 * structure around them) or anything is not as expected.
 */
export function deltaBatchGet(
  prev: { bytes: Uint8Array; value: BatchGet },
  bytes: Uint8Array,
): BatchGet | null {
  let index = indexes.get(prev.value);
  if (index === undefined) {
    const made = indexAnswer(prev.bytes);
    if (made === null || made.length !== prev.value.valueRanges.length) return null;
    index = made;
    indexes.set(prev.value, index);
  }
  const found = changes(prev.bytes, bytes, index);
  if (found === null) return null;
  // The same bytes (the caller compares them first; this keeps the function whole).
  if (found.length === 0) return prev.value;

  const valueRanges = prev.value.valueRanges.slice();
  const next = index.slice();
  let shift = 0;
  const move = (xs: number[], by: number) => (by === 0 ? xs : xs.map((x) => x + by));
  let c = 0;
  for (let k = 0; k < index.length; k++) {
    const at = index[k] as RangeIndex;
    const change = found[c];
    if (change?.k !== k) {
      // A range without values has no place to move.
      if (shift !== 0 && at.open >= 0) {
        const { open, close, starts, ends } = at;
        next[k] = {
          open: open + shift,
          close: close + shift,
          starts: move(starts, shift),
          ends: move(ends, shift),
        };
      }
      continue;
    }
    c++;
    const was = prev.value.valueRanges[k];
    if (was === undefined || was.values.length !== at.starts.length) return null;
    const done = patch(at, change, bytes);
    if (done === null) return null;
    const values = [
      ...was.values.slice(0, done.first),
      ...done.fresh,
      ...was.values.slice(done.keep),
    ];
    valueRanges[k] = Object.freeze({ range: was.range, values: Object.freeze(values) as Cell[][] });
    next[k] = {
      open: at.open + change.before,
      close: at.close + change.after,
      starts: [
        ...move(at.starts.slice(0, done.first), change.before),
        ...done.starts,
        ...move(at.starts.slice(done.keep), change.after),
      ],
      ends: [
        ...move(at.ends.slice(0, done.first), change.before),
        ...done.ends,
        ...move(at.ends.slice(done.keep), change.after),
      ],
    };
    shift = change.after;
  }
  if (c !== found.length) return null;
  // Frozen as the whole read's value is: the same value may be handed out again.
  const value: BatchGet = Object.freeze({
    valueRanges: Object.freeze(valueRanges) as BatchGet["valueRanges"],
  });
  indexes.set(value, next);
  return value;
}
