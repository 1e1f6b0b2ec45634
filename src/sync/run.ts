// One sync, start to end, as a list of named steps: sweep → read → unchanged? →
// incremental? or (substitutes → parse → series → plan) → record → compose → resend →
// enqueue → publish → write back → finish; an unchanged sheet stops after the read
// (unchanged.ts), a few changed Meetings rows are parsed and planned alone
// (incremental.ts), anything else runs the full parse and plan (full-inputs.ts). Each step
// is a function in its own module that takes what it needs and returns a typed
// result; the run's problems are collected here, in the RunLog, in the order the
// steps find them. Google failing ends the run cleanly: it is recorded in D1,
// the last snapshot stays, and the next tick tries again. Overlapping runs are
// safe: recordPlan's compare-and-swap lets only one of them record.
//
// Calls to Google per run: 1 read in steady state. A run that writes Meetings
// rows re-reads the Meetings tab first, so a changed sheet costs 2 reads + 1
// write (see write-sheet.ts); read.ts says when the tab titles are looked up.
import type { GoogleError } from "../google/errors.ts";
import type { SheetsClient } from "../google/sheets-client.ts";
import { type DueRow, dueStatement, enqueueDue } from "../outbox/enqueue.ts";
import { type Unprepared, unpreparedStatement } from "../outbox/inputs.ts";
import type { MailQueue } from "../outbox/row.ts";
import { queueSchedules } from "../series/schedule-mail.ts";
import type { Problem } from "../sheet/types.ts";
import { type Begun, beginRun } from "./begin.ts";
import { storedUids as readStoredUids } from "./calendar-uids.ts";
import { prepareCompose } from "./compose.ts";
import { queueDigest, rememberedSettings, rememberSettingsStatement } from "./digest.ts";
import { earlyReads } from "./early-reads.ts";
import { fullInputs, hasSeries, type Inputs, scheduleTab } from "./full-inputs.ts";
import { forgetContext, keepable, keepContext, tryIncremental } from "./incremental.ts";
import { failingSince, outageProblem, writeFailedMessage, writeOutageProblem } from "./outage.ts";
import { queueProblemDigest } from "./problem-digest.ts";
import { publish } from "./publish.ts";
import { counted, readWorkbook } from "./read.ts";
import { resendFromSheet } from "./resend-step.ts";
import { composeProblems } from "./responses.ts";
import { recordPlan } from "./store.ts";
import { RunLog, type SyncSummary } from "./summary.ts";
import { fullSyncMemory, lookUnchanged } from "./unchanged.ts";
import { writeSheet } from "./write-sheet.ts";

export type { SyncOutcome, SyncSummary } from "./summary.ts";
export { dryRunStatus } from "./write-sheet.ts";

export interface SyncDeps {
  db: D1Database;
  feed: KVNamespace;
  queue: MailQueue;
  sheets: SheetsClient;
  /** SHEET_ID: the remembered tab titles belong to one spreadsheet. */
  sheetId: string;
  signingSecret: string;
  publicUrl: string | null;
  /** REPLIES_ADDRESS: the ORGANIZER of invitations, read by the email() trigger; null: the sender. */
  repliesAddress?: string | null;
  /** The spreadsheet's address for staff (the digest's button), when it is Google's. */
  sheetUrl?: string | null;
  /** DRY_RUN=true: plan and show the plan (Sync status, run summary), but record, compose and enqueue nothing. */
  dryRun: boolean;
  now: () => Date;
  newId: () => string;
}

export async function runSync(deps: SyncDeps): Promise<SyncSummary> {
  const log = new RunLog(deps.db, deps.newId(), deps.dryRun, deps.now);
  const started = deps.now();
  // The run's record, the stale-claim sweep and the tab titles: one round trip (begin.ts).
  const begun = await beginRun(deps.db, log, deps.sheetId, started);
  try {
    return await pipeline(deps, log, started, begun);
  } catch (error) {
    // The error still goes up, so the Workers logs show it.
    await log.crashed(error);
    throw error;
  }
}

async function pipeline(
  deps: SyncDeps,
  log: RunLog,
  started: Date,
  begun: Begun,
): Promise<SyncSummary> {
  const sheets = counted(deps.sheets, log.calls);
  // Claims a dead worker left behind were swept by beginRun: sent-maybe became
  // unconfirmed, never-sent went back.
  const read = await readWorkbook(deps, sheets, begun.tabs);
  if (!read.ok) return failed(deps, log, started, "read", read.error);
  const look = await lookUnchanged(unchangedDeps(deps), read.workbook, log.summary.runId, started);
  if (look.unchanged) return unchangedRun(deps, log);

  const now = deps.now();
  const config = contextConfig(deps);
  // Reads for the steps after the plan (the mail problems of the Sync log, the
  // served Resend requests, the calendar UIDs compose and publish need), run
  // in the state's batch: up to three round trips less. The UIDs not on a
  // first sync (no sync remembered): its compose fixes and reads them all anyway.
  const reads = earlyReads(deps, now, look.remembered !== null);
  const early = reads.statements;
  const incremental = deps.dryRun
    ? null
    : await tryIncremental({
        db: deps.db,
        workbook: read.workbook,
        look,
        config,
        started,
        now,
        early,
      });
  // Whatever this run does next, the kept context no longer says what the last sync did.
  forgetContext();
  // No context is kept of a sheet with a bilateral series (below); a changed row
  // that just became one is expanded by the full sync, never planned as one meeting.
  const inputs: Inputs =
    incremental !== null &&
    !("fallback" in incremental) &&
    !hasSeries(incremental.sheet, read.workbook)
      ? {
          ...incremental,
          series: { planned: incremental.sheet, views: [], kept: false },
          feedSheet: incremental.known,
          scheduleHeld: false,
        }
      : await fullInputs(deps, read.workbook, log.summary.runId, started, now, early);
  const { state, sheet, known, decided, series, feedSheet } = inputs;
  const earlyRead = reads.from(inputs.early);
  const storedUids = earlyRead.uids;
  if (inputs.rows.length > 0) log.counts.incremental = 1;
  log.addProblems(inputs.planned);
  log.counts.meetings = sheet.meetings.length;
  log.counts.rejected = sheet.rejected.length;
  log.counts.planned = decided.emails.length;
  log.countProblems();
  // A dry run records nothing: the ledger stays as it was, so the first real
  // sync plans from scratch instead of sending a backlog of stale updates.
  let resendNotes: ReadonlyMap<string, { ar: string; en: string }> = new Map();
  let uids: ReadonlyMap<string, string> | null = null;
  /** The compose step's snapshot, stored in the problem digest's batch. */
  let stored: D1PreparedStatement[] = [];
  if (!deps.dryRun) {
    // The rows the compose step prepares, read in the plan's own batch: its
    // inserts included, one round trip less.
    const recorded = await recordPlan(
      deps.db,
      decided,
      { version: state.version, runId: log.summary.runId, now },
      [unpreparedStatement(deps.db)],
    );
    // Another sync recorded since this one loaded the state: it owns this round.
    if (!recorded.ok) return log.finish("skipped");
    log.counts.recorded = recorded.inserted;
    // The secretariat's copy of each series' schedule, composed now like the digest.
    log.counts.recorded += await queueSchedules(
      deps.db,
      series.views,
      sheet.settings,
      state,
      log.summary.runId,
      now,
    );

    const composeDeps = {
      db: deps.db,
      sheet: known,
      signingSecret: deps.signingSecret,
      publicUrl: deps.publicUrl,
      repliesAddress: deps.repliesAddress ?? null,
      now,
    };
    // What rendering needs, stored beside the rows; the mailer renders each one
    // just before sending it, so this run renders none of the emails it planned.
    // An update carries the fingerprint this plan replaced (what its invitees were
    // last sent), to show what changed, old beside new.
    const previousFingerprints = new Map([...state.meetings].map(([k, m]) => [k, m.fingerprint]));
    const unprepared = recorded.after?.[0]?.results as Unprepared[] | undefined;
    const prepared = await prepareCompose({
      ...composeDeps,
      runId: log.summary.runId,
      previousFingerprints,
      ...(unprepared ? { rows: unprepared } : {}),
      ...(storedUids ? { storedUids } : {}),
      // Stored in the problem digest's batch below, before the mail due is read.
      deferStore: true,
    });
    stored = prepared.store;
    log.counts.composed = prepared.prepared;
    log.counts.uncomposed = prepared.problems.length;
    uids = prepared.uids;
    log.addProblems(composeProblems(prepared.problems, sheet));

    // Staff's Resend cells: after compose, so a resent email is queued below.
    const resent = await resendFromSheet({
      ...composeDeps,
      sheetId: deps.sheetId,
      workbook: read.workbook,
      runId: log.summary.runId,
      readAt: started,
      records: earlyRead.resendRecords,
    });
    resendNotes = resent.notes;
  }
  // Unsent digests, then the replies address's lines (read in the state's batch).
  log.addProblems(earlyRead.mailProblems);

  // Before the digest, so what kept the feed back is in it and in the Sync log.
  // The UIDs the compose step fixed and read, else as stored (none fixed this run).
  const published = await publish(
    deps.feed,
    feedSheet,
    now,
    uids ?? storedUids ?? (await readStoredUids(deps.db)),
  );
  log.addProblems(published.problems);
  log.countProblems();
  log.counts.snapshotWritten = published.written ? 1 : 0;
  log.counts.snapshotKept = published.kept ? 1 : 0;
  // The Settings an outage's digest uses: written first in the problem digest's batch.
  const remember =
    sheet.settingsTrusted !== false
      ? rememberSettingsStatement(deps.db, deps.sheetId, sheet.settings, now)
      : null;
  if (deps.dryRun) {
    await remember?.run();
  } else {
    // A dry run queues no digest either: it would wait in the outbox and go out later.
    const digest = await queueProblemDigest(digestDeps(deps, log, now), {
      settings: sheet.settings,
      problems: log.problems,
      first: [...stored, ...(remember ? [remember] : [])],
      // The mail due for the Queue, this digest included, read in its batch.
      last: [dueStatement(deps.db, now)],
    });
    log.counts.digests = digest.queued;
    await enqueue(deps, log, now, digest.last[0]?.results as DueRow[] | undefined);
  }

  const written = await writeSheet(
    deps,
    sheets,
    {
      workbook: read.workbook,
      sheet,
      problems: log.problems,
      statusByMeeting: decided.statusByMeeting,
      responsesSkipped: decided.responsesSkipped,
      resendNotes,
      ...(inputs.scheduleHeld ? {} : scheduleTab(series, read.workbook, state, sheet)),
      // The Responses titles of a series' organisations' meetings, kept ones included.
      mailed: series.planned.meetings,
      now,
      ...(inputs.rows.length > 0 ? { onlyRows: new Set(inputs.rows) } : {}),
      ...(inputs.patchResponses ? { patchResponses: inputs.patchResponses } : {}),
    },
    log.counts,
  );
  if (!written.ok) return failed(deps, log, started, "write", written.error);
  const fullAt = inputs.rows.length > 0 ? look.remembered?.fullAt : undefined;
  const memory = await fullSyncMemory(deps.db, deps.sheetId, look.seen, {
    meetings: known.meetings,
    reminderHours: sheet.settings.reminder_hours,
    followUpDays: sheet.settings.follow_up_days,
    digestMinutes: sheet.settings.digest_minutes,
    now,
    ...(fullAt ? { fullAt } : {}),
  });
  const { uncomposed, rowsHeldBack } = log.counts;
  const context =
    inputs.book &&
    // A sheet with a bilateral series always runs the full sync (full-inputs.ts).
    !hasSeries(sheet, read.workbook) &&
    keepable({
      ok: true,
      once: inputs.once,
      dryRun: deps.dryRun,
      decided,
      uncomposed,
      rowsHeldBack,
    })
      ? {
          ...look.seen,
          config,
          workbook: read.workbook,
          book: inputs.book,
          sheet,
          known,
          statusByMeeting: decided.statusByMeeting,
          responsesSkipped: decided.responsesSkipped,
          vanished: decided.vanished,
          planned: inputs.planned,
          responses: written.lines,
        }
      : null;
  // What the next sync compares with, and the run's record: one round trip.
  const summary = await log.finish("ok", [memory]);
  if (context) keepContext(context);
  return summary;
}

/** What besides the sheet and D1 shapes a run's output: a kept context holds for these only. */
const contextConfig = (deps: SyncDeps) =>
  JSON.stringify([
    deps.publicUrl,
    deps.sheetUrl ?? null,
    deps.repliesAddress ?? null,
    deps.sheetId,
  ]);

const unchangedDeps = (deps: SyncDeps) => ({
  db: deps.db,
  sheetId: deps.sheetId,
  publicUrl: deps.publicUrl,
  dryRun: deps.dryRun,
  sheetUrl: deps.sheetUrl ?? null,
});

/**
 * The sheet and D1 as the last full sync left them, nothing due (unchanged.ts):
 * nothing is parsed, planned or written; only mail already due (retries) goes out.
 */
async function unchangedRun(deps: SyncDeps, log: RunLog): Promise<SyncSummary> {
  log.counts.unchanged = 1;
  if (!deps.dryRun) await enqueue(deps, log, deps.now());
  return log.finish("ok");
}

/** Sends due outbox rows to the mail Queue and counts them in the run. */
async function enqueue(
  deps: SyncDeps,
  log: RunLog,
  at: Date,
  read?: readonly DueRow[],
): Promise<void> {
  // The marks go with the run's record: one round trip less. A second enqueue
  // in the same run (a failed write-back's) must see the first one's marks, or
  // it would queue the same rows again.
  await log.writeLater();
  const sent = await enqueueDue(deps.db, deps.queue, at, undefined, read, (marks) =>
    log.later(marks),
  );
  log.counts.enqueued += sent.enqueued;
  log.counts.requeued += sent.requeued;
}

const digestDeps = (deps: SyncDeps, log: RunLog, now: Date) => ({
  db: deps.db,
  sheetId: deps.sheetId,
  signingSecret: deps.signingSecret,
  publicUrl: deps.publicUrl,
  sheetUrl: deps.sheetUrl ?? null,
  runId: log.summary.runId,
  now,
});

/**
 * A run Google stopped: recorded as failed with what staff should know. After
 * an hour of failures the outage is a problem of its own and staff hear of it
 * by email too (once per outage), from the Settings of the last good sync.
 */
async function failed(
  deps: SyncDeps,
  log: RunLog,
  started: Date,
  at: "read" | "write",
  error: GoogleError,
): Promise<SyncSummary> {
  const { summary } = log;
  summary.failedAt = at;
  summary.error = {
    kind: error.kind,
    ...(at === "write" ? { outcome: "write_failed" as const } : {}),
    message: at === "write" ? writeFailedMessage(error) : error.message,
    detail: error.detail,
  };
  const since = (await failingSince(deps.db, summary.runId)) ?? started;
  const outage: Problem | null =
    at === "write"
      ? writeOutageProblem(since, deps.now(), summary.error.message)
      : outageProblem(since, deps.now(), true);
  if (outage) {
    // A failed read knows none of the sheet's problems; a failed write keeps them.
    log.replaceProblems([...(at === "write" ? log.problems : []), outage]);
    const settings = deps.dryRun ? null : await rememberedSettings(deps.db, deps.sheetId);
    if (settings) {
      const digest = await queueDigest(digestDeps(deps, log, deps.now()), {
        settings,
        problems: [outage],
        hash: `outage:${since.toISOString()}`,
        // A write outage has its own digest memory: the sheet's own problem
        // digest still runs each sync, and sharing one would make each of
        // them news again every five minutes.
        ...(at === "write" ? { stream: "write-outage" as const } : {}),
      });
      log.counts.digests += digest.queued;
    }
  }
  // Mail does not wait for Google: rows a stale-claim sweep released and
  // retries now due are queued even when the sheet cannot be read or written.
  if (!deps.dryRun) await enqueue(deps, log, deps.now());
  return log.finish("failed");
}
