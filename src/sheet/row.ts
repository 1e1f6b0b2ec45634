// One row of a tab, read through the tab's layout: cells by contract key, and
// the place (tab, row, header as written) a problem about a cell points at.
import type { Place } from "./problems.ts";
import { isBlank } from "./text.ts";
import type { Cell, TabLayout } from "./types.ts";

export interface RowReader<Key extends string> {
  /** The row number as the sheet shows it. */
  row: number;
  cell(key: Key): Cell;
  place(key: Key): Place;
  /** Whether every cell in the given columns is blank. */
  blank(keys: readonly Key[]): boolean;
}

export function rowReader<Key extends string>(
  layout: TabLayout<Key>,
  cells: readonly Cell[],
  row: number,
): RowReader<Key> {
  const cell = (key: Key): Cell => {
    const index = layout.columns[key];
    return index === undefined ? undefined : cells[index];
  };
  return {
    row,
    cell,
    place: (key) => {
      const index = layout.columns[key];
      return {
        tab: layout.title,
        row,
        column: index === undefined ? null : (layout.headers[index] ?? null),
      };
    },
    blank: (keys) => keys.every((key) => isBlank(cell(key))),
  };
}
