// Finding the contract's tabs and columns in a workbook: tab titles and
// headers in English or Arabic, any order, any case, with or without tatweel,
// diacritics and stray spaces. What is missing becomes a problem, not a crash.
import { type ColumnDef, normalizeHeader, TABS, type TabKey } from "./contract.ts";
import { MESSAGES, problem } from "./problems.ts";
import { cleanText } from "./text.ts";
import type { Cell, Grid, Problem, TabLayout, Workbook } from "./types.ts";

export interface FoundTab {
  title: string;
  grid: Grid;
}

/** The workbook's tab for a contract tab, by either name; a second match is reported and ignored. */
export function findTab(workbook: Workbook, key: TabKey, problems: Problem[]): FoundTab | null {
  const names = new Set([normalizeHeader(TABS[key].en), normalizeHeader(TABS[key].ar)]);
  let found: FoundTab | null = null;
  for (const [title, grid] of Object.entries(workbook ?? {})) {
    if (!names.has(normalizeHeader(title))) continue;
    if (found === null) {
      found = { title, grid: Array.isArray(grid) ? grid : [] };
    } else {
      problems.push(
        problem(
          { tab: title, row: null, column: null },
          "tab.duplicate",
          "warning",
          null,
          MESSAGES["tab.duplicate"](title, found.title),
        ),
      );
    }
  }
  return found;
}

/** One row of a grid as an array, whatever the grid holds there. */
export function rowAt(grid: Grid, index: number): readonly Cell[] {
  const row = grid[index];
  return Array.isArray(row) ? row : [];
}

/** Maps the header row to contract keys; reports repeated columns and each missing required one. */
export function readLayout<Key extends string>(
  found: FoundTab,
  columns: readonly ColumnDef<Key>[],
  problems: Problem[],
): { layout: TabLayout<Key>; missing: ColumnDef<Key>[] } {
  const headerRow = rowAt(found.grid, 0);
  const headers = Array.from(headerRow, (cell) => cleanText(cell));
  const byName = new Map<string, Key>();
  for (const column of columns) {
    byName.set(normalizeHeader(column.en), column.key);
    byName.set(normalizeHeader(column.ar), column.key);
  }
  const layout: TabLayout<Key> = { title: found.title, columns: {}, headers };
  headers.forEach((header, index) => {
    const key = byName.get(normalizeHeader(header));
    if (key === undefined) return;
    if (layout.columns[key] !== undefined) {
      problems.push(
        problem(
          { tab: found.title, row: 1, column: header },
          "column.duplicate",
          "warning",
          header,
          MESSAGES["column.duplicate"](header),
        ),
      );
      return;
    }
    layout.columns[key] = index;
  });
  const missing = columns.filter(
    (column) => column.required && layout.columns[column.key] === undefined,
  );
  return { layout, missing };
}

/** The problem for a required column that is not there. */
export function missingColumnProblem(tab: string, column: ColumnDef): Problem {
  return problem(
    { tab, row: 1, column: column.en },
    "column.missing",
    "error",
    null,
    MESSAGES["column.missing"](column.en, column.ar),
  );
}

/** The problem for a tab that is not there. */
export function missingTabProblem(key: TabKey, severity: "error" | "warning"): Problem {
  return problem(
    { tab: TABS[key].en, row: null, column: null },
    "tab.missing",
    severity,
    null,
    MESSAGES["tab.missing"](TABS[key].en, TABS[key].ar),
  );
}
