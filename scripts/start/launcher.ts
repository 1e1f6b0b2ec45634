// `npm start`: brings the whole of Liqaa up on this machine with no cloud
// account — the Sheets API emulator over a folder of CSV files, the local SES
// stand-in and the inbox it delivers to, the Worker in workerd with D1
// migrated, KV and the Queue — then syncs at once, on every settled edit of the
// folder, and on `npm run sync`, and prints one line per sync and per batch of
// mail that reaches the inbox.
// Ctrl-C (or SIGTERM) stops everything it started, in reverse order.
import { cp, mkdir, readdir, stat } from "node:fs/promises";
import type { Server } from "node:http";
import { basename, join, relative } from "node:path";
import { parseSheet } from "../../src/sheet/parse.ts";
import { readSheetFolder } from "../lib/csv-folder.ts";
import { type SheetsEmulator, startSheetsEmulator } from "../sheets-emulator/server.ts";
import { type ControlReply, startControl } from "./control.ts";
import { type CronTicks, minuteStep, productionCron, startTicks } from "./cron.ts";
import { loadOrCreateSecrets, localVars, writeEnvFile } from "./dev-vars.ts";
import { inboxCount, inboxEmails, type LocalMail, startLocalMail } from "./inbox.ts";
import { portFree, readInstance, removeInstance, writeInstance } from "./instance.ts";
import type { StartOptions } from "./options.ts";
import { type SheetWatcher, watchSheet } from "./sheet-watch.ts";
import { requestCron, requestSync } from "./sync-client.ts";
import {
  applyMigrations,
  openLog,
  PROJECT_ROOT,
  startWorker,
  type WorkerProcess,
} from "./worker.ts";

const DEMO_SHEET = join(PROJECT_ROOT, "demo-sheet");

export type Print = (line: string) => void;

const time = () => new Date().toTimeString().slice(0, 8);

/** Exits with a message when the start cannot go on; nothing has been started yet. */
class StartRefused extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The folder to serve: ./local-sheet is copied from the demo once and never overwritten. */
async function prepareData(options: StartOptions, print: Print): Promise<void> {
  if (await exists(options.dataDir)) return;
  if (!options.defaultData) {
    throw new StartRefused(`--data ${options.dataDir}: no such folder`, 2);
  }
  await cp(DEMO_SHEET, options.dataDir, { recursive: true });
  print(
    `Created ${relative(process.cwd(), options.dataDir) || "."} from demo-sheet/ (yours to edit; never overwritten).`,
  );
}

async function refuseIfRunning(options: StartOptions): Promise<void> {
  const running = await readInstance(options.stateDir);
  if (running) {
    throw new StartRefused(
      `Liqaa is already running (pid ${running.pid}, since ${running.startedAt}) at ${running.workerUrl}, serving ${running.dataDir}.
Run \`npm run sync\` to sync it now, or stop it with Ctrl-C in its terminal first.
لقاء يعمل بالفعل على هذا الجهاز.`,
      1,
    );
  }
  const flags: [string, number][] = [
    ["--port", options.port],
    ["--inbox-port", options.inboxPort],
    ["--sheets-port", options.sheetsPort],
  ];
  for (const [flag, port] of flags) {
    if (!(await portFree(port))) {
      throw new StartRefused(
        `Port ${port} (${flag}) is in use by another program. Stop it, or choose another: npm start -- ${flag} <port>`,
        1,
      );
    }
  }
}

/**
 * True when a meeting row has no ID yet. The sync writes one but mails such a
 * row only on the next sync (so a failed write-back cannot leave two calendar
 * entries); in production the next cron run does it, here a follow-up sync.
 */
async function awaitsIds(dataDir: string): Promise<boolean> {
  try {
    return parseSheet(await readSheetFolder(dataDir)).meetings.some((m) => m.id_proposed);
  } catch {
    return false;
  }
}

export interface Running {
  /** Resolves with the exit code once everything has stopped. */
  done: Promise<number>;
  stop(): Promise<void>;
}

export async function launch(options: StartOptions, print: Print): Promise<Running> {
  await mkdir(options.stateDir, { recursive: true });
  await refuseIfRunning(options);
  await prepareData(options, print);
  const csvCount = (await readdir(options.dataDir)).filter((f) => f.toLowerCase().endsWith(".csv"));
  if (csvCount.length === 0)
    print(`warning: ${options.dataDir} holds no .csv files (one per tab).`);

  const secrets = await loadOrCreateSecrets(options.stateDir);
  const log = openLog(options.stateDir);
  const persistTo = join(options.stateDir, "state");
  let emulator: SheetsEmulator | null = null;
  let mail: LocalMail | null = null;
  let worker: WorkerProcess | null = null;
  let watcher: SheetWatcher | null = null;
  let control: Server | null = null;
  let poller: NodeJS.Timeout | null = null;
  let ticks: CronTicks | null = null;
  /** Emails the inbox held when it started: kept from earlier starts. */
  let keptEmails = 0;
  let stopping: Promise<void> | null = null;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const stop = (code = 0) => {
    stopping ??= (async () => {
      if (poller) clearInterval(poller);
      ticks?.stop();
      watcher?.close();
      await new Promise<void>((r) => (control ? control.close(() => r()) : r()));
      await worker?.stop();
      await mail?.close();
      await emulator?.close();
      await removeInstance(options.stateDir, process.pid);
      await new Promise<void>((r) => log.end(() => r()));
      finish(code);
    })();
    return stopping;
  };

  try {
    emulator = await startSheetsEmulator({
      dataDir: options.dataDir,
      port: options.sheetsPort,
      host: "127.0.0.1",
      keyFile: join(options.stateDir, "sheets-emulator-key.json"),
      metaFile: join(options.stateDir, `sheets-emulator-${basename(options.dataDir)}.json`),
      watch: true,
    });
    mail = await startLocalMail({
      port: options.inboxPort,
      mailDirectory: join(options.stateDir, "inbox"),
      clear: options.clearInbox,
      credentials: { [secrets.SES_ACCESS_KEY_ID]: secrets.SES_SECRET_ACCESS_KEY },
      onLost: (message, error) =>
        print(
          `inbox: SES accepted an email to ${message.to.join(", ")} that the inbox did not take: ${error.message}`,
        ),
    });
    keptEmails = await inboxCount(mail.inbox.url);
    const envFile = await writeEnvFile(
      options.stateDir,
      localVars(secrets, {
        workerPort: options.port,
        sesUrl: mail.sesUrl,
        sheetsUrl: emulator.url,
        tokenUrl: emulator.tokenUrl,
        spreadsheetId: emulator.spreadsheetId,
        serviceAccountKey: JSON.stringify(emulator.serviceAccountKey),
      }),
    );
    print("Applying D1 migrations…");
    await applyMigrations(persistTo, log);
    print("Starting the Worker in workerd…");
    worker = await startWorker({
      port: options.port,
      persistTo,
      envFile,
      log,
      onError: (line) => print(`worker: ${line}`),
    });
    await writeInstance({
      stateDir: options.stateDir,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      workerUrl: worker.url,
      inboxUrl: mail.inbox.url,
      sheetsUrl: emulator.url,
      dataDir: options.dataDir,
      adminToken: secrets.ADMIN_TOKEN,
    });
  } catch (error) {
    await stop(1);
    throw error;
  }

  const workerUrl = worker.url;
  const inboxUrl = mail.inbox.url;
  void worker.exited.then((code) => {
    if (stopping) return;
    print(
      `The Worker stopped unexpectedly (exit ${code}); see ${join(options.stateDir, "liqaa-start.log")}. Stopping.`,
    );
    void stop(1);
  });

  // The production schedule, fired through the real scheduled handler.
  const cron = (await productionCron(PROJECT_ROOT)) ?? "*/5 * * * *";
  const step = minuteStep(cron);
  if (step === null && options.tickSeconds === null) {
    print(
      `warning: cron "${cron}" is not of the form */N * * * *; scheduled syncs run every 5 minutes.`,
    );
  }
  print(`
Liqaa is running / لقاء يعمل
  feed / الخلاصة:              ${workerUrl}/feed.json
  calendar / التقويم:          ${workerUrl}/calendar.ics
  widget demo / صفحة العرض:    ${workerUrl}/
  inbox / صندوق البريد:        ${inboxUrl}/
  sheet to edit / الجدول:      ${options.dataDir}
  Sheets API emulator:         ${emulator.url}
Edit a CSV file and Liqaa syncs within seconds; \`npm run sync\` syncs now;
the cron (${options.tickSeconds === null ? cron : `every ${options.tickSeconds} s`}) syncs as in production. Ctrl-C stops.
`);
  if (keptEmails > 0) {
    print(
      `inbox: ${keptEmails} email${keptEmails === 1 ? "" : "s"} kept from earlier starts (npm start -- --clear-inbox empties it).`,
    );
  }

  // One sync at a time; requests that arrive during a sync share the next one.
  let running: Promise<ControlReply> | null = null;
  let next: Promise<ControlReply> | null = null;
  let queuedSinceStart = 0;
  const runSync = async (reason: string): Promise<ControlReply> => {
    watcher?.hold();
    const newIds = await awaitsIds(options.dataDir);
    try {
      const result =
        reason === "cron"
          ? await requestCron(workerUrl, secrets.ADMIN_TOKEN, cron, {
              queuedBefore: queuedSinceStart,
            })
          : await requestSync(workerUrl, secrets.ADMIN_TOKEN, { queuedBefore: queuedSinceStart });
      const counts = result.ok ? result.summary?.counts : null;
      if (counts && typeof counts === "object" && "enqueued" in counts) {
        queuedSinceStart += Number(counts.enqueued) || 0;
      }
      print(`[${time()}] ${result.line} (${reason})`);
      if (result.ok && newIds && !reason.startsWith("follow-up")) {
        void sync("follow-up: mail for rows that just got their ID");
      }
      return result;
    } finally {
      await watcher?.accept();
    }
  };
  const sync = (reason: string): Promise<ControlReply> => {
    if (stopping) return Promise.resolve({ ok: false, line: "Liqaa is stopping" });
    if (!running) {
      running = runSync(reason).finally(() => {
        running = null;
      });
      return running;
    }
    next ??= running.then(() => {
      next = null;
      return sync(reason);
    });
    return next;
  };
  await sync("start");
  ticks = startTicks(
    options.tickSeconds !== null
      ? { everyMs: options.tickSeconds * 1000 }
      : { stepMinutes: step ?? 5 },
    () => sync("cron"),
  );
  watcher = await watchSheet(options.dataDir, options.debounceMs, (files) => {
    const names = files.map((f) => basename(f)).join(", ");
    void sync(`changed: ${names}`);
  });
  control = await startControl(options.stateDir, sync).catch((error: Error) => {
    print(
      `warning: no control socket (${error.message}); npm run sync will call the Worker directly.`,
    );
    return null;
  });

  let seen = keptEmails;
  let polling = false;
  const poll = async () => {
    const total = await inboxCount(inboxUrl);
    // Fewer than before: some were deleted on the inbox's page.
    if (total <= seen) {
      seen = total;
      return;
    }
    const fresh = await inboxEmails(inboxUrl, seen);
    if (fresh.length === 0) return;
    seen += fresh.length;
    print(
      `[${time()}] inbox: ${fresh.length} new email${fresh.length === 1 ? "" : "s"} (${seen} in all), latest: ${fresh.at(-1)?.subject}`,
    );
  };
  poller = setInterval(() => {
    if (polling || stopping) return;
    polling = true;
    poll()
      .catch(() => {
        // The inbox is ours and local; a missed poll is caught up by the next.
      })
      .finally(() => {
        polling = false;
      });
  }, 1_000);

  return { done, stop: () => stop(0) };
}

export { StartRefused };
