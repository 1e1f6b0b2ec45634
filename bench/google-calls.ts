// Benchmark 4: Google calls per sync, counted where Google would count them — at
// the Sheets emulator — while the real Worker (workerd, D1, KV, the mail queue
// and its consumer sending to the SES stand-in) runs POST /admin/sync. The sheet
// is generated; the Worker is first brought to a steady state (syncs repeated,
// mail drained, until a sync writes nothing), then one sync of the unchanged
// sheet and one after a staff-like edit of one cell are counted.
import { join } from "node:path";
import { generateSheet, writeGeneratedSheet } from "../scripts/generate-sheet.ts";
import { readSheetFolder, writeTab } from "../scripts/lib/csv-folder.ts";
import { type SesFake, startSesFake, TEST_CREDENTIALS } from "../scripts/ses-fake/server.ts";
import {
  type CallCounts,
  type SheetsEmulator,
  startSheetsEmulator,
} from "../scripts/sheets-emulator/server.ts";
import { TABS } from "../src/sheet/contract.ts";
import type { SyncSummary } from "../src/sync/run.ts";
import { BENCH_ADMIN_TOKEN, type RealWorker, startRealWorker } from "./real-worker.ts";
import type { Bundle } from "./workers.ts";

export interface CallsRow {
  label: string;
  reads: number;
  writes: number;
  tokens: number;
  byMethod: Record<string, number>;
  /** What the run itself counted (SyncSummary.counts), to compare with the emulator. */
  summary: SyncSummary["counts"];
  outcome: SyncSummary["outcome"];
}

export interface CallsResult {
  meetings: number;
  /** Syncs it took to reach a sync that writes nothing (the first included). */
  syncsToSteady: number;
  rows: CallsRow[];
}

const [ACCESS_KEY_ID, SECRET_ACCESS_KEY] = Object.entries(TEST_CREDENTIALS)[0] as [string, string];

/** The Worker's vars and secrets, pointed at the Sheets emulator and the SES stand-in. */
export function localWorkerVars(
  emulator: { url: string; tokenUrl: string; spreadsheetId: string; serviceAccountKey: unknown },
  sesUrl: string,
  maxSendRate: number,
): Record<string, string> {
  const at = { ...emulator, sheetsUrl: emulator.url, sesUrl, maxSendRate };
  return {
    SHEET_ID: at.spreadsheetId,
    GOOGLE_TOKEN_URL: at.tokenUrl,
    SHEETS_API_URL: at.sheetsUrl,
    GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify(at.serviceAccountKey),
    SES_REGION: "eu-central-1",
    SES_ENDPOINT: at.sesUrl,
    SES_MAX_SEND_RATE: String(at.maxSendRate),
    SES_ACCESS_KEY_ID: ACCESS_KEY_ID,
    SES_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    SIGNING_SECRET: "bench-signing-secret-0123456789abcdef",
    // Only for links inside emails; nothing follows them here.
    PUBLIC_URL: "http://127.0.0.1:8787",
    DRY_RUN: "false",
  };
}

function delta(
  before: CallCounts,
  after: CallCounts,
): Omit<CallsRow, "label" | "summary" | "outcome"> {
  const byMethod: Record<string, number> = {};
  for (const [method, n] of Object.entries(after.byMethod)) {
    const d = n - (before.byMethod[method] ?? 0);
    if (d > 0) byMethod[method] = d;
  }
  return {
    reads: after.reads - before.reads,
    writes: after.writes - before.writes,
    tokens: after.tokens - before.tokens,
    byMethod,
  };
}

/** Outbox rows still waiting for the consumer; 0 once every queued email was sent (or gave up). */
export async function unsentCount(db: D1Database): Promise<number> {
  const row = await db
    .prepare(
      "SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'claimed', 'failed_transient') AND enqueued_at IS NOT NULL",
    )
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Waits (bounded, polling every `pollMs`) until the mail queue has nothing left to send. */
export async function drained(db: D1Database, timeoutMs: number, pollMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await unsentCount(db)) === 0) return true;
    await new Promise((done) => setTimeout(done, pollMs));
  }
  return false;
}

export interface LocalStack {
  emulator: SheetsEmulator;
  ses: SesFake;
  worker: RealWorker;
}

/**
 * The folder `dir` served by a fresh Sheets emulator, an SES fake, and the real
 * Worker pointed at both; runs `work` with them and closes all three after it.
 */
export async function withLocalStack<T>(
  bundle: Bundle,
  dir: string,
  mail: { maxSendRate: number; sesMaxRate?: number; mailBatchSize?: number },
  work: (stack: LocalStack) => Promise<T>,
): Promise<T> {
  const emulator = await startSheetsEmulator({ dataDir: dir, host: "127.0.0.1", port: 0 });
  const ses = await startSesFake({
    host: "127.0.0.1",
    ...(mail.sesMaxRate === undefined ? {} : { maxRate: mail.sesMaxRate }),
  });
  let worker: RealWorker | null = null;
  try {
    worker = await startRealWorker(
      bundle,
      localWorkerVars(emulator, ses.url, mail.maxSendRate),
      mail.mailBatchSize,
    );
    return await work({ emulator, ses, worker });
  } finally {
    await worker?.close();
    await ses.close();
    await emulator.close();
  }
}

/** The first scheduled, future meeting row (by its status and year), to edit as staff would. */
function rowToEdit(meetings: string[][]): number {
  for (let i = 1; i < meetings.length; i++) {
    const row = meetings[i] as string[];
    const year = Number(/^(\d{4})-/.exec(row[0] ?? "")?.[1] ?? 0);
    if (year >= 2027 && (row[14] === "مؤكد" || row[14] === "scheduled")) return i;
  }
  throw new Error("the generated sheet has no scheduled future meeting to edit");
}

export async function googleCalls(
  bundle: Bundle,
  work: string,
  meetings: number,
  /** false (the quick mode): skip the new-meeting steps, which take three more syncs and a drain. */
  full = true,
): Promise<CallsResult> {
  const dir = join(work, "calls-sheet");
  await writeGeneratedSheet(dir, generateSheet({ meetings, seed: 11 }));
  // Mail is not what is measured here: let the queue drain quickly.
  return withLocalStack(bundle, dir, { maxSendRate: 500 }, async ({ emulator, worker: w }) => {
    const rows: CallsRow[] = [];
    const counted = async (label: string) => {
      const before = emulator.calls();
      const summary = await w.sync();
      const row: CallsRow = {
        label,
        ...delta(before, emulator.calls()),
        summary: summary.counts,
        outcome: summary.outcome,
      };
      if (summary.outcome !== "ok")
        throw new Error(`${label}: the sync ${summary.outcome}: ${JSON.stringify(summary.error)}`);
      return row;
    };

    rows.push(await counted("first sync (empty D1: tab titles, own tabs, every ID and status)"));
    // Steady state: the first syncs write IDs and statuses, then "sent" once the
    // mail has gone; a sync of a sheet nobody touched writes nothing after that.
    let syncsToSteady = 1;
    for (let i = 0; i < 6; i++) {
      if (!(await drained(w.db, 120_000))) throw new Error("the mail queue did not drain in 120 s");
      const row = await counted(`settling sync ${i + 1}`);
      syncsToSteady++;
      if (row.writes === 0 && row.summary.enqueued === 0 && row.summary.requeued === 0) break;
      if (i === 5) throw new Error("no steady state after 7 syncs: every sync still writes");
    }
    rows.push(await counted("unchanged sheet"));

    // Staff move one scheduled meeting to another place: an update for its invitees.
    const edit = async (change: (meetings: string[][], row: number) => void) => {
      const tabs = await readSheetFolder(dir);
      const sheet = (tabs[TABS.meetings.ar] as string[][]).map((r) => [...r]);
      change(sheet, rowToEdit(sheet));
      await writeTab(dir, TABS.meetings.ar, sheet);
    };
    await edit((sheet, row) => {
      (sheet[row] as string[])[7] = "قاعة الاجتماعات الكبرى، غازي عنتاب";
    });
    rows.push(await counted("one cell changed (a scheduled meeting's place)"));
    if (!(await drained(w.db, 120_000))) throw new Error("the mail queue did not drain in 120 s");
    rows.push(await counted("after that change's mail went"));
    if (!full) return { meetings, syncsToSteady, rows };
    // A new meeting typed in without an ID: the sync writes its ID and status into
    // its Meetings row, the write that is guarded by re-reading the tab first.
    await edit((sheet, row) => {
      const copy = [...(sheet[row] as string[])];
      copy[0] = "";
      copy[1] = `${copy[1]} (جلسة ثانية)`;
      copy[18] = "";
      sheet.push(copy);
    });
    rows.push(await counted("a new meeting row (its ID written into the Meetings row)"));
    // With its ID in the sheet, the next sync plans and queues its invitations.
    rows.push(await counted("next sync (the new meeting's invitations queued)"));
    if (!(await drained(w.db, 120_000))) throw new Error("the mail queue did not drain in 120 s");
    rows.push(await counted("after that meeting's mail went"));
    rows.push(await counted("unchanged again"));
    return { meetings, syncsToSteady, rows };
  });
}
