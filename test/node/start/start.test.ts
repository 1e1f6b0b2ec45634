// `npm start` end to end, as a person runs it: the launcher as a child process
// on free ports with its own state and a copy of the demo sheet, then the feed,
// the inbox, an edit to the CSV, `npm run sync`, a second start, and Ctrl-C
// leaving no process and no busy port behind. Slow by nature (it runs wrangler
// and workerd), so the timeouts are generous and every wait polls.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { readSheetFolder } from "../../../scripts/lib/csv-folder.ts";
import { portFree } from "../../../scripts/start/instance.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting } from "../../../src/sheet/types.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const MEETINGS_CSV = "الاجتماعات.csv";
/** The Responses tab Liqaa adds to the sheet, read back from its CSV file. */
const RESPONSES_CSV_TAB = "الردود";

/** An email as the local inbox (maildev) lists it; the fields read here. */
interface Email {
  subject: string;
  to: { address: string }[];
}

let dir: string;
let sheetDir: string;
let stateDir: string;
let ports: { worker: number; inbox: number; sheets: number };
let launcher: ChildProcess;
let output = "";
let exited: Promise<number | null>;
let meetings: Meeting[];

/** A port nobody listens on now (the OS picks it; closed again at once). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Every process below `pid`, read from /proc (children first found, then theirs). */
async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
    // The command name may hold spaces and parentheses: the fields after the last ")" are fixed.
    const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields?.[1]) parents.set(Number(entry), Number(fields[1]));
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const worker = (path: string) => fetch(`http://127.0.0.1:${ports.worker}${path}`);

/** Every email in the local inbox, in the order it arrived (maildev's REST API). */
async function inbox(): Promise<Email[]> {
  const res = await fetch(`http://127.0.0.1:${ports.inbox}/api/email`);
  expect(res.status).toBe(200);
  return (await res.json()) as Email[];
}

const titleOf = (m: Meeting) => m.title_ar ?? m.title_en ?? "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "liqaa-start-"));
  sheetDir = join(dir, "sheet");
  stateDir = join(dir, "state");
  await cp(join(ROOT, "demo-sheet"), sheetDir, { recursive: true });
  const parsed = parseSheet(await readSheetFolder(sheetDir));
  meetings = parsed.meetings;
  ports = { worker: await freePort(), inbox: await freePort(), sheets: await freePort() };
  launcher = spawn(
    process.execPath,
    [
      "scripts/start.ts",
      "--data",
      sheetDir,
      "--state",
      stateDir,
      "--port",
      String(ports.worker),
      "--inbox-port",
      String(ports.inbox),
      "--sheets-port",
      String(ports.sheets),
      // Scheduled syncs every few seconds instead of wrangler.toml's five minutes.
      "--tick",
      "4",
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      // The pointer a start with its own --state leaves, kept out of the checkout's .wrangler.
      env: { ...process.env, LIQAA_POINTER: join(dir, "pointer.json") },
    },
  );
  launcher.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  launcher.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  exited = new Promise((done) => launcher.once("exit", (code) => done(code)));
  await vi.waitFor(
    () => {
      if (launcher.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      expect(output).toMatch(/\] sync (ok|failed).* \(start\)/);
    },
    { timeout: 150_000, interval: 250 },
  );
  expect(output).toMatch(/\] sync ok: .* \(start\)/);
}, 180_000);

afterAll(async () => {
  // Only when a test failed before the Ctrl-C test: stop it, then make sure.
  if (launcher && launcher.exitCode === null) {
    const left = await descendants(launcher.pid!);
    launcher.kill("SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    for (const pid of [launcher.pid!, ...left]) if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  await rm(dir, { recursive: true, force: true });
}, 60_000);

test("the banner names the feed, the calendar, the widget page, the inbox and the folder", () => {
  const base = `http://127.0.0.1:${ports.worker}`;
  expect(output).toContain(`${base}/feed.json`);
  expect(output).toContain(`${base}/calendar.ics`);
  expect(output).toContain(`${base}/\n`);
  expect(output).toContain(`http://127.0.0.1:${ports.inbox}/`);
  expect(output).toContain(sheetDir);
});

test("the feed holds every published meeting of the sheet, the 2019–2020 record included", async () => {
  const published = meetings.filter((m) => m.publish && m.status !== "draft");
  expect(published.filter((m) => m.status === "held").length).toBeGreaterThan(0);
  // A row with no ID yet is published by the follow-up sync, a moment after the first.
  await vi.waitFor(
    async () => {
      const res = await worker("/feed.json");
      expect(res.status).toBe(200);
      const feed = (await res.json()) as { items: { title?: string }[] };
      const titles = feed.items.map((item) => item.title);
      for (const meeting of published) expect(titles).toContain(titleOf(meeting));
      expect(feed.items).toHaveLength(published.length);
    },
    { timeout: 20_000, interval: 500 },
  );
}, 30_000);

test("the inbox receives an invitation for every upcoming scheduled meeting", async () => {
  const today = new Date().toISOString().slice(0, 10);
  const upcoming = meetings.filter(
    (m) => m.status === "scheduled" && m.date !== null && m.date >= today && m.invite.length > 0,
  );
  expect(upcoming.length).toBeGreaterThan(0);
  await vi.waitFor(
    async () => {
      const subjects = (await inbox()).map((e) => e.subject);
      for (const meeting of upcoming) {
        expect(subjects.some((s) => s.includes(titleOf(meeting)))).toBe(true);
      }
    },
    { timeout: 60_000, interval: 500 },
  );
}, 90_000);

test("editing a meeting's time in the CSV sends an update within seconds", async () => {
  const path = join(sheetDir, MEETINGS_CSV);
  const csv = await readFile(path, "utf8");
  const target = meetings.find(
    (m) =>
      m.status === "scheduled" && m.start === "10:00" && m.date !== null && m.invite.length > 0,
  );
  expect(target).toBeDefined();
  const line = csv.split("\r\n").find((l) => l.includes(titleOf(target!)));
  expect(line).toContain(",10:00,");
  await writeFile(path, csv.replace(line!, line!.replace(",10:00,", ",10:45,")));
  await vi.waitFor(
    async () => {
      const updates = (await inbox()).filter(
        (e) => e.subject.includes(titleOf(target!)) && /Updated|تعديل/.test(e.subject),
      );
      expect(updates.length).toBeGreaterThan(0);
    },
    { timeout: 60_000, interval: 500 },
  );
  expect(output).toMatch(/sync ok: .* \(changed: الاجتماعات\.csv\)/);
}, 90_000);

test("without an edit, the scheduled handler runs on the tick and Responses shows delivered mail as sent", async () => {
  const responses = async () => {
    const tabs: Record<string, string[][]> = await readSheetFolder(sheetDir);
    const grid = tabs[RESPONSES_CSV_TAB] ?? [];
    const delivery = (grid[0] ?? []).indexOf("التسليم");
    return grid.slice(1).map((row) => String(row[delivery] ?? ""));
  };
  await vi.waitFor(
    async () => {
      expect(output).toMatch(/\] sync ok: .* \(cron\)/);
      const lines = await responses();
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((d) => d !== "أُرسل")).toEqual([]);
    },
    { timeout: 60_000, interval: 500 },
  );
}, 70_000);

test("npm run sync asks the running instance for a sync and prints its line", async () => {
  const run = spawnSync(process.execPath, ["scripts/sync.ts", "--state", stateDir], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(run.stdout).toMatch(/^sync ok: \d+ meetings read/);
  expect(run.status).toBe(0);
  // spawnSync held this process's event loop: the launcher's own line may still be in the pipe.
  await vi.waitFor(() => expect(output).toContain("(npm run sync)"), { timeout: 10_000 });
}, 130_000);

test("a second npm start while one runs says so and exits 1", () => {
  const run = spawnSync(
    process.execPath,
    ["scripts/start.ts", "--data", sheetDir, "--state", stateDir, "--port", String(ports.worker)],
    { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
  );
  expect(run.stderr).toContain("Liqaa is already running");
  expect(run.status).toBe(1);
}, 70_000);

test("Ctrl-C stops every process it started and frees every port", async () => {
  const children = await descendants(launcher.pid!);
  // wrangler, workerd and esbuild at least.
  expect(children.length).toBeGreaterThanOrEqual(2);
  launcher.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(output).toContain("Liqaa stopped.");
  await vi.waitFor(() => expect(children.filter(alive)).toEqual([]), {
    timeout: 10_000,
    interval: 200,
  });
  for (const port of Object.values(ports)) expect(await portFree(port)).toBe(true);
  const left = await readdir(stateDir);
  expect(left).not.toContain("liqaa-start.json");
}, 60_000);
