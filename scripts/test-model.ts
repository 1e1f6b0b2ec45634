// The model-based test of the sync at any size: `npm run test:model -- --runs N
// --seed S [--steps K] [--strict]`. Plays N generated sequences of up to K staff
// edits, clock steps and syncs through the real parser and plan, checking every
// invitee's calendar and the feed against the reference model
// (test/node/model/); prints the time, what was exercised, and a failure's
// seed and shrunk sequence. --strict checks the contract where the model
// otherwise follows a known finding (test/node/model/model.ts).
import { parseArgs } from "node:util";
import { known } from "../test/node/model/model.ts";
import { runModel } from "../test/node/model/run.ts";
import { coverage } from "../test/node/model/system.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1000" },
    seed: { type: "string" },
    steps: { type: "string", default: "30" },
    strict: { type: "boolean", default: false },
  },
});
known.strict = values.strict;
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
    `emails: ${kinds}; ${coverage.stoppedAtFinding} stopped at a known finding`,
);
if (!result.ok) {
  console.error(result.report);
  process.exitCode = 1;
}
