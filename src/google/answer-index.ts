// Where the rows of a batchGet answer lie in its bytes, for the delta read
// (delta-answer.ts): a small scanner of the answer's JSON that knows strings,
// their escapes and the lists of the answer's shape, and nothing else.

/** Where one range's rows lie in an answer's bytes: each row from its `[` to just after its `]`. */
export interface RangeIndex {
  /** The `[` that opens the range's values; -1 when the answer has no values for it. */
  open: number;
  /** The `]` that closes them. */
  close: number;
  starts: number[];
  ends: number[];
}

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
export function scanRows(
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
