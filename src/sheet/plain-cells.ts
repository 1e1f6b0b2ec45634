// Fast paths for the cell shapes nearly every row holds: each answers exactly
// what the general reader (fields.ts, text.ts, dates.ts, times.ts) answers for
// that shape, without its passes (NFKC, folding, several regular expressions,
// intermediate strings), and says "not mine" (null) for anything else, which
// then goes the general way. test/worker/sheet/plain-cells.test.ts compares
// each with its general reader on generated cells, tricky ones included.
import type { Cell } from "./types.ts";

/** A strict subset of what fields.ts's LOCAL, LABEL and TLD accept, all in ASCII with a lower-case domain. */
const PLAIN_ADDRESS =
  /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * parseEmail(cell) for a cell that is already a plain address, else null.
 * Equivalent: such a cell holds only [A-Za-z0-9_%+.@-], so fieldText leaves
 * it as it is (no space, nothing to fold, nothing outside PLAIN_FIELD), and
 * parseEmailText's first check returns it unchanged.
 */
export function plainAddress(cell: Cell): string | null {
  if (typeof cell !== "string" || cell.length > 254) return null;
  return PLAIN_ADDRESS.test(cell) && cell.indexOf("@") <= 64 ? cell : null;
}

/**
 * Plain for a list cell: what fieldText calls plain (printable ASCII, Arabic
 * letters), plus the separators splitList reads: new lines and the Arabic
 * comma and semicolon (NFKC leaves all of these as they are; fieldText folds
 * the two Arabic ones to "," and ";").
 */
const PLAIN_LIST = /^[\n\r\x20-\x7E\u060C\u061B\u0621-\u064A]*$/;

/**
 * splitList(cell) for a plain list cell, else null. Equivalent: in such a cell
 * the only white space is U+0020 and new lines, so the general way (new lines
 * to commas, fieldText's folding, split, trim) comes to cutting at each
 * separator, trimming each piece and folding its runs of spaces; done in one
 * pass, with one string a piece (none for a cell of one item) instead of five.
 */
export function plainList(cell: Cell): string[] | null {
  if (typeof cell !== "string" || !PLAIN_LIST.test(cell)) return null;
  const items: string[] = [];
  let from = 0;
  for (let i = 0; i <= cell.length; i++) {
    const code = i < cell.length ? cell.charCodeAt(i) : 0x2c;
    if (
      code === 0x2c || // ,
      code === 0x3b || // ;
      code === 0x0a ||
      code === 0x0d ||
      code === 0x060c || // ،
      code === 0x061b // ؛
    ) {
      if (i > from) {
        let item = cell.slice(from, i).trim();
        if (item.includes("  ")) item = item.replace(/ {2,}/g, " ");
        if (item !== "") items.push(item);
      }
      from = i + 1;
    }
  }
  return items;
}

/**
 * A reader of cells that answers the given words from answers the reader
 * itself gave them (so each is the general answer by construction), and asks
 * the reader for any other cell. The words are few and short: comparing them
 * in turn costs less than hashing the cell for a Map (a cell from the Sheets
 * API's JSON is a new string on every sync, its hash not yet computed).
 */
export function commonCells<T>(
  read: (cell: Cell) => T,
  words: readonly string[],
): (cell: Cell) => T {
  const answers = words.map(read);
  return (cell) => {
    if (typeof cell === "string") {
      for (let i = 0; i < words.length; i++) if (words[i] === cell) return answers[i] as T;
    }
    return read(cell);
  };
}
