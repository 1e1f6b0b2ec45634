// CPU time of one workerd process, read from Linux's /proc, for measuring one
// invocation at a time: Miniflare runs each Worker in a workerd child process of
// this one, and everything that Worker does for a request — its JavaScript, the
// local D1 (a SQLite-backed object in the same process), KV, the HTTP handling —
// is CPU of that process. The per-thread schedstat counters are in nanoseconds;
// /proc/<pid>/stat's utime/stime tick at 10 ms, too coarse for a 10 ms budget.
import { readdirSync, readFileSync } from "node:fs";

/** The pids of workerd processes that are children of this process. */
export function workerdChildren(): Set<number> {
  const found = new Set<number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid ...": comm may hold spaces, so split after the ")".
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (comm.startsWith("workerd") && ppid === process.pid) found.add(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Nanoseconds on CPU so far, every thread of `pid` summed (user + system). */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return total;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** What the process burns while nobody calls it, ms CPU per ms of wall time. */
export async function idleRate(pid: number, windowMs = 1000): Promise<number> {
  const c0 = cpuNs(pid);
  const t0 = performance.now();
  await sleep(windowMs);
  return (cpuNs(pid) - c0) / 1e6 / (performance.now() - t0);
}

/** Waits (bounded) until the process is quiet: a 30 ms window with under 0.3 ms CPU. */
export async function quiet(pid: number, maxMs = 3000): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (performance.now() < deadline) {
    const c0 = cpuNs(pid);
    await sleep(30);
    if (cpuNs(pid) - c0 < 300_000) return;
  }
}

/**
 * The process's CPU ms for one call of `work` (awaited to its end, then 20 ms
 * for trailing work such as a waitUntil), less its idle rate over that window.
 */
export async function measureCpu<T>(
  pid: number,
  idle: number,
  work: () => Promise<T>,
): Promise<{ cpuMs: number; wallMs: number; result: T }> {
  await quiet(pid);
  const c0 = cpuNs(pid);
  const t0 = performance.now();
  const result = await work();
  const wallMs = performance.now() - t0;
  await sleep(20);
  const window = performance.now() - t0;
  const cpuMs = Math.max(0, (cpuNs(pid) - c0) / 1e6 - idle * window);
  return { cpuMs, wallMs, result };
}
