// The batchGet answer's quick reader (src/google/sheets-client.ts) is an
// optimisation of the schema's check: for any JSON, answer-shaped or not, it
// gives the schema's value or nothing (and the schema then says what is wrong).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { BatchGetAnswer, quickBatchGet } from "../../../src/google/sheets-client.ts";

const cell = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
/** Mostly answer-shaped, sometimes with a value where it should not be. */
const odd = fc.oneof(
  fc.constant(undefined),
  fc.object(),
  fc.integer(),
  fc.string(),
  fc.array(fc.anything()),
);
const row = fc.oneof(
  { weight: 8, arbitrary: fc.array(cell) },
  { weight: 1, arbitrary: fc.array(fc.oneof(cell, odd)) },
  { weight: 1, arbitrary: odd },
);
const range = fc.record(
  {
    range: fc.oneof({ weight: 9, arbitrary: fc.string() }, { weight: 1, arbitrary: odd }),
    values: fc.oneof({ weight: 8, arbitrary: fc.array(row) }, { weight: 1, arbitrary: odd }),
    majorDimension: fc.constant("ROWS"),
  },
  { requiredKeys: [] },
);
const answer = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        valueRanges: fc.oneof(
          { weight: 9, arbitrary: fc.array(range) },
          { weight: 1, arbitrary: odd },
        ),
        spreadsheetId: fc.string(),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: odd },
);

describe("quickBatchGet", () => {
  it("gives what the schema gives, or nothing where the schema refuses or reads otherwise", () => {
    let quick = 0;
    fc.assert(
      fc.property(answer, (json) => {
        // As JSON.parse would hand it over: no undefined, no prototypes of other kinds.
        const parsed: unknown = json === undefined ? undefined : JSON.parse(JSON.stringify(json));
        const fast = quickBatchGet(parsed);
        const slow = z.safeParse(BatchGetAnswer, parsed);
        if (fast === null) return;
        quick++;
        expect(slow.success).toBe(true);
        expect(fast).toEqual(slow.data);
      }),
      { numRuns: 2_000 },
    );
    // Most generated answers are well formed: the quick path was taken, not skipped.
    expect(quick).toBeGreaterThan(500);
  });

  it("refuses a cell that is an object, and a row that is not a list", () => {
    expect(quickBatchGet({ valueRanges: [{ range: "A", values: [[{}]] }] })).toBeNull();
    expect(quickBatchGet({ valueRanges: [{ range: "A", values: ["row"] }] })).toBeNull();
    expect(quickBatchGet({ valueRanges: [{ values: [] }] })).toBeNull();
    expect(
      quickBatchGet({ valueRanges: [{ range: "A", values: [["x", 1, true, null]] }] }),
    ).toEqual({ valueRanges: [{ range: "A", values: [["x", 1, true, null]] }] });
  });
});
