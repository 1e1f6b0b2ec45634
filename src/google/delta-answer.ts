// A batchGet answer that differs from the last one only in a few rows (staff
// edited a cell or a row) is read without decoding and parsing all of it:
// decoding ~600 KB of Arabic text and parsing it costs ~5 ms of the Worker's
// 10 ms. Only the new bytes of the touched rows are decoded and parsed; every
// other row is the previous answer's (frozen) array, so later steps that check
// `a === b` first find them unchanged for nothing. Anything this cannot prove
// gives null, and the caller reads the whole answer as before.
import type { BatchGet } from "./batch-get-answer.ts";

type Cell = BatchGet["valueRanges"][number]["values"][number][number];

/** Where one range's rows lie in an answer's bytes: each row from its `[` to just after its `]`. */
interface RangeIndex {
  /** The `[` that opens the range's values; -1 when the answer has no values for it. */
  open: number;
  /** The `]` that closes them. */
  close: number;
  starts: number[];
  ends: number[];
}

/** Each answer's row positions, found once and moved along with later answers (by value, as handed out). */
const indexes = new WeakMap<BatchGet, RangeIndex[]>();

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BRACE = 0x7b;
const END_BRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSpace(b[i])) i++;
  return i;
}

/**
 * Just past the string whose opening quote is at i; -1 if it does not end
 * before `end`. The closing quote is found by the native search, and a quote
 * after an odd run of backslashes is escaped: text is most of an answer's bytes.
 */
function skipString(b: Uint8Array, i: number, end: number): number {
  for (;;) {
    const q = b.indexOf(QUOTE, i + 1);
    if (q < 0 || q >= end) return -1;
    let n = 0;
    while (b[q - 1 - n] === BACKSLASH) n++;
    if ((n & 1) === 0) return q + 1;
    i = q;
  }
}

/** Just past a number, true, false or null: up to the next delimiter. */
function skipScalar(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i];
    if (c === COMMA || c === CLOSE || c === END_BRACE || isSpace(c)) break;
    if (c === QUOTE || c === OPEN || c === BRACE || c === COLON) return -1;
    i++;
  }
  return i;
}

/** Just past any JSON value starting at i (its contents are not checked: the answer parsed). */
function skipValue(b: Uint8Array, i: number, end: number): number {
  if (b[i] === QUOTE) return skipString(b, i, end);
  if (b[i] !== OPEN && b[i] !== BRACE) return skipScalar(b, i, end);
  let depth = 0;
  while (i < end) {
    const c = b[i];
    if (c === QUOTE) {
      i = skipString(b, i, end);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN || c === BRACE) depth++;
    else if (c === CLOSE || c === END_BRACE) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/**
 * The rows between `from` and `to`, where `from` is at the level of a values
 * list, outside any string: each a list of scalars, separated by commas. Null
 * when the bytes are anything else (a row of lists, a stray comma).
 */
function scanRows(
  b: Uint8Array,
  from: number,
  to: number,
): { starts: number[]; ends: number[] } | null {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = skipSpace(b, from, to);
  while (i < to) {
    if (starts.length > 0) {
      if (b[i] !== COMMA) return null;
      i = skipSpace(b, i + 1, to);
    }
    if (b[i] !== OPEN) return null;
    starts.push(i);
    i = skipSpace(b, i + 1, to);
    let cells = 0;
    while (i < to && b[i] !== CLOSE) {
      if (cells > 0) {
        if (b[i] !== COMMA) return null;
        i = skipSpace(b, i + 1, to);
      }
      i = b[i] === QUOTE ? skipString(b, i, to) : skipScalar(b, i, to);
      if (i < 0 || i > to) return null;
      i = skipSpace(b, i, to);
      cells++;
    }
    if (i >= to) return null;
    ends.push(i + 1);
    i = skipSpace(b, i + 1, to);
  }
  return { starts, ends };
}

/**
 * The rows of the values list opening at `open` in an answer that parsed: each
 * `[` and `]` outside strings, one level deep. Faster than scanRows, which
 * checks every comma, because the answer is already known to be JSON.
 */
function indexRows(b: Uint8Array, open: number): RangeIndex | null {
  const starts: number[] = [];
  const ends: number[] = [];
  let inRow = false;
  for (let i = open + 1; i < b.length; i++) {
    const c = b[i];
    if (c === QUOTE) {
      i = skipString(b, i, b.length) - 1;
      if (i < 0) return null;
    } else if (c === OPEN) {
      if (inRow) return null;
      inRow = true;
      starts.push(i);
    } else if (c === CLOSE) {
      if (!inRow) return { open, close: i, starts, ends };
      inRow = false;
      ends.push(i + 1);
    } else if (c === BRACE || c === END_BRACE) return null;
  }
  return null;
}

/** Whether the key at i (a quoted string, no escapes) is `name`. */
function keyIs(b: Uint8Array, i: number, after: number, name: string): boolean {
  if (after - i !== name.length + 2) return false;
  for (let k = 0; k < name.length; k++) if (b[i + 1 + k] !== name.charCodeAt(k)) return false;
  return true;
}

/**
 * Calls `onKey` for each key of the object opening at i, with the position of
 * its value; `onKey` answers where the value ends. Keys with escapes, or any
 * key twice, make it null: only plain answers are indexed.
 */
function walkObject(
  b: Uint8Array,
  i: number,
  onKey: (key: number, keyEnd: number, value: number) => number,
): number {
  const end = b.length;
  if (b[i] !== BRACE) return -1;
  i = skipSpace(b, i + 1, end);
  const seen = new Set<string>();
  let first = true;
  while (b[i] !== END_BRACE) {
    if (!first) {
      if (b[i] !== COMMA) return -1;
      i = skipSpace(b, i + 1, end);
    }
    first = false;
    if (b[i] !== QUOTE) return -1;
    const keyEnd = skipString(b, i, end);
    if (keyEnd < 0) return -1;
    if (keyEnd - i > 64) return -1;
    const key = String.fromCharCode(...b.subarray(i + 1, keyEnd - 1));
    if (key.includes("\\") || seen.has(key)) return -1;
    seen.add(key);
    const colon = skipSpace(b, keyEnd, end);
    if (b[colon] !== COLON) return -1;
    const after = onKey(i, keyEnd, skipSpace(b, colon + 1, end));
    if (after < 0) return -1;
    i = skipSpace(b, after, end);
  }
  return i + 1;
}

/** Where every range's rows are in an answer; null for an answer not of the plain shape. */
export function indexAnswer(b: Uint8Array): RangeIndex[] | null {
  const ranges: RangeIndex[] = [];
  // The decoder drops a leading byte order mark; so does this scan.
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const end = walkObject(b, skipSpace(b, bom, b.length), (key, keyEnd, value) => {
    if (!keyIs(b, key, keyEnd, "valueRanges")) return skipValue(b, value, b.length);
    if (b[value] !== OPEN) return -1;
    let i = skipSpace(b, value + 1, b.length);
    while (b[i] !== CLOSE) {
      if (ranges.length > 0) {
        if (b[i] !== COMMA) return -1;
        i = skipSpace(b, i + 1, b.length);
      }
      const range: RangeIndex = { open: -1, close: -1, starts: [], ends: [] };
      ranges.push(range);
      i = walkObject(b, i, (k, kEnd, v) => {
        if (!keyIs(b, k, kEnd, "values")) return skipValue(b, v, b.length);
        const rows = b[v] === OPEN ? indexRows(b, v) : null;
        if (rows === null) return -1;
        Object.assign(range, rows);
        return rows.close + 1;
      });
      if (i < 0) return -1;
      i = skipSpace(b, i, b.length);
    }
    return i + 1;
  });
  return end < 0 || skipSpace(b, end, b.length) !== b.length ? null : ranges;
}

/** How many leading bytes two answers share, compared four at a time where both are aligned. */
function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = n >>> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    let w = 0;
    while (w < words && wa[w] === wb[w]) w++;
    i = w << 2;
  }
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * How many trailing bytes they share, at most `limit` (so the two never
 * overlap the prefix). Compared four at a time: when the two ends are not
 * aligned alike, `b` is first copied to where it is (a native copy is cheaper
 * than comparing byte by byte).
 */
function commonSuffix(a: Uint8Array, b: Uint8Array, limit: number): number {
  const endA = a.byteOffset + a.length;
  const skew = (endA - (b.byteOffset + b.length)) & 3;
  let c = b;
  if (skew !== 0) {
    c = new Uint8Array(b.length + 4).subarray(skew, skew + b.length);
    c.set(b);
  }
  const endC = c.byteOffset + c.length;
  let s = 0;
  while (s < limit && ((endA - s) & 3) !== 0) {
    if (a[a.length - 1 - s] !== c[c.length - 1 - s]) return s;
    s++;
  }
  const words = (limit - s) >>> 2;
  if (words > 0) {
    const wa = new Uint32Array(a.buffer, endA - s - words * 4, words);
    const wc = new Uint32Array(c.buffer, endC - s - words * 4, words);
    let w = words - 1;
    while (w >= 0 && wa[w] === wc[w]) w--;
    s += (words - 1 - w) * 4;
  }
  while (s < limit && a[a.length - 1 - s] === c[c.length - 1 - s]) s++;
  return s;
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

function isRowOfCells(row: unknown): row is Cell[] {
  if (!Array.isArray(row)) return false;
  for (const cell of row as unknown[]) {
    const type = typeof cell;
    if (type !== "string" && type !== "number" && type !== "boolean" && cell !== null) return false;
  }
  return true;
}

/**
 * The answer `bytes` as parsed, from the last answer and the rows that
 * changed; null when the change is not within one range's rows (a range's
 * name, the structure around them) or anything is not as expected.
 */
export function deltaBatchGet(
  prev: { bytes: Uint8Array; value: BatchGet },
  bytes: Uint8Array,
): BatchGet | null {
  const old = prev.bytes;
  let index = indexes.get(prev.value);
  if (index === undefined) {
    const found = indexAnswer(old);
    if (found === null || found.length !== prev.value.valueRanges.length) return null;
    index = found;
    indexes.set(prev.value, index);
  }
  const p = commonPrefix(old, bytes);
  if (p === old.length && p === bytes.length) return prev.value;
  const s = commonSuffix(old, bytes, Math.min(old.length, bytes.length) - p);
  const oldEnd = old.length - s;
  const shift = bytes.length - old.length;

  // The one range whose rows hold every changed byte (between its brackets).
  const k = index.findIndex((r) => r.open >= 0 && r.open < p && oldEnd <= r.close);
  const at = index[k];
  const was = prev.value.valueRanges[k];
  if (at === undefined || was === undefined || was.values.length !== at.starts.length) return null;

  // From the start of the row the change begins in to the end of the one it ends in.
  const first = lastAtMost(at.starts, p);
  const last = firstAtLeast(at.ends, oldEnd);
  const from = first < 0 ? at.open + 1 : (at.starts[first] as number);
  const to = last >= at.ends.length ? at.close : (at.ends[last] as number);
  const firstRow = Math.max(first, 0);
  const lastRow = Math.min(last, at.ends.length - 1);

  const rows = scanRows(bytes, from, to + shift);
  if (rows === null) return null;
  // No rows at all only where nothing stays on either side: else a comma would be left dangling.
  if (rows.starts.length === 0 && (firstRow > 0 || lastRow < at.ends.length - 1)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(`[${utf8.decode(bytes.subarray(from, to + shift))}]`);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== rows.starts.length) return null;
  for (const row of parsed as unknown[]) {
    if (!isRowOfCells(row)) return null;
    Object.freeze(row);
  }
  const fresh = parsed as Cell[][];

  const keep = lastRow + 1;
  const values = [...was.values.slice(0, firstRow), ...fresh, ...was.values.slice(keep)];
  const valueRanges = prev.value.valueRanges.slice();
  valueRanges[k] = { range: was.range, values };
  const value: BatchGet = { valueRanges };
  // Frozen as the whole read's value is: the same value may be handed out again.
  for (const o of [values, valueRanges[k], valueRanges, value]) Object.freeze(o);

  // The rows' places in the new answer: those after the change moved by its length.
  const move = (xs: number[]) => xs.map((x) => x + shift);
  const next = index.map((r, i): RangeIndex => {
    if (i < k) return r;
    if (i > k) {
      return {
        open: r.open + shift,
        close: r.close + shift,
        starts: move(r.starts),
        ends: move(r.ends),
      };
    }
    return {
      open: r.open,
      close: r.close + shift,
      starts: [...r.starts.slice(0, firstRow), ...rows.starts, ...move(r.starts.slice(keep))],
      ends: [...r.ends.slice(0, firstRow), ...rows.ends, ...move(r.ends.slice(keep))],
    };
  });
  indexes.set(value, next);
  return value;
}
