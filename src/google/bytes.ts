// Comparing the bytes of Google's answers: whether two are the same (the read's
// memo, the unchanged digest) and how long a stretch two share (the delta read),
// four bytes at a time.

/**
 * `b`, or a copy of it placed so that b[i + shift] and a[i] lie alike within
 * four bytes: then both are compared a word at a time. A native copy costs
 * far less than comparing byte by byte.
 */
function alignedWith(a: Uint8Array, b: Uint8Array, shift: number): Uint8Array {
  const want = (a.byteOffset - shift) & 3;
  if ((b.byteOffset & 3) === want) return b;
  const c = new Uint8Array(b.length + 4).subarray(want, want + b.length);
  c.set(b);
  return c;
}

/** How many bytes from a[from] on equal those from b[from + shift] on, at most `limit`. */
export function sameRun(
  a: Uint8Array,
  from: number,
  b: Uint8Array,
  shift: number,
  limit: number,
): number {
  const c = alignedWith(a, b, shift);
  let n = 0;
  while (n < limit && ((a.byteOffset + from + n) & 3) !== 0) {
    if (a[from + n] !== c[from + n + shift]) return n;
    n++;
  }
  const words = (limit - n) >>> 2;
  if (words > 0) {
    const wa = new Uint32Array(a.buffer, a.byteOffset + from + n, words);
    const wc = new Uint32Array(c.buffer, c.byteOffset + from + n + shift, words);
    let w = 0;
    while (w < words && wa[w] === wc[w]) w++;
    n += w << 2;
  }
  while (n < limit && a[from + n] === c[from + n + shift]) n++;
  return n;
}

/** How many bytes before a[end] equal those before b[end + shift], at most `limit`. */
export function sameRunBack(
  a: Uint8Array,
  end: number,
  b: Uint8Array,
  shift: number,
  limit: number,
): number {
  const c = alignedWith(a, b, shift);
  let n = 0;
  while (n < limit && ((a.byteOffset + end - n) & 3) !== 0) {
    if (a[end - 1 - n] !== c[end - 1 - n + shift]) return n;
    n++;
  }
  const words = (limit - n) >>> 2;
  if (words > 0) {
    const wa = new Uint32Array(a.buffer, a.byteOffset + end - n - words * 4, words);
    const wc = new Uint32Array(c.buffer, c.byteOffset + end - n - words * 4 + shift, words);
    let w = words - 1;
    while (w >= 0 && wa[w] === wc[w]) w--;
    n += (words - 1 - w) << 2;
  }
  while (n < limit && a[end - 1 - n] === c[end - 1 - n + shift]) n++;
  return n;
}

/** Whether two byte strings are the same. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || (a.length === b.length && sameRun(a, 0, b, 0, a.length) === a.length);
}
