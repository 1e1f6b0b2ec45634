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
