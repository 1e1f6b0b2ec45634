// One row of a tab, read through the tab's layout: cells by contract key or by
// column index, and the place (tab, row, header as written) a problem about a cell points at.
import { type Place, problem } from "./problems.ts";
import { isBlank } from "./text.ts";
import type { Bilingual, Cell, Problem, ProblemSeverity, TabLayout } from "./types.ts";

export interface RowReader<Key extends string> {
  /** The row number as the sheet shows it. */
  row: number;
  cell(key: Key): Cell;
  place(key: Key): Place;
  /** Whether every cell in the given columns is blank. */
  blank(keys: readonly Key[]): boolean;
}

// A class, not closures: one small object a row instead of four, because every
// row of every tab is read through one on each sync.
class Row<Key extends string> implements RowReader<Key> {
  readonly row: number;
  readonly #layout: TabLayout<Key>;
  readonly #cells: readonly Cell[];

  constructor(layout: TabLayout<Key>, cells: readonly Cell[], row: number) {
    this.row = row;
    this.#layout = layout;
    this.#cells = cells;
  }

  cell(key: Key): Cell {
    const index = this.#layout.columns[key];
    return index === undefined ? undefined : this.#cells[index];
  }

  place(key: Key): Place {
    const index = this.#layout.columns[key];
    return {
      tab: this.#layout.title,
      row: this.row,
      column: index === undefined ? null : (this.#layout.headers[index] ?? null),
    };
  }

  blank(keys: readonly Key[]): boolean {
    for (const key of keys) if (!isBlank(this.cell(key))) return false;
    return true;
  }
}

export function rowReader<Key extends string>(
  layout: TabLayout<Key>,
  cells: readonly Cell[],
  row: number,
): RowReader<Key> {
  return new Row(layout, cells, row);
}

/**
 * Where each contract column is in a tab, -1 when the tab has none: resolved
 * once from the header, so a row's cells are read by index, with no object per
 * row and no look-up by key per cell.
 */
export type ColumnIndex<Key extends string> = Readonly<Record<Key, number>>;

export function columnIndex<Key extends string>(
  layout: TabLayout<Key>,
  keys: readonly Key[],
): ColumnIndex<Key> {
  const index = {} as Record<Key, number>;
  for (const key of keys) index[key] = layout.columns[key] ?? -1;
  return index;
}

/** The cell at a column index (-1: the tab has no such column). */
export function cellAt(cells: readonly Cell[], index: number): Cell {
  return index < 0 ? undefined : cells[index];
}

/** The place of a cell given by column index, as RowReader.place gives it by key. */
export function placeAt(layout: TabLayout, row: number, index: number): Place {
  return { tab: layout.title, row, column: index < 0 ? null : (layout.headers[index] ?? null) };
}

/** Whether every cell at the given column indices is blank. */
export function blankAt(cells: readonly Cell[], indices: readonly number[]): boolean {
  for (const index of indices) if (!isBlank(cellAt(cells, index))) return false;
  return true;
}

/** A problem about the cell at a column index of a row. */
export function reportAt(
  problems: Problem[],
  layout: TabLayout,
  row: number,
  column: number,
  code: string,
  severity: ProblemSeverity,
  value: string | null,
  message: Bilingual,
): void {
  problems.push(problem(placeAt(layout, row, column), code, severity, value, message));
}
