// The flags of `npm start` (scripts/start.ts) and where each of its files lives.
// The defaults put the working sheet in ./local-sheet and every piece of local
// state (D1, KV, the queue, the generated secrets, the running instance's
// record) under ./.wrangler, which git ignores; tests pass --state and --data
// so they never touch a developer's copy.
import { resolve } from "node:path";
import { parseArgs } from "node:util";

export interface StartOptions {
  /** The folder of CSV tabs the Sheets emulator serves and the watcher watches. */
  dataDir: string;
  /** True when --data was not given: ./local-sheet is created from the demo when missing. */
  defaultData: boolean;
  /** Local state: wrangler's persistence, secrets, the running instance's record, logs. */
  stateDir: string;
  port: number;
  inboxPort: number;
  sheetsPort: number;
  /** Quiet period after the last change to a sheet file before a sync runs. */
  debounceMs: number;
  /** Empty the local inbox (<state>/inbox) before starting; kept across starts otherwise. */
  clearInbox: boolean;
  /** Seconds between scheduled syncs instead of wrangler.toml's cron (for tests); null = the cron. */
  tickSeconds: number | null;
}

export const USAGE = `usage: npm start -- [--data <folder of CSV tabs>] [--port 8787] [--inbox-port 8005]
                 [--sheets-port 9100] [--state <dir, default .wrangler>] [--clear-inbox]
                 [--tick <seconds>]

Runs Liqaa on this machine: the Sheets API emulator over a folder of CSV files
(./local-sheet, copied from demo-sheet/ on first start), a local inbox
(maildev, fed by the project's SES stand-in; kept in <state>/inbox across
starts, emptied by --clear-inbox), and the Worker in workerd with D1, KV and
the Queue. It syncs at once, whenever a CSV file changes, on \`npm run sync\`,
and on wrangler.toml's cron schedule through the Worker's scheduled handler, as
in production (--tick <seconds> instead, for tests).`;

export type ParsedOptions =
  | { ok: true; options: StartOptions }
  | { ok: false; help: boolean; message: string };

function port(name: string, text: string): number | string {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    return `--${name} must be a port number (1-65535), not "${text}"`;
  }
  return value;
}

/** Reads the command line; a bad flag is a message, not an exception. */
export function parseStartArgs(argv: string[], cwd: string): ParsedOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: "string" },
        port: { type: "string", default: "8787" },
        "inbox-port": { type: "string", default: "8005" },
        "sheets-port": { type: "string", default: "9100" },
        state: { type: "string" },
        debounce: { type: "string", default: "500" },
        "clear-inbox": { type: "boolean", default: false },
        tick: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    return { ok: false, help: false, message: (error as Error).message };
  }
  if (values.help) return { ok: false, help: true, message: USAGE };
  const ports = [
    port("port", String(values.port)),
    port("inbox-port", String(values["inbox-port"])),
    port("sheets-port", String(values["sheets-port"])),
  ];
  const bad = ports.find((p) => typeof p === "string");
  if (typeof bad === "string") return { ok: false, help: false, message: bad };
  const [workerPort, inboxPort, sheetsPort] = ports as number[];
  if (new Set(ports).size !== ports.length) {
    return {
      ok: false,
      help: false,
      message: "--port, --inbox-port and --sheets-port must differ",
    };
  }
  const tickSeconds = typeof values.tick === "string" ? Number(values.tick) : null;
  if (tickSeconds !== null && !(Number.isFinite(tickSeconds) && tickSeconds > 0)) {
    return { ok: false, help: false, message: "--tick must be a number of seconds above 0" };
  }
  const debounceMs = Number(values.debounce);
  if (!Number.isFinite(debounceMs) || debounceMs < 0) {
    return { ok: false, help: false, message: "--debounce must be a number of milliseconds" };
  }
  const data = typeof values.data === "string" ? values.data : undefined;
  return {
    ok: true,
    options: {
      dataDir: resolve(cwd, data ?? "local-sheet"),
      defaultData: data === undefined,
      stateDir: resolve(cwd, typeof values.state === "string" ? values.state : ".wrangler"),
      port: workerPort!,
      inboxPort: inboxPort!,
      sheetsPort: sheetsPort!,
      debounceMs,
      tickSeconds,
      clearInbox: values["clear-inbox"] === true,
    },
  };
}
