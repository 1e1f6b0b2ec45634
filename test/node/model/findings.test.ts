// Regressions found by the model test, each its shrunk sequence replayed
// against the model: F1 (src/feed/snapshot.ts, the feed matched a listed
// meeting by its ID as spelled) and F2 (src/sync/plan.ts, a change made while
// a row said held was recorded as sent). Each fails without its fix.
import { expect, it } from "vitest";
import { play } from "./steps.ts";

it("F2: a date changed while the row said held reaches invitees once it says scheduled again", () => {
  expect(() =>
    play({
      sender: true,
      steps: [
        { t: "sync" },
        { t: "date", row: 0, v: 0 },
        { t: "status", row: 0, v: 6 },
        { t: "sync" },
        { t: "status", row: 0, v: 0 },
        { t: "sync" },
      ],
    }),
  ).not.toThrow();
});

it("F1: a published meeting whose ID changed case stays on the feed when it is then cancelled", () => {
  expect(() =>
    play({
      sender: false,
      steps: [{ t: "sync" }, { t: "status", row: 0, v: 4 }, { t: "idcase", row: 0 }, { t: "sync" }],
    }),
  ).not.toThrow();
});

it("F1: a published meeting keeps its feed ID when only the ID's case changes", () => {
  expect(() =>
    play({ sender: true, steps: [{ t: "sync" }, { t: "idcase", row: 0 }, { t: "sync" }] }),
  ).not.toThrow();
});
