// The record of a running `npm start`: its pid, ports and admin token, kept in
// <state>/liqaa-start.json while it runs. `npm run sync` reads it to reach the
// Worker; a second `npm start` reads it to say "already running" instead of
// failing on a busy port. A record whose pid is gone is stale and ignored.
import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

export interface Instance {
  pid: number;
  startedAt: string;
  workerUrl: string;
  inboxUrl: string;
  sheetsUrl: string;
  dataDir: string;
  adminToken: string;
}

export const instanceFile = (stateDir: string) => join(stateDir, "liqaa-start.json");

export function pidAlive(pid: number): boolean {
  try {
    // Signal 0 checks the process exists without touching it.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The running instance recorded in `stateDir`, or null when there is none (or its process is gone). */
export async function readInstance(stateDir: string): Promise<Instance | null> {
  let parsed: Partial<Instance>;
  try {
    parsed = JSON.parse(await readFile(instanceFile(stateDir), "utf8")) as Partial<Instance>;
  } catch {
    return null;
  }
  if (typeof parsed.pid !== "number" || typeof parsed.workerUrl !== "string") return null;
  if (typeof parsed.adminToken !== "string" || !pidAlive(parsed.pid)) return null;
  return parsed as Instance;
}

export async function writeInstance(stateDir: string, instance: Instance): Promise<void> {
  await writeFile(instanceFile(stateDir), `${JSON.stringify(instance, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** Removes the record, but only our own: a newer instance's record is left alone. */
export async function removeInstance(stateDir: string, pid: number): Promise<void> {
  const current = await readFile(instanceFile(stateDir), "utf8").catch(() => null);
  if (current === null) return;
  try {
    if ((JSON.parse(current) as Partial<Instance>).pid !== pid) return;
  } catch {
    // An unreadable record is nobody's: remove it.
  }
  await rm(instanceFile(stateDir), { force: true });
}

/** True when nothing listens on 127.0.0.1:port (checked by binding it for a moment). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
