// The full sync's parse and plan, and what a bilateral series adds to a run:
// the sheet parsed whole, the state loaded whole, each series expanded into one
// meeting per organisation at its slot (src/series/), then the plan. The
// incremental path (incremental.ts) computes the same for a few rows; run.ts
// takes one or the other.
import { organizerProblem } from "../replies/events.ts";
import { withPublicSchedules } from "../series/public-schedule.ts";
import { findScheduleTab, readPins, scheduleValues } from "../series/schedule-tab.ts";
import { seriesStatuses } from "../series/status.ts";
import { type SeriesRun, seriesStep } from "../series/step.ts";
import type { ContactBook } from "../sheet/contacts.ts";
import { parseSheet } from "../sheet/parse.ts";
import type { ParsedSheet, Problem, Settings, Workbook } from "../sheet/types.ts";
import { substitutesStep } from "../substitutes/step.ts";
import { allSubstitutesStatement, substitutesFrom } from "../substitutes/store.ts";
import { metaFrom, rememberedSettingsStatement } from "./digest.ts";
import type { Incremental } from "./incremental.ts";
import { asKnown, invitedIds, keptMeetings, keptRows } from "./last-good.ts";
import { failingSinceFrom, failingSinceStatement, outageProblem } from "./outage.ts";
import { plan } from "./plan.ts";
import { stamp } from "./stamp.ts";
import { loadStateWith } from "./store.ts";
import type { StoredState } from "./types.ts";
import { staffLanguage } from "./write-back.ts";

/** What the full path needs of the sync's dependencies. */
export interface FullDeps {
  db: D1Database;
  sheetId: string;
  repliesAddress?: string | null;
  dryRun: boolean;
}

/** A run's parse and plan, incremental or full, with the bilateral series' expansion (src/series/). */
export type Inputs = Incremental & {
  series: SeriesRun;
  /** The sheet the feed publishes: a series as its one row. */
  feedSheet: ParsedSheet;
  /** A series row is kept at its last good version: the Schedule tab is not written this run. */
  scheduleHeld: boolean;
};

/**
 * The full sync's parse and plan, from the whole sheet and the whole state:
 * what the incremental path (incremental.ts) computes for a few rows only.
 * Its problems are the run's up to the plan's, in the Sync log's order.
 */
export async function fullInputs(
  deps: FullDeps,
  workbook: Workbook,
  runId: string,
  started: Date,
  now: Date,
  /** Reads of the caller's for the rest of the run (incremental.ts IncrementalInput.early). */
  early: readonly D1PreparedStatement[] = [],
): Promise<Inputs> {
  // The state, every substitute, the last good sync's Settings, when Google
  // started failing and the caller's reads: one round trip.
  const {
    state,
    also: [substitutes, settings, failing, ...read],
  } = await loadStateWith(deps.db, null, [
    allSubstitutesStatement(deps.db),
    rememberedSettingsStatement(deps.db, deps.sheetId),
    failingSinceStatement(deps.db, runId),
    ...early,
  ]);
  // Staff's cleared Substitute cells, then the active substitutes the plan invites.
  const stored = substitutesFrom(substitutes);
  await substitutesStep(deps.db, workbook, state, started, deps.dryRun, stored);
  // A Settings value that is unusable now (an erased time zone) falls back to the last good sync's.
  const lastGood = metaFrom<Settings>(settings);
  let book: ContactBook | null = null;
  const sheet = parseSheet(workbook, {
    existingIds: new Set(state.meetings.keys()),
    invitedIds: invitedIds(state),
    ...(lastGood ? { lastGoodSettings: lastGood } : {}),
    onBook: (parsed) => {
      book = parsed;
    },
  });
  const planned: Problem[] = [...sheet.problems];
  const organizer = organizerProblem(sheet.settings.sender, deps.repliesAddress ?? null);
  if (organizer) planned.push(organizer);
  // The outage just ended goes into this run's Sync log, beside the sheet's own problems.
  const since = failingSinceFrom(failing);
  const ended = since ? outageProblem(since, started, false) : null;
  if (ended) planned.push(ended);
  // A bilateral series is planned as one meeting per organisation, at its slot (src/series/).
  const series = await seriesStep(deps.db, sheet, state, now, deps.dryRun, readPins(workbook));
  const decided = plan({ sheet: series.planned, state, now });
  seriesStatuses(series.views, decided, state, stamp(now, sheet.settings.timezone));
  planned.push(...decided.problems);
  // A row an edit made invalid keeps its last good version for invitees and
  // the website: its reminder is composed from it, and the feed publishes it.
  // The feed publishes a series as its one row; who meets when only if the row says so.
  // Built from the sheet's own rows whatever the series step did: a series row
  // made invalid leaves no view, yet its organisations' meetings (kept at their
  // last good versions) are in the expanded sheet, and must never reach the feed.
  const kept = keptMeetings(keptRows(sheet, state));
  const known = asKnown(series.planned, kept);
  const feedSheet = withPublicSchedules(asKnown(sheet, kept), series.views);
  return {
    sheet,
    known,
    series,
    feedSheet,
    // A series row kept at its last good version has no view: its lines stay in
    // the Schedule tab, untouched, until the row is fixed.
    scheduleHeld: series.kept,
    state,
    decided,
    planned,
    book: book as ContactBook | null,
    rows: [],
    once: ended !== null,
    patchResponses: null,
    early: read,
  };
}

/**
 * A sheet with a bilateral series, or whose Schedule tab still lists slots:
 * its series are expanded and assigned from the whole sheet and D1, which the
 * incremental path (planning rows alone) does not do, so it always runs the full sync.
 */
export function hasSeries(sheet: ParsedSheet, workbook: Workbook): boolean {
  if (sheet.meetings.some((m) => m.kind === "bilateral_series")) return true;
  const schedule = findScheduleTab(workbook);
  const listed = schedule?.grid.slice(1) ?? [];
  return listed.some((row) => row.some((cell) => String(cell).trim() !== ""));
}

/** The Schedule tab to write: only for a sheet with a series, or one whose tab still lists one. */
export function scheduleTab(
  series: SeriesRun,
  workbook: Workbook,
  state: StoredState,
  sheet: ParsedSheet,
) {
  const found = findScheduleTab(workbook);
  if (series.views.length === 0 && found === null) return {};
  const values = scheduleValues(series.views, state, staffLanguage(sheet));
  return { schedule: { values, found } };
}
