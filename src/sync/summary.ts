// What one sync reports: the counts, the problems staff are shown, and how it
// ended. The pipeline in run.ts fills a RunLog step by step; finishing it writes
// the run record to D1 and returns the summary the admin route and the cron see.
import type { Problem } from "../sheet/types.ts";
import { finishRunStatement } from "./run-record.ts";

export type SyncOutcome = "ok" | "failed" | "skipped";

// A type, not an interface, so it fits the run record's Record<string, number>.
export type SyncCounts = {
  reads: number;
  writes: number;
  meetings: number;
  rejected: number;
  problems: number;
  planned: number;
  recorded: number;
  composed: number;
  /** Emails put on the mail Queue for the first time by this run: newly queued for sending. */
  enqueued: number;
  /** Emails queued before and sent to the Queue again (a message that seems lost, a retry now due): not new mail. */
  requeued: number;
  rowsWritten: number;
  rowsHeldBack: number;
  tabsWritten: number;
  /** Liqaa's own tabs (Responses, Sync log) added because the sheet had none. */
  tabsCreated: number;
  snapshotWritten: number;
  /** 1 when the feed was left as it was: the sheet's structure is broken or the snapshot failed its check. */
  snapshotKept: number;
  /** Problem digests queued for staff (one per staff address). */
  digests: number;
  /** Outbox rows that could not be rendered (their meeting left the sheet, no sender in Settings). */
  uncomposed: number;
  /** 1 when the sheet and D1 were as the last full sync left them: nothing was parsed, planned or written (unchanged.ts). */
  unchanged: number;
  /** 1 when only a few Meetings rows changed and only they were parsed and planned (incremental.ts). */
  incremental: number;
};

export interface SyncError {
  kind: string;
  /**
   * write_failed: the sheet was read and mail went out; only the write-back
   * failed. The summary's outcome is failed; the run is recorded as write_failed.
   */
  outcome?: "write_failed";
  message: { ar: string; en: string };
  detail: string;
}

export interface SyncSummary {
  runId: string;
  outcome: SyncOutcome;
  /** DRY_RUN: counts.planned is what would go; nothing was recorded or sent. */
  dryRun: boolean;
  /** Which step failed, when one did. */
  failedAt?: "read" | "write";
  error?: SyncError;
  counts: SyncCounts;
  problems: Problem[];
}

/** Problems kept in a run's D1 record; the rest are counted (counts.problems) and listed in the Sync log tab. */
const RUN_PROBLEMS_KEPT = 200;

const emptyCounts = (): SyncCounts => ({
  reads: 0,
  writes: 0,
  meetings: 0,
  rejected: 0,
  problems: 0,
  planned: 0,
  recorded: 0,
  composed: 0,
  enqueued: 0,
  requeued: 0,
  rowsWritten: 0,
  rowsHeldBack: 0,
  tabsWritten: 0,
  tabsCreated: 0,
  snapshotWritten: 0,
  snapshotKept: 0,
  digests: 0,
  uncomposed: 0,
  unchanged: 0,
  incremental: 0,
});

/**
 * One run's record while it runs. `problems` is the run's one list of what
 * staff are shown (the Sync log, the digest, the run record), in the order the
 * steps found them; steps add to it, nothing else does.
 */
export class RunLog {
  readonly summary: SyncSummary;
  /** Calls to Google so far; the counted Sheets client adds to it. */
  readonly calls = { reads: 0, writes: 0 };
  private finished = false;
  /** Writes that may wait for the record (see `later`). */
  private pending: D1PreparedStatement[] = [];
  private readonly db: D1Database;
  private readonly now: () => Date;

  constructor(db: D1Database, runId: string, dryRun: boolean, now: () => Date) {
    this.db = db;
    this.now = now;
    this.summary = { runId, outcome: "ok", dryRun, counts: emptyCounts(), problems: [] };
  }

  get counts(): SyncCounts {
    return this.summary.counts;
  }

  get problems(): Problem[] {
    return this.summary.problems;
  }

  addProblems(problems: readonly Problem[]): void {
    this.summary.problems.push(...problems);
  }

  /** counts.problems: how many problems the run had found when this is called. */
  countProblems(): void {
    this.summary.counts.problems = this.summary.problems.length;
  }

  /** A failed read keeps only what explains it: the sheet's own problems are not known. */
  replaceProblems(problems: Problem[]): void {
    this.summary.problems = problems;
  }

  /**
   * Statements written in the record's batch, before it, whichever way the run
   * ends: writes that need not land earlier and are harmless to lose when the
   * isolate dies before the record (the enqueued_at marks).
   */
  later(statements: readonly D1PreparedStatement[]): void {
    this.pending.push(...statements);
  }

  /** Writes what `later` holds now: for a step that must see it written (a second enqueue in the same run). */
  async writeLater(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.db.batch(this.pending);
    this.pending = [];
  }

  /**
   * Writes the run record; the record keeps the first problems only (D1 refuses
   * a value over 2 MB). `first`: the run's last writes, in the same batch before
   * the record (one round trip); when that batch is refused, nothing of it was
   * written and the run can still be recorded as crashed.
   */
  async finish(
    outcome: SyncOutcome,
    first: readonly D1PreparedStatement[] = [],
  ): Promise<SyncSummary> {
    this.finished = true;
    const { summary } = this;
    summary.outcome = outcome;
    summary.counts.reads = this.calls.reads;
    summary.counts.writes = this.calls.writes;
    const kept = summary.problems.slice(0, RUN_PROBLEMS_KEPT);
    const record = finishRunStatement(this.db, summary.runId, {
      now: this.now(),
      outcome: summary.error?.outcome ?? outcome,
      counts: summary.counts,
      problems: summary.error ? [summary.error, ...kept] : kept,
    });
    const before = [...this.pending, ...first];
    if (before.length === 0) await record.run();
    else {
      try {
        await this.db.batch([...before, record]);
      } catch (error) {
        this.finished = false;
        throw error;
      }
    }
    return summary;
  }

  /** Whatever threw, the run is recorded as failed rather than left "running". */
  async crashed(error: unknown): Promise<void> {
    if (this.finished) return;
    this.summary.error = {
      kind: "exception",
      message: {
        ar: "توقفت المزامنة بسبب خطأ غير متوقع؛ ستعاد المحاولة في الدورة التالية.",
        en: "The sync stopped on an unexpected error; the next run tries again.",
      },
      detail: error instanceof Error ? error.message : String(error),
    };
    await this.finish("failed").catch(() => {});
  }
}
