// `npm run sync` ("sync": "node scripts/sync.ts"): asks the running `npm start`
// for a sync now and prints its line. It finds the instance through its record
// in the state folder (.wrangler/liqaa-start.json, or --state <dir>); without
// --state, also through the pointer a start with another --state leaves.
import { parseArgs } from "node:util";
import { askForSync } from "./start/control.ts";
import { runningInstanceOrExit } from "./start/instance.ts";
import { requestSync } from "./start/sync-client.ts";

const { values } = parseArgs({
  options: {
    state: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log("usage: npm run sync [-- --state <dir, default .wrangler>]");
  process.exit(0);
}

const instance = await runningInstanceOrExit(values.state);
// Through the launcher when it listens (one sync at a time, printed in both
// terminals); straight to the Worker otherwise.
const reply =
  (await askForSync(instance.stateDir)) ??
  (await requestSync(instance.workerUrl, instance.adminToken));
console.log(reply.line);
process.exit(reply.ok ? 0 : 1);
