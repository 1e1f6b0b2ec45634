// A Liqaa-owned tab written in the blocks of rows that differ must end as the
// whole tab written would, and the memo of frozen rows compared must never
// answer for a row it did not compare.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Cell } from "../../../src/sheet/types.ts";
import { cellText, tabWrite } from "../../../src/sync/tab-write.ts";

/** The grid after the writes, every cell as text, trailing blanks dropped as the Sheets API drops them. */
function applied(current: readonly (readonly Cell[])[], writes: ReturnType<typeof tabWrite>) {
  const grid = current.map((row) => row.map(cellText));
  for (const w of writes) {
    w.values.forEach((row, k) => {
      grid[(w.from ?? 0) + k] = [...row];
    });
  }
  // Rows left out between (blank, so not written) are blank rows.
  return trimmed(Array.from(grid, (row) => row ?? []));
}

function trimmed(grid: string[][]): string[][] {
  const rows = grid.map((row) => {
    const out = [...row];
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out;
  });
  while (rows.length > 0 && (rows[rows.length - 1] as string[]).length === 0) rows.pop();
  return rows;
}

const cell = fc.constantFrom("", "a", " a", "b", "سطر");
const grid = fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 8 });
/** What a sync writes: every row as wide as its header. */
const lines = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 });

describe("tabWrite", () => {
  it("leaves the tab as the whole tab written would", () => {
    fc.assert(
      fc.property(grid, lines, fc.boolean(), (current, next, freeze) => {
        if (freeze) for (const row of [...current, ...next]) Object.freeze(row);
        const writes = tabWrite("T", current, next, null);
        const differs =
          Math.max(current.length, next.length) > 0 &&
          trimmed(current.map((r) => r.map((c) => c.trim()))).join("|") !==
            trimmed(next.map((r) => r.map((c) => c.trim()))).join("|");
        if (!differs) {
          expect(writes).toEqual([]);
          return;
        }
        expect(applied(current, writes)).toEqual(trimmed(next.map((r) => [...r])));
      }),
    );
  });

  it("writes only the rows that changed", () => {
    const current = [["h"], ["a"], ["b"], ["c"], ["d"]];
    const writes = tabWrite("T", current, [["h"], ["a"], ["B"], ["c"]], null);
    expect(writes).toEqual([
      { title: "T", values: [["B"]], from: 2 },
      { title: "T", values: [[""]], from: 4 },
    ]);
  });

  it("compares a remembered frozen row again against another grid row", () => {
    const line = Object.freeze(["x", "1"]);
    const header = Object.freeze(["h", "n"]);
    const same = Object.freeze(["x", "1"]);
    expect(tabWrite("T", [header, same], [header, line], null)).toEqual([]);
    // The same values row, a new grid row that says something else: written.
    const other = Object.freeze(["x", "2"]);
    expect(tabWrite("T", [header, other], [header, line], null)).toEqual([
      { title: "T", values: [["x", "1"]], from: 1 },
    ]);
    // And against the first grid row again: the same as before.
    expect(tabWrite("T", [header, same], [header, line], null)).toEqual([]);
  });

  it("compares again a frozen grid's row when its place is handed another values row", () => {
    const header = Object.freeze(["h", "n"]);
    const grid = Object.freeze([header, Object.freeze(["x", "1"]), Object.freeze(["y", "2"])]);
    const x = Object.freeze(["x", "1"]);
    const y = Object.freeze(["y", "2"]);
    expect(tabWrite("T", grid, [header, x, y], null)).toEqual([]);
    expect(tabWrite("T", grid, [header, x, y], null)).toEqual([]);
    // The same grid, another frozen row in the second place: written.
    const z = Object.freeze(["y", "3"]);
    expect(tabWrite("T", grid, [header, x, z], null)).toEqual([
      { title: "T", values: [["y", "3"]], from: 2 },
    ]);
    // The list handed over changed afterwards: what was found of it is not taken for the new rows.
    const list = [header, x, y];
    expect(tabWrite("T", grid, list, null)).toEqual([]);
    list[1] = Object.freeze(["w", "1"]);
    expect(tabWrite("T", grid, list, null)).toEqual([
      { title: "T", values: [["w", "1"]], from: 1 },
    ]);
    // Another column set aside is compared anew.
    expect(tabWrite("T", grid, [header, Object.freeze(["x", "9"]), y], 1)).toEqual([]);
  });

  it("sets the ignored column aside below the header, and writes it when a row differs", () => {
    const current = [
      ["time", "v"],
      ["10:00", "a"],
    ];
    expect(
      tabWrite(
        "T",
        current,
        [
          ["time", "v"],
          ["10:05", "a"],
        ],
        0,
      ),
    ).toEqual([]);
    expect(
      tabWrite(
        "T",
        current,
        [
          ["time", "v"],
          ["10:05", "b"],
        ],
        0,
      ),
    ).toEqual([{ title: "T", values: [["10:05", "b"]], from: 1 }]);
  });
});
