// Two load generators with one result shape: Debian's wrk for the full run (C,
// keeps up with workerd on 2 cores), and a small bounded Node fetch loop for the
// quick mode, so CI needs nothing installed beyond node_modules. Both are bounded
// in requests and time, and only ever target 127.0.0.1.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface LoadResult {
  generator: "wrk" | "node-fetch";
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status other than the expected one, plus socket errors. */
  errors: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  /** wrk: how long; the Node loop stops at whichever of seconds or maxRequests comes first. */
  seconds: number;
  maxRequests: number;
  expectStatus: number;
}

function assertLocal(url: string) {
  if (new URL(url).hostname !== "127.0.0.1")
    throw new Error(`refusing to load ${url}: 127.0.0.1 only`);
}

export function haveWrk(): boolean {
  const probe = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  return probe.error === undefined && /^wrk /.test(`${probe.stdout}${probe.stderr}`);
}

const toMs = (value: string, unit: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN);

export async function wrk(options: LoadOptions): Promise<LoadResult> {
  assertLocal(options.url);
  const args = [
    "-t1",
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--latency",
    "--timeout",
    "5s",
  ];
  for (const [name, value] of Object.entries(options.headers ?? {}))
    args.push("-H", `${name}: ${value}`);
  args.push(options.url);
  const { stdout } = await run("wrk", args, { timeout: (options.seconds + 30) * 1000 });
  const percentile = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(stdout);
    return m ? toMs(m[1] as string, m[2] as string) : Number.NaN;
  };
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? Number.NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    stdout,
  );
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    generator: "wrk",
    requests,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50Ms: percentile("50"),
    p99Ms: percentile("99"),
    errors: non2xx + socketErrors,
  };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** `connections` workers each sending one request at a time, until maxRequests or seconds. */
export async function nodeLoad(options: LoadOptions): Promise<LoadResult> {
  assertLocal(options.url);
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (sent < options.maxRequests && performance.now() < deadline) {
      sent++;
      const t0 = performance.now();
      try {
        const response = await fetch(options.url, {
          headers: options.headers ?? {},
          signal: AbortSignal.timeout(5000),
        });
        await response.arrayBuffer();
        if (response.status !== options.expectStatus) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    generator: "node-fetch",
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    errors,
  };
}
