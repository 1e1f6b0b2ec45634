// Liqaa's own tabs (Responses, Sync log, Schedule) against what a sync would
// write into them: a tab is written only when a row says something else
// (trimmed; a Sync log's Time aside), and then only in the blocks of rows whose
// cells are not already exactly what writing the whole tab would put there, so
// the tab ends as a whole write would leave it. Its own module because the
// Responses tab is a line per invitation, thousands of cells: a sync that
// changed one meeting's lines would otherwise compare every other line again
// and send every cell of the tab to Google again (the request's JSON alone is a
// large part of a one-cell sync's CPU).
//
// Memos across syncs, of frozen arrays only (a frozen array cannot change, so
// what was found of two of them stays true): how a values row compared with a
// grid row, by the rows and by their place in a frozen grid. The read hands on
// the same frozen grid and rows for the bytes it did not decode again, and the
// write-back the same frozen cells for the Responses lines the incremental
// sync hands on (write-back.ts cellsOfLine).
import type { Cell, Grid } from "../sheet/types.ts";

export interface TabWrite {
  title: string;
  /** The rows from `from` on (0 is the header), as wide as the tab's widest. */
  values: string[][];
  /** The first row written (0-based); 0 when absent. */
  from?: number;
}

export const cellText = (cell: Cell): string =>
  cell === null || cell === undefined ? "" : String(cell);

/** How a values row compares with a grid row: the same even exactly, the same trimmed, or not. */
const DIFFERS = 0;
const TRIMMED = 1;
const EXACT = 2;
type Likeness = typeof DIFFERS | typeof TRIMMED | typeof EXACT;

/** A frozen values row → the frozen grid row it was compared with, the column set aside, and the outcome. */
const compared = new WeakMap<
  readonly string[],
  { row: readonly Cell[]; ignore: number | null; likeness: Likeness }
>();

/**
 * A frozen grid → the values rows it was last compared with and how each
 * compared (undefined where either row was not frozen): the Responses tab
 * unchanged since the last sync is the same grid, and most of its lines the
 * same frozen values rows, so a row is looked up by its place, not compared.
 */
const byGrid = new WeakMap<
  Grid,
  { next: readonly (readonly string[])[]; found: (Likeness | undefined)[]; ignore: number | null }
>();

/**
 * Whether a grid row says what a values row does, cell by cell: EXACT when
 * every cell's text is the value (a missing cell is a blank one: the Sheets API
 * drops trailing empty cells), TRIMMED when they differ only in spaces around
 * them or in the `ignore` column, else DIFFERS.
 */
function likeness(
  cur: readonly Cell[] | undefined,
  next: readonly string[] | undefined,
  ignore: number | null,
): Likeness {
  const memo =
    cur !== undefined && next !== undefined && Object.isFrozen(cur) && Object.isFrozen(next);
  if (memo) {
    const known = compared.get(next);
    if (known !== undefined && known.row === cur && known.ignore === ignore) return known.likeness;
  }
  const x = cur ?? [];
  const y = next ?? [];
  let out: Likeness = EXACT;
  for (let j = 0; j < Math.max(x.length, y.length); j++) {
    const p = x[j];
    const q = y[j];
    if (p === q) continue;
    const a = cellText(p);
    const b = q ?? "";
    if (a === b) continue;
    out = TRIMMED;
    if (j !== ignore && a.trim() !== b.trim()) {
      out = DIFFERS;
      break;
    }
  }
  if (memo)
    compared.set(next as readonly string[], { row: cur as readonly Cell[], ignore, likeness: out });
  return out;
}

/**
 * A Liqaa-owned tab's writes: none when its content (minus the ignored column
 * below the header) says what `next` does; else the blocks of rows that are not
 * exactly `next`, padded to the tab's width, rows the last sync wrote beyond
 * this one's blanked, not left behind.
 */
export function tabWrite(
  title: string,
  current: Grid,
  next: readonly (readonly string[])[],
  ignoreColumn: number | null,
): TabWrite[] {
  const rows = Math.max(current.length, next.length);
  const exact: boolean[] = new Array(rows);
  // The same frozen grid as a sync before compared: its rows handed the same values rows are as they were.
  const grid = Object.isFrozen(current) ? current : null;
  const prior = grid === null ? undefined : byGrid.get(grid);
  const same = prior !== undefined && prior.ignore === ignoreColumn ? prior : null;
  const found: (Likeness | undefined)[] = new Array(rows);
  let changed = false;
  for (let i = 0; i < rows; i++) {
    const row = next[i];
    const known =
      same !== null && row !== undefined && same.next[i] === row ? same.found[i] : undefined;
    // Row 0 is the header: its Time column is a header, compared like the rest.
    const it = known ?? likeness(current[i], row, i === 0 ? null : ignoreColumn);
    // Kept for the next sync only where both rows are frozen (else undefined: compared again).
    if (grid !== null && row !== undefined && Object.isFrozen(row) && Object.isFrozen(current[i])) {
      found[i] = it;
    }
    if (it === DIFFERS) changed = true;
    exact[i] = it === EXACT;
  }
  // A copy of the list: only its rows, frozen, are known not to change.
  if (grid !== null) byGrid.set(grid, { next: next.slice(), found, ignore: ignoreColumn });
  if (!changed) return [];
  let width = next[0]?.length ?? 0;
  for (const row of current) if (row.length > width) width = row.length;
  const padded = (i: number) => {
    const row = next[i] ?? [];
    return Array.from({ length: width }, (_, j) => row[j] ?? "");
  };
  const writes: TabWrite[] = [];
  for (let i = 0; i < rows; ) {
    if (exact[i]) {
      i++;
      continue;
    }
    const from = i;
    const values: string[][] = [];
    for (; i < rows && !exact[i]; i++) values.push(padded(i));
    writes.push(from === 0 ? { title, values } : { title, values, from });
  }
  return writes;
}
