// The record of a running `npm start`: its pid, ports and admin token, kept in
// <state>/liqaa-start.json while it runs. `npm run sync` reads it to reach the
// Worker; a second `npm start` reads it to say "already running" instead of
// failing on a busy port. A record whose pid is gone is stale and ignored.
// A start given another --state also leaves a pointer (the same record) in the
// checkout's .wrangler, so `npm run sync` finds it without being told where.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";

export interface Instance {
  pid: number;
  startedAt: string;
  workerUrl: string;
  inboxUrl: string;
  sheetsUrl: string;
  dataDir: string;
  adminToken: string;
  /** Where its control socket and logs are. */
  stateDir: string;
}

export const instanceFile = (stateDir: string) => join(stateDir, "liqaa-start.json");

/** The default state folder, where `npm start` without --state keeps everything. */
export const DEFAULT_STATE_DIR = resolve(import.meta.dirname, "../..", ".wrangler");

/** The pointer to the last instance started with another --state (LIQAA_POINTER moves it, for tests). */
export const pointerFile = () =>
  process.env.LIQAA_POINTER ?? join(DEFAULT_STATE_DIR, "liqaa-start-pointer.json");

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
export function readInstance(stateDir: string): Promise<Instance | null> {
  return readRecord(instanceFile(stateDir), stateDir);
}

/** The instance a pointer names, or null when there is none or it has stopped. */
export function readPointer(): Promise<Instance | null> {
  return readRecord(pointerFile(), null);
}

/** A record written before records named their state folder is in the folder it was found in. */
async function readRecord(file: string, foundIn: string | null): Promise<Instance | null> {
  let parsed: Partial<Instance>;
  try {
    parsed = JSON.parse(await readFile(file, "utf8")) as Partial<Instance>;
  } catch {
    return null;
  }
  if (typeof parsed.pid !== "number" || typeof parsed.workerUrl !== "string") return null;
  if (typeof parsed.adminToken !== "string" || !pidAlive(parsed.pid)) return null;
  const stateDir = typeof parsed.stateDir === "string" ? parsed.stateDir : foundIn;
  if (stateDir === null) return null;
  return { ...(parsed as Instance), stateDir };
}

/** Writes the record, and the pointer when the state folder is not the default one. */
export async function writeInstance(instance: Instance): Promise<void> {
  await writeRecord(instanceFile(instance.stateDir), instance);
  if (resolve(instance.stateDir) !== DEFAULT_STATE_DIR) {
    await mkdir(dirname(pointerFile()), { recursive: true });
    await writeRecord(pointerFile(), instance);
  }
}

async function writeRecord(file: string, instance: Instance): Promise<void> {
  await writeFile(file, `${JSON.stringify(instance, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the record and the pointer, but only our own: a newer instance's are left alone. */
export async function removeInstance(stateDir: string, pid: number): Promise<void> {
  await removeRecord(instanceFile(stateDir), pid);
  await removeRecord(pointerFile(), pid);
}

async function removeRecord(file: string, pid: number): Promise<void> {
  const current = await readFile(file, "utf8").catch(() => null);
  if (current === null) return;
  try {
    if ((JSON.parse(current) as Partial<Instance>).pid !== pid) return;
  } catch {
    // An unreadable record is nobody's: remove it.
  }
  await rm(file, { force: true });
}

/** True when nothing listens on 127.0.0.1:port (checked by binding it for a moment). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * The running `npm start` a command talks to: the one of `--state`, else of
 * .wrangler/, else the one the pointer names; none ends the command, saying so.
 */
export async function runningInstanceOrExit(state: string | undefined): Promise<Instance> {
  const instance = state
    ? await readInstance(resolve(state))
    : ((await readInstance(resolve(".wrangler"))) ?? (await readPointer()));
  if (!instance) {
    console.error(
      "Liqaa is not running here: start it with `npm start` first. / لقاء لا يعمل: شغّله بـ npm start",
    );
    process.exit(1);
  }
  return instance;
}
