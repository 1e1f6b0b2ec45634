// The integration tests' world: a fresh copy of the demo sheet on the Sheets
// emulator for each test (a new spreadsheet, so nothing a test writes leaks
// into the next), D1 and KV emptied, the SES fake cleared, and the real Worker
// entry points (scheduled, queue, fetch) driven with an env pointing at them.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import type { RawEnv } from "../../../src/env.ts";
import { SNAPSHOT_KEY } from "../../../src/feed/snapshot.ts";
import { DEFAULT_POLICY } from "../../../src/google/retry.ts";
import {
  a1Range,
  createSheetsClient,
  type SheetsClient,
} from "../../../src/google/sheets-client.ts";
import { createTokenSource } from "../../../src/google/token.ts";
import type { OutboxMessage } from "../../../src/outbox/row.ts";
import { lastRuns, type RunRecord } from "../../../src/sync/store.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import worker from "../../../workers/index.ts";
import { emulator, parseKey } from "../google/emulator.ts";
import { clearFake, sesFakeUrl } from "../ses/context.ts";

export const RESPONSES_TAB = "الردود";
export const SYNC_LOG_TAB = "سجل المزامنة";
export const MEETINGS_TAB = "الاجتماعات";

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

export async function accessToken(): Promise<string> {
  const context = emulator();
  const tokens = createTokenSource({
    key: parseKey(context.serviceAccountKey),
    tokenUrl: context.tokenUrl,
    fetch: (input, init) => fetch(input, init),
    policy: DEFAULT_POLICY,
    runtime: { now: () => Date.now(), sleep: async () => {}, random: () => 0 },
  });
  const token = await tokens.get();
  if (!token.ok) throw new Error(token.error.detail);
  return token.value;
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
  const context = emulator();
  const tabs = Object.entries(context.expectedTabs);
  const response = await fetch(`${context.url}/v4/spreadsheets`, {
    method: "POST",
    headers: { authorization: `Bearer ${await accessToken()}`, "content-type": "application/json" },
    body: JSON.stringify({
      properties: { title: "Liqaa test" },
      sheets: [
        ...tabs.map(([title]) => title),
        ...(ownTabs ? [RESPONSES_TAB, SYNC_LOG_TAB] : []),
      ].map((title) => ({
        properties: { title },
      })),
    }),
  });
  if (!response.ok) throw new Error(`create: ${response.status} ${await response.text()}`);
  const { spreadsheetId } = (await response.json()) as { spreadsheetId: string };
  const staff = staffClient(spreadsheetId);
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
  return { sheetId: spreadsheetId, staff };
}

/** D1 back to its state after migrations, the feed snapshot gone, the SES fake empty. */
export async function resetWorld(): Promise<void> {
  await env.DB.batch(
    [
      "DELETE FROM outbox",
      "DELETE FROM invitations",
      "DELETE FROM meetings",
      "DELETE FROM deliveries",
      "DELETE FROM suppressions",
      "DELETE FROM unsubscribes",
      "DELETE FROM rsvps",
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
  await fetch(`${emulator().url}/__control/reset`, { method: "POST" });
}

export interface World {
  sheetId: string;
  staff: SheetsClient;
  queue: RecordingQueue;
  env: RawEnv;
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

/** Delivers messages to the Worker's queue handler as the mail Queue would. */
export async function deliver(world: World, bodies: OutboxMessage[]) {
  const batch = createMessageBatch<OutboxMessage>(
    "liqaa-mail",
    bodies.map((body, i) => ({ id: `msg-${i}`, timestamp: new Date(), attempts: 1, body })),
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

/** Reads one tab as the staff see it. */
export async function tab(world: World, title: string): Promise<string[][]> {
  const read = await world.staff.batchGet([a1Range(title)]);
  if (!read.ok) throw new Error(read.error.detail);
  return (read.value[0]?.values ?? []).map((row) => row.map((c) => (c == null ? "" : String(c))));
}

export async function emulatorCalls(): Promise<{
  reads: number;
  writes: number;
  byMethod: Record<string, number>;
}> {
  return (await fetch(`${emulator().url}/__control/calls`)).json();
}

/** Zeroes the emulator's call counts (and drops any fault still queued). */
export async function resetCalls(): Promise<void> {
  await fetch(`${emulator().url}/__control/reset`, { method: "POST" });
}

export async function injectFault(fault: {
  status?: 403 | 429 | 500 | 503;
  hangMs?: number;
  count: number;
}) {
  const response = await fetch(`${emulator().url}/__control/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(await response.text());
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
