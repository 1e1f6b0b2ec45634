// `npm start` ("start": "node scripts/start.ts"): the whole of Liqaa on this
// machine, with no cloud account. See scripts/start/launcher.ts for what runs,
// and `npm start -- --help` for the flags.
import { launch, StartRefused } from "./start/launcher.ts";
import { parseStartArgs } from "./start/options.ts";

const parsed = parseStartArgs(process.argv.slice(2), process.cwd());
if (!parsed.ok) {
  console.log(parsed.message);
  process.exit(parsed.help ? 0 : 2);
}

const print = (line: string) => console.log(line);
let stopRequested = false;
let running: Awaited<ReturnType<typeof launch>> | null = null;

const onSignal = (signal: NodeJS.Signals) => {
  if (stopRequested) {
    // A second Ctrl-C while stopping: the children are in their own process
    // groups, so they are killed by the stop already under way; just leave.
    console.log("Stopping anyway.");
    process.exit(130);
  }
  stopRequested = true;
  console.log(`\n${signal}: stopping Liqaa… / إيقاف لقاء…`);
  void running?.stop();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

try {
  running = await launch(parsed.options, print);
  if (stopRequested) void running.stop();
  const code = await running.done;
  console.log("Liqaa stopped. / توقف لقاء.");
  process.exit(code);
} catch (error) {
  if (error instanceof StartRefused) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  console.error(`npm start failed: ${(error as Error).message}`);
  process.exit(1);
}
