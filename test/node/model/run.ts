// Runs the model-based test: `runs` generated sequences of up to `maxSteps`
// steps from `seed`. A failure comes back with its seed, the path fast-check
// replays it by, and the shrunk sequence as numbered lines.
import fc from "fast-check";
import { play, type Sequence, sequenceArb, show } from "./steps.ts";

export interface ModelRun {
  runs: number;
  maxSteps: number;
  seed?: number;
}

export interface ModelResult {
  ok: boolean;
  runs: number;
  seed: number;
  ms: number;
  /** The failure as a person reads it; empty when every sequence passed. */
  report: string;
}

export function runModel({ runs, maxSteps, seed }: ModelRun): ModelResult {
  const started = performance.now();
  const details = fc.check(
    fc.property(sequenceArb(maxSteps), (seq: Sequence) => {
      play(seq);
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  );
  const ms = performance.now() - started;
  if (!details.failed)
    return { ok: true, runs: details.numRuns, seed: details.seed, ms, report: "" };
  const [seq] = details.counterexample ?? [];
  const error =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : String(details.errorInstance);
  const report = [
    `model test failed after ${details.numRuns} sequence(s), ${details.numShrinks} shrink(s)`,
    `replay: --seed ${details.seed} (fast-check path ${JSON.stringify(details.counterexamplePath)})`,
    error,
    "shrunk sequence:",
    seq ? show(seq) : "(none)",
  ].join("\n");
  return { ok: false, runs: details.numRuns, seed: details.seed, ms, report };
}
