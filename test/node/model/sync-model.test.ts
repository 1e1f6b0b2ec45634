// The model-based test of the sync in the normal suite, at a small count: 200
// generated sequences of up to 30 staff edits, clock steps and syncs, each
// checked against the reference model (model.ts). More: npm run test:model.
import { expect, it } from "vitest";
import { runModel } from "./run.ts";

it("any sequence of staff edits keeps every invitee's calendar and the feed as the model says", () => {
  const result = runModel({ runs: 200, maxSteps: 30 });
  // The report carries the seed and the shrunk sequence, readable in the failure.
  expect(result.report).toBe("");
  expect(result.runs).toBe(200);
});
