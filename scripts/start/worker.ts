// Runs Liqaa's Worker locally: applies the D1 migrations to the local database,
// then `wrangler dev` (workerd, with D1, KV and the Queue from wrangler.toml)
// as a child in its own process group, so stopping it stops workerd and
// esbuild too, and Ctrl-C in the terminal reaches us first, not it. Its output
// goes to a log file; only errors are passed on to the terminal.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";

export const PROJECT_ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(PROJECT_ROOT, "node_modules/wrangler/bin/wrangler.js");

/** Offline, wrangler would otherwise try Cloudflare's hosts and warn. */
const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

export interface WorkerProcess {
  url: string;
  pid: number;
  /** Resolves when the child has exited (for any reason). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function run(args: string[], log: WriteStream, onLine?: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (raw) => {
      // wrangler colours its output even through a pipe.
      const line = stripVTControlCharacters(raw);
      log.write(`${line}\n`);
      onLine?.(line);
    });
  }
  return child;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once("exit", (code) => done(code));
  });

/** Kills whatever is left of the child's process group (workerd, esbuild). */
function killGroup(pid: number) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function openLog(stateDir: string): WriteStream {
  return createWriteStream(join(stateDir, "liqaa-start.log"), { flags: "a" });
}

/** `wrangler d1 migrations apply DB --local`, which answers its own prompt without a TTY. */
export async function applyMigrations(persistTo: string, log: WriteStream): Promise<void> {
  const lines: string[] = [];
  const child = run(
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo],
    log,
    (line) => lines.push(line),
  );
  const code = await exitOf(child);
  killGroup(child.pid!);
  if (code !== 0) {
    throw new Error(`D1 migrations failed (exit ${code}):\n${lines.slice(-20).join("\n")}`);
  }
}

const ERROR_LINE = /✘|\[ERROR\]|Uncaught|\berror\b/i;

/** Starts `wrangler dev` and waits until the Worker answers /healthz (or the child dies). */
export async function startWorker(opts: {
  port: number;
  persistTo: string;
  envFile: string;
  log: WriteStream;
  onError: (line: string) => void;
  timeoutMs?: number;
}): Promise<WorkerProcess> {
  const recent: string[] = [];
  const child = run(
    [
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(opts.port),
      "--persist-to",
      opts.persistTo,
      "--env-file",
      opts.envFile,
      "--show-interactive-dev-session=false",
      "--live-reload=false",
      // wrangler.toml minifies what is deployed; locally, readable stack traces.
      "--minify=false",
    ],
    opts.log,
    (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      // While stopping, esbuild and workerd complain about being stopped: not news.
      if (ERROR_LINE.test(line) && !stopping) opts.onError(line);
    },
  );
  const pid = child.pid!;
  const exited = exitOf(child);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGINT is what wrangler handles to tear workerd down cleanly.
        child.kill("SIGINT");
        const timer = new Promise((done) => setTimeout(done, 8_000).unref());
        await Promise.race([exited, timer]);
      }
      killGroup(pid);
      await exited;
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  let died = false;
  void exited.then(() => {
    died = true;
  });
  while (!died) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      const body = (await res.json().catch(() => null)) as {
        error?: { problems?: string[] };
      } | null;
      // 404: a Worker without /healthz is still a Worker that answers.
      if (res.ok || res.status === 404) return { url, pid, exited, stop };
      const problems = body?.error?.problems;
      if (problems) {
        await stop();
        throw new Error(`the Worker's configuration is wrong:\n- ${problems.join("\n- ")}`);
      }
    } catch (error) {
      if ((error as Error).message.startsWith("the Worker's")) throw error;
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `the Worker did not answer within ${Math.round((opts.timeoutMs ?? 90_000) / 1000)} s:\n${recent.join("\n")}`,
      );
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  await stop();
  throw new Error(`wrangler dev exited before the Worker was ready:\n${recent.join("\n")}`);
}
