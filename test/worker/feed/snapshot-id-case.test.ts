// An ID whose case staff change ("M-0001" to "m-0001") names the same meeting
// (F1, found by the model test): the feed finds it in the last snapshot by
// idKey, so a cancellation is still shown and the item keeps the ID websites
// link to, with its modified_at, as nothing public changed.
import { describe, expect, it } from "vitest";
import { buildSnapshot, mergeWithPrevious } from "../../../src/feed/snapshot.ts";
import { meeting, sheet } from "./fixtures.ts";

const T0 = new Date("2026-01-10T09:00:00Z");
const T1 = new Date("2026-01-10T10:00:00Z");
const listed = mergeWithPrevious(buildSnapshot(sheet([meeting()]), T0), null);

describe("a published meeting whose ID changed case", () => {
  it("is shown cancelled when it is then cancelled", () => {
    const next = buildSnapshot(sheet([meeting({ id: "m-0001", status: "cancelled" })]), T1);
    const merged = mergeWithPrevious(next, listed);
    expect(merged.meetings).toMatchObject([{ id: "M-0001", status: "cancelled" }]);
    expect(merged.meetings[0]?.modified_at).toBe(T1.toISOString());
  });

  it("keeps its published ID and modified_at while nothing public changed", () => {
    const merged = mergeWithPrevious(buildSnapshot(sheet([meeting({ id: "m-0001" })]), T1), listed);
    expect(merged.meetings.map((m) => [m.id, m.modified_at])).toEqual([
      ["M-0001", T0.toISOString()],
    ]);
  });

  it("is still left out when cancelled before any snapshot listed it", () => {
    const next = buildSnapshot(sheet([meeting({ id: "m-0002", status: "cancelled" })]), T1);
    expect(mergeWithPrevious(next, listed).meetings).toEqual([]);
  });
});
