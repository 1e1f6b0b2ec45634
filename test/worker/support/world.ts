// The integration and fault tests' world: a fresh copy of the demo sheet on the
// Sheets emulator for each test (a new spreadsheet, so nothing a test writes
// leaks into the next), D1 and KV emptied, the SES fake cleared, and the real
// Worker entry points (scheduled, queue, fetch) driven with an env pointing at
// them.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { beforeEach, expect, vi } from "vitest";
import type { RawEnv } from "../../../src/env.ts";
import { SNAPSHOT_KEY } from "../../../src/feed/snapshot.ts";
import {
  a1Range,
  createSheetsClient,
  type SheetsClient,
} from "../../../src/google/sheets-client.ts";
import type { OutboxMessage } from "../../../src/outbox/row.ts";
import { lastRuns, type RunRecord } from "../../../src/sync/store.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import worker from "../../../workers/index.ts";
import { clearFake, fakeMessages, sesFakeUrl } from "../ses/context.ts";
import {
  createSpreadsheet,
  emulator,
  emulatorCalls,
  injectFault,
  parseKey,
  resetCalls,
} from "./emulator.ts";
import { RESPONSES_TAB, SYNC_LOG_TAB } from "./sheet.ts";

/** Stands in for the mail Queue binding: keeps what the sync enqueued, for the test to deliver. */
export class RecordingQueue {
  readonly sent: OutboxMessage[] = [];
  async sendBatch(messages: Iterable<MessageSendRequest<OutboxMessage>>): Promise<void> {
    for (const m of messages) this.sent.push(m.body);
  }
  async send(body: OutboxMessage): Promise<void> {
    this.sent.push(body);
  }
  /** Everything enqueued since the last take. */
  take(): OutboxMessage[] {
    return this.sent.splice(0, this.sent.length);
  }
}

export function staffClient(sheetId: string): SheetsClient {
  const context = emulator();
  return createSheetsClient({
    key: parseKey(context.serviceAccountKey),
    sheetId,
    tokenUrl: context.tokenUrl,
    apiUrl: context.url,
    now: () => Date.now(),
    sleep: async () => {},
    random: () => 0.5,
    timeoutMs: 10_000,
    maxAttempts: 1,
  });
}

/**
 * A new spreadsheet holding the demo sheet's tabs plus, unless ownTabs is false
 * (the demo sheet as shipped), empty Responses and Sync log tabs.
 */
export async function freshDemoSheet(
  ownTabs = true,
): Promise<{ sheetId: string; staff: SheetsClient }> {
  const tabs = Object.entries(emulator().expectedTabs);
  const titles = [
    ...tabs.map(([title]) => title),
    ...(ownTabs ? [RESPONSES_TAB, SYNC_LOG_TAB] : []),
  ];
  const sheetId = await createSpreadsheet({
    properties: { title: "Liqaa test" },
    sheets: titles.map((title) => ({ properties: { title } })),
  });
  const staff = staffClient(sheetId);
  const written = await staff.batchUpdate(
    tabs.map(([title, values]) => ({
      range: a1Range(
        title,
        `A1:${columnLetter(Math.max(1, ...values.map((r) => r.length)) - 1)}${values.length}`,
      ),
      values,
    })),
  );
  if (!written.ok) throw new Error(written.error.detail);
  return { sheetId, staff };
}

/** D1 back to its state after migrations, the feed snapshot gone, the SES fake empty. */
export async function resetWorld(): Promise<void> {
  await env.DB.batch(
    [
      "DELETE FROM outbox",
      "DELETE FROM invitations",
      "DELETE FROM meetings",
      "DELETE FROM calendar_uids",
      "DELETE FROM deliveries",
      "DELETE FROM suppressions",
      "DELETE FROM unsubscribes",
      "DELETE FROM rsvps",
      "DELETE FROM substitutes",
      "DELETE FROM series_slots",
      "DELETE FROM sync_runs",
      "DELETE FROM sync_meta",
      "DROP TRIGGER IF EXISTS state_version_compare_and_swap",
      "UPDATE state_version SET version = 0",
      `CREATE TRIGGER state_version_compare_and_swap BEFORE UPDATE OF version ON state_version
       WHEN NEW.version <> OLD.version + 1
       BEGIN SELECT RAISE(ABORT, 'liqaa: stale state, the plan was computed from an older version'); END`,
    ].map((sql) => env.DB.prepare(sql)),
  );
  await env.FEED.delete(SNAPSHOT_KEY);
  await clearFake();
  await resetCalls();
}

export interface World {
  sheetId: string;
  staff: SheetsClient;
  queue: RecordingQueue;
  env: RawEnv;
}

/**
 * A new world before every test of the calling file. The object stays the same
 * across tests; its fields are replaced, so read them inside tests.
 */
export function worldPerTest(
  over: Record<string, unknown> = {},
  opts: { ownTabs?: boolean; timeoutMs?: number } = {},
): World {
  const world = {} as World;
  beforeEach(async () => {
    Object.assign(world, await newWorld(over, opts));
  }, opts.timeoutMs);
  return world;
}

export async function newWorld(
  over: Record<string, unknown> = {},
  opts: { ownTabs?: boolean } = {},
): Promise<World> {
  await resetWorld();
  const { sheetId, staff } = await freshDemoSheet(opts.ownTabs ?? true);
  const queue = new RecordingQueue();
  const context = emulator();
  const workerEnv = {
    ...env,
    SHEET_ID: sheetId,
    SHEETS_API_URL: context.url,
    GOOGLE_TOKEN_URL: context.tokenUrl,
    GOOGLE_SERVICE_ACCOUNT_KEY: context.serviceAccountKey,
    SES_ENDPOINT: sesFakeUrl(),
    SES_MAX_SEND_RATE: "1000",
    // Short waits for an answer that never comes (SES accepting then hanging, a
    // Google call hanging past its timeout), so those tests take seconds, not tens;
    // Google's stays above the longest hang a test wants answered (4 s).
    SES_TIMEOUT_MS: "1000",
    GOOGLE_TIMEOUT_MS: "5000",
    PUBLIC_URL: "https://liqaa.example.org",
    MAIL_QUEUE: queue,
    ...over,
  } as unknown as RawEnv;
  return { sheetId, staff, queue, env: workerEnv };
}

/** One cron tick through the Worker's scheduled handler; returns the run D1 recorded. */
export async function cron(world: World): Promise<RunRecord> {
  const controller = createScheduledController({
    scheduledTime: new Date(),
    cron: "*/5 * * * *",
  });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, world.env, ctx);
  await waitOnExecutionContext(ctx);
  const [run] = await lastRuns(env.DB, 1);
  if (!run) throw new Error("the sync recorded no run");
  return run;
}

/** One scheduled tick that may fail and records nothing for the test; the test decides what a failure means. */
export async function tick(world: World): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: new Date(), cron: "*/5 * * * *" }),
    world.env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

/** A cron tick, then the first message it queued (the rest stay on the queue). */
export async function cronAndTakeFirst(world: World): Promise<OutboxMessage> {
  await cron(world);
  const [first] = world.queue.take();
  if (!first) throw new Error("nothing was enqueued");
  return first;
}

/**
 * Starts a cron tick whose tab lookup and read answer at once and whose re-read
 * before writing hangs `hangMs`, and waits (up to `waitMs`) until it is in that
 * hang: staff can edit the sheet between the sync's read and its write-back.
 */
export async function cronHeldBeforeWrite(
  world: World,
  hangMs: number,
  waitMs: number,
): Promise<{ running: Promise<RunRecord> }> {
  await injectFault({ hangMs: 1, count: 2 });
  await injectFault({ hangMs, count: 1 });
  const running = cron(world);
  await vi.waitFor(
    async () => {
      const calls = await emulatorCalls();
      expect(calls.byMethod["spreadsheets.values.batchGet"]).toBe(2);
    },
    { timeout: waitMs, interval: 20 },
  );
  return { running };
}

/** A failed run `hours` ago in D1, so the next failing one is that long into an outage. */
export async function failedRunHoursAgo(hours: number): Promise<void> {
  const at = new Date(Date.now() - hours * 60 * 60 * 1000).toISOString();
  await env.DB.prepare(
    "INSERT INTO sync_runs (id, started_at, finished_at, outcome) VALUES ('earlier', ?, ?, 'failed')",
  )
    .bind(at, at)
    .run();
}

/**
 * Delivers messages to the Worker's queue handler as the mail Queue would, or,
 * with queue "liqaa-mail-dlq", as its dead-letter queue would.
 */
export async function deliver(
  world: World,
  bodies: OutboxMessage[],
  queue: "liqaa-mail" | "liqaa-mail-dlq" = "liqaa-mail",
) {
  const prefix = queue === "liqaa-mail" ? "msg" : "dlq";
  const batch = createMessageBatch<OutboxMessage>(
    queue,
    bodies.map((body, i) => ({ id: `${prefix}-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, world.env, ctx);
  return getQueueResult(batch, ctx);
}

export async function outboxStates(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state",
  ).all<{ state: string; n: number }>();
  return Object.fromEntries(results.map((r) => [r.state, r.n]));
}

/** Every base64 part of a message, decoded: the digest's text is Arabic, so it is encoded. */
export function decodedParts(raw: string): string {
  const parts = [
    ...raw.matchAll(
      /Content-Transfer-Encoding: base64\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)/g,
    ),
  ];
  return parts
    .map((m) =>
      new TextDecoder().decode(
        Uint8Array.from(atob((m[1] ?? "").replace(/\s+/g, "")), (c) => c.charCodeAt(0)),
      ),
    )
    .join("\n");
}

/** A cron tick, then delivery of everything it queued; returns the run and what SES received meanwhile. */
export async function syncAndDeliver(w: World) {
  const before = (await fakeMessages()).length;
  const run = await cron(w);
  const queued = w.queue.take();
  if (queued.length > 0) await deliver(w, queued);
  return { run, sent: (await fakeMessages()).slice(before) };
}
