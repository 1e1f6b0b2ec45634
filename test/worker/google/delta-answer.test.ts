// The delta read of a batchGet answer (src/google/delta-answer.ts) is an
// optimisation of decoding and parsing the whole answer: for any edit of a
// workbook it gives exactly what the whole parse gives, or nothing; for the
// usual edit (one cell) it does give it, and keeps every other row as it was.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BatchGet } from "../../../src/google/batch-get-answer.ts";
import { deltaBatchGet } from "../../../src/google/delta-answer.ts";
import { quickBatchGet } from "../../../src/google/sheets-client.ts";

type Cell = BatchGet["valueRanges"][number]["values"][number][number];
type Rows = Cell[][];
interface Range {
  range: string;
  values: Rows;
  /** Google leaves `values` out of a range with no cells. */
  omit: boolean;
}
interface Form {
  pretty: boolean;
  /** Every character past ASCII written as a \u escape, as some encoders do. */
  ascii: boolean;
}

const piece = fc.constantFrom(
  "a",
  "Z",
  " ",
  '"',
  "\\",
  "\n",
  "\t",
  "\u0000",
  "/",
  ",",
  "[",
  "]",
  "{",
  "}",
  ":",
  "ا",
  "لقاء",
  "😀",
  "\u2028",
  "\ufeff",
  "1",
  "-",
);
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
const cell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: fc.integer({ min: -100_000, max: 100_000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const row = fc.array(cell, { maxLength: 5 });
const rows = fc.array(row, { maxLength: 8 });
const rangeName = fc.constantFrom("'الإعدادات'!A1:B9", "Sheet1!A1:Z", "'Sync log'!A1:F3", "'a''b'");
const workbook = fc.array(fc.record({ range: rangeName, values: rows, omit: fc.boolean() }), {
  minLength: 1,
  maxLength: 5,
});
const form = fc.record({ pretty: fc.boolean(), ascii: fc.boolean() });

/** The answer's bytes as Google would send them. */
function serialise(ranges: Range[], how: Form): Uint8Array {
  const valueRanges = ranges.map(({ range, values, omit }) =>
    omit && values.length === 0
      ? { range, majorDimension: "ROWS" }
      : { range, majorDimension: "ROWS", values },
  );
  let json = JSON.stringify({ spreadsheetId: "sheet-1", valueRanges }, null, how.pretty ? 2 : 0);
  if (how.ascii) {
    json = json.replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  return new TextEncoder().encode(json);
}

function deepFrozen<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFrozen(v);
    Object.freeze(value);
  }
  return value;
}

/** What the client gives without the delta: the whole answer decoded, parsed and checked. */
function whole(bytes: Uint8Array): BatchGet {
  const value = quickBatchGet(JSON.parse(new TextDecoder().decode(bytes)));
  if (value === null) throw new Error("not an answer");
  return deepFrozen(value);
}

type Edit =
  | { kind: "cell"; range: number; row: number; col: number; to: Cell }
  | { kind: "insert"; range: number; at: number; rows: Rows }
  | { kind: "delete"; range: number; at: number; count: number }
  | { kind: "append"; range: number; row: Cell[] }
  | { kind: "pop"; range: number }
  | { kind: "rename"; range: number; to: string }
  | { kind: "empty"; range: number }
  | { kind: "widen"; range: number; row: number; add: Cell[] }
  | { kind: "both"; edits: Edit[] };

const index = fc.nat({ max: 20 });
const cellEdit = fc.record({
  kind: fc.constant("cell" as const),
  range: index,
  row: index,
  col: index,
  to: cell,
});
const single: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: cellEdit,
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("insert"),
      range: index,
      at: index,
      rows: fc.array(row, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("delete"),
      range: index,
      at: index,
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("append"), range: index, row }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("pop"), range: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rename"), range: index, to: rangeName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("empty"), range: index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("widen"),
      range: index,
      row: index,
      add: fc.array(cell, { minLength: 1, maxLength: 2 }),
    }),
  },
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: single },
  {
    weight: 2,
    arbitrary: fc.array(cellEdit, { minLength: 2, maxLength: 3 }).map((edits) => ({
      kind: "both" as const,
      edits,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.array(single, { minLength: 2, maxLength: 3 }).map((edits) => ({
      kind: "both" as const,
      edits,
    })),
  },
);

/** What an edit touched: the ranges, and for cell edits only the cells' rows (else null). */
interface Applied {
  ranges: Range[];
  touched: Set<number>;
  cells: [number, number][] | null;
}

/** The workbook after the edit. */
function apply(ranges: Range[], e: Edit): Applied {
  if (e.kind === "both") {
    let out: Applied = { ranges, touched: new Set(), cells: [] };
    for (const one of e.edits) {
      const step = apply(out.ranges, one);
      out = {
        ranges: step.ranges,
        touched: new Set([...out.touched, ...step.touched]),
        cells: out.cells && step.cells ? [...out.cells, ...step.cells] : null,
      };
    }
    return out;
  }
  const next = ranges.map((r) => ({ ...r, values: r.values.map((v) => [...v]) }));
  const r = next[e.range % next.length] as Range;
  const k = e.range % next.length;
  const n = r.values.length;
  const touched = new Set([k]);
  switch (e.kind) {
    case "cell": {
      const target = n === 0 ? undefined : r.values[e.row % n];
      if (target === undefined || target.length === 0) return { ranges: next, touched, cells: [] };
      target[e.col % target.length] = e.to;
      return { ranges: next, touched, cells: [[k, e.row % n]] };
    }
    case "insert":
      r.values.splice(e.at % (n + 1), 0, ...e.rows);
      break;
    case "delete":
      r.values.splice(e.at % (n + 1), e.count);
      break;
    case "append":
      r.values.push(e.row);
      break;
    case "pop":
      r.values.pop();
      break;
    case "rename":
      r.range = e.to;
      break;
    case "empty":
      r.values = [];
      break;
    case "widen":
      if (n > 0) r.values[e.row % n]?.push(...e.add);
      break;
  }
  return { ranges: next, touched, cells: null };
}

function expectFrozen(value: BatchGet) {
  expect(Object.isFrozen(value)).toBe(true);
  expect(Object.isFrozen(value.valueRanges)).toBe(true);
  for (const range of value.valueRanges) {
    expect(Object.isFrozen(range)).toBe(true);
    expect(Object.isFrozen(range.values)).toBe(true);
    for (const r of range.values) expect(Object.isFrozen(r)).toBe(true);
  }
}

describe("deltaBatchGet", () => {
  it("gives what the whole parse gives, or nothing, through a run of edits", () => {
    let taken = 0;
    let cells = 0;
    fc.assert(
      fc.property(
        workbook,
        form,
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (start, how, edits) => {
          let ranges: Range[] = start;
          let prev = { bytes: serialise(ranges, how), value: whole(serialise(ranges, how)) };
          for (const e of edits) {
            const after = apply(ranges, e);
            const bytes = serialise(after.ranges, how);
            const expected = whole(bytes);
            const got = deltaBatchGet(prev, bytes);
            if (after.cells !== null && after.cells.length > 0) {
              // The usual edits, cells in one range or several: the fast path is taken,
              // and only the rows from the first to the last edited one of a range are new.
              cells++;
              expect(got).not.toBeNull();
              got?.valueRanges.forEach((range, i) => {
                const rows = (after.cells ?? []).filter(([k]) => k === i).map(([, j]) => j);
                range.values.forEach((r, j) => {
                  if (rows.length === 0 || j < Math.min(...rows) || j > Math.max(...rows)) {
                    expect(r).toBe(prev.value.valueRanges[i]?.values[j]);
                  }
                });
              });
            }
            if (got !== null) {
              taken++;
              expect(got).toEqual(expected);
              expectFrozen(got);
              // Every range the edit did not touch is the previous answer's own object.
              got.valueRanges.forEach((range, i) => {
                if (!after.touched.has(i)) expect(range).toBe(prev.value.valueRanges[i]);
              });
            }
            prev = { bytes, value: got ?? expected };
            ranges = after.ranges;
          }
        },
      ),
      { numRuns: 1_500 },
    );
    expect(cells).toBeGreaterThan(500);
    expect(taken).toBeGreaterThan(cells);
    // 1,500 workbooks of a few edits each take a few seconds in workerd.
  }, 60_000);

  it("keeps every row before and after an inserted one", () => {
    const how = { pretty: true, ascii: false };
    const before: Range[] = [
      { range: "'الإعدادات'!A1:B2", values: [["a", 1]], omit: false },
      { range: "Meetings!A1:Z", values: [["x"], ["y", true], ["z", null]], omit: false },
    ];
    const prev = { bytes: serialise(before, how), value: whole(serialise(before, how)) };
    const after = structuredClone(before);
    after[1]?.values.splice(1, 0, ["جديد", -1.5e-7]);
    const bytes = serialise(after, how);
    const got = deltaBatchGet(prev, bytes);
    expect(got).toEqual(whole(bytes));
    const rows = got?.valueRanges[1]?.values ?? [];
    const old = prev.value.valueRanges[1]?.values ?? [];
    expect(rows[0]).toBe(old[0]);
    expect(rows[3]).toBe(old[2]);
    expect(got?.valueRanges[0]).toBe(prev.value.valueRanges[0]);
  });

  it("refuses bytes that are not JSON where the rows were, and a change outside them", () => {
    const how = { pretty: false, ascii: false };
    const before: Range[] = [{ range: "A!A1:B2", values: [["a"], ["b"]], omit: false }];
    const prevBytes = serialise(before, how);
    const prev = { bytes: prevBytes, value: whole(prevBytes) };
    const text = new TextDecoder().decode(prevBytes);
    const garble = (s: string) => new TextEncoder().encode(s);
    expect(deltaBatchGet(prev, garble(text.replace('["b"]', '["b",]')))).toBeNull();
    expect(deltaBatchGet(prev, garble(text.replace('["a"],', '["a"],,')))).toBeNull();
    // A row's bytes gone but not its comma.
    expect(deltaBatchGet(prev, garble(text.replace('["b"]', "")))).toBeNull();
    expect(deltaBatchGet(prev, garble(text.replace('["a"]', "")))).toBeNull();
    expect(deltaBatchGet(prev, garble(text.replace('["a"],["b"]', "")))).toEqual({
      valueRanges: [{ range: "A!A1:B2", values: [] }],
    });
    expect(deltaBatchGet(prev, garble(text.replace('["b"]', '["b",{}]')))).toBeNull();
    expect(deltaBatchGet(prev, garble(text.replace('["b"]', "[\ufeff1]")))).toBeNull();
    expect(deltaBatchGet(prev, garble(text.replace("A!A1", "B!A1")))).toBeNull();
    expect(deltaBatchGet(prev, garble(text.slice(0, -10)))).toBeNull();
  });
});
