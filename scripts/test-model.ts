// The model-based test of the sync at any size: `npm run test:model -- --runs N
// --seed S [--steps K]`. Plays N generated sequences of up to K staff edits,
// clock steps and syncs through the real parser and plan, checking every
// invitee's calendar and the feed against the reference model
// (test/node/model/); prints the time, what was exercised, and a failure's
// seed and shrunk sequence.
import { parseArgs } from "node:util";
import { runModel } from "../test/node/model/run.ts";
import { coverage } from "../test/node/model/system.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1000" },
    seed: { type: "string" },
    steps: { type: "string", default: "30" },
  },
});
const result = runModel({
  runs: Number(values.runs),
  maxSteps: Number(values.steps),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
});
const kinds = Object.entries(coverage.byKind)
  .map(([kind, n]) => `${kind} ${n}`)
  .join(", ");
console.log(
  `${result.runs} sequences of up to ${values.steps} steps, seed ${result.seed}: ` +
    `${(result.ms / 1000).toFixed(1)} s; ${coverage.syncs} syncs, ${coverage.keptRows} kept rows, ` +
    `emails: ${kinds}; faults: ${coverage.readFaults} at read, ${coverage.writeFaults} at write-back, ` +
    `${coverage.stale} overlapping syncs refused; ` +
    `${coverage.proposals} IDs proposed, ${coverage.answers} answers by link recorded`,
);
if (!result.ok) {
  console.error(result.report);
  process.exitCode = 1;
}
