// `npm run sync` finds the running `npm start` wherever its state lives, and
// the line it prints counts what a person would count: rows read, valid and
// rejected; emails queued by this sync and since the start.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, expect, test } from "vitest";
import { startControl } from "../../../scripts/start/control.ts";
import { readPointer, removeInstance, writeInstance } from "../../../scripts/start/instance.ts";
import { describeSummary } from "../../../scripts/start/sync-client.ts";

const ROOT = resolve(import.meta.dirname, "../../..");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanups.splice(0).reverse()) await done();
});

function runSyncCommand(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["scripts/sync.ts"], { cwd: ROOT, env });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.on("close", (code) => done({ code, out }));
  });
}

test("npm run sync without --state reaches a start that was given another --state", async () => {
  const dir = await mkdtemp(join(tmpdir(), "liqaa-sync-"));
  const stateDir = join(dir, "state");
  const pointer = join(dir, "pointer.json");
  const env = { ...process.env, LIQAA_POINTER: pointer };
  process.env.LIQAA_POINTER = pointer;
  cleanups.push(async () => {
    delete process.env.LIQAA_POINTER;
    await rm(dir, { recursive: true, force: true });
  });
  await mkdir(stateDir, { recursive: true });
  const asked: string[] = [];
  const control: Server = await startControl(stateDir, async (reason) => {
    asked.push(reason);
    return { ok: true, line: "sync ok: 3 meetings read" };
  });
  cleanups.push(() => new Promise((r) => control.close(() => r())));
  await writeInstance({
    stateDir,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    workerUrl: "http://127.0.0.1:9",
    inboxUrl: "http://127.0.0.1:9",
    sheetsUrl: "http://127.0.0.1:9",
    dataDir: dir,
    adminToken: "local-admin-token-0123456789",
  });
  expect((await readPointer())?.stateDir).toBe(stateDir);

  const run = await runSyncCommand(env);
  expect(run.out.trim()).toBe("sync ok: 3 meetings read");
  expect(run.code).toBe(0);
  expect(asked).toEqual(["npm run sync"]);

  // Stopped: the pointer goes with the record, and the command says it is not running.
  await removeInstance(stateDir, process.pid);
  expect(await readPointer()).toBeNull();
  const after = await runSyncCommand(env);
  expect(after.code).toBe(1);
  expect(after.out).toMatch(/not running/);
});

test("the sync line counts rows read as valid plus rejected, and mail queued this sync and since start", () => {
  const line = describeSummary(
    { outcome: "ok", counts: { meetings: 14, rejected: 1, problems: 2, enqueued: 9 } },
    40,
  );
  expect(line).toBe(
    "sync ok: 15 meetings read (14 valid, 1 rejected) / الاجتماعات المقروءة, 2 problems / مشكلات, 9 emails queued (49 since start) / رسائل",
  );
  expect(
    describeSummary({ outcome: "ok", counts: { meetings: 1, rejected: 0, enqueued: 1 } }),
  ).toBe("sync ok: 1 meeting read / الاجتماعات المقروءة, 1 email queued / رسائل");
});
