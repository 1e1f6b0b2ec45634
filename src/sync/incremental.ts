// The incremental sync. A sheet staff edited in a few Meetings rows since the
// last sync is, everywhere else, the sheet that sync parsed and planned; and
// when D1's change marker is the one that sync saw, D1 is the state it planned
// from, and that plan recorded nothing. So the full sync's parse, plan, Sync
// status cells and problems for every other row would come out as they did,
// and only the changed rows need parsing and planning, from their own state.
//
// What that sync computed is kept here, in the isolate (module-scope data, as
// publish.ts keeps its snapshot): the workbook as read, the Contacts as parsed,
// the parsed sheet, its Sync status notes and the run's problems up to the
// plan's. D1's memory of the last sync (unchanged.ts) says whether this is
// still the last sync anywhere: its digest and marker must be the ones kept.
// A cold isolate, or anything outside those rows, runs the full sync.
//
// Falls back to the full sync when: no context is kept (a cold isolate, a dry
// run, a run that recorded or held rows back); D1's marker or memory moved; the
// hour of the full sync passed or something time-driven fell due; a tab other
// than Meetings, the Meetings header or its number of rows changed; more than
// MAX_ROWS rows changed; a changed row's ID cell changed, or its ID is not ASCII;
// a changed row had or has any problem (its own, or its plan's), or is not a
// valid meeting before and after. Each of these is something the full sync
// computes across rows (duplicate and proposed IDs, kept rows, vanished
// meetings, the order of the Sync log) that this module does not recompute.
import type { ContactBook } from "../sheet/contacts.ts";
import { idKey } from "../sheet/ids.ts";
import { parseRows } from "../sheet/parse-rows.ts";
import type { Cell, Meeting, ParsedSheet, Problem, Workbook } from "../sheet/types.ts";
import { substitutesStep } from "../substitutes/step.ts";
import { allSubstitutesStatement, substitutesFrom } from "../substitutes/store.ts";
import { invitedIds } from "./last-good.ts";
import { plan } from "./plan.ts";
import type { Lines } from "./responses.ts";
import { loadStateWith } from "./store.ts";
import type { MeetingStatusNote, Plan, SkippedResponse, StoredState } from "./types.ts";
import { type Look, withinDue } from "./unchanged.ts";

/** More changed rows than this: the full sync (a paste, a sort, a fill-down). */
export const MAX_ROWS = 10;

/**
 * A workbook of more cells than this is not kept: the next run would hold two
 * sheets' worth of objects at once, and a 10,000-meeting network's sheet is
 * already a large part of an isolate's 128 MB. The typical network's is ≈ 20,000.
 */
export const MAX_CELLS = 300_000;

/** What an ok sync that recorded nothing computed, for the next one to start from. */
export interface SyncContext {
  digest: string;
  marker: string;
  /** The config the run's output depends on (unchanged.ts DigestConfig, the replies address). */
  config: string;
  workbook: Workbook;
  book: ContactBook;
  sheet: ParsedSheet;
  /** The sheet as invitees and the website know it (last-good.ts asKnown). */
  known: ParsedSheet;
  statusByMeeting: ReadonlyMap<string, MeetingStatusNote>;
  responsesSkipped: readonly SkippedResponse[];
  vanished: readonly string[];
  /** The run's problems up to and including the plan's, in the order the Sync log shows them. */
  planned: readonly Problem[];
  /** The Responses lines it computed (responses.ts), when the sheet has that tab. */
  responses: Lines | null;
}

/**
 * Whether a finished run's context may be kept: an ok, real run (whose problems
 * the next run would find again: no outage just ended) whose plan
 * recorded nothing (so D1 is the state it planned from), that composed every
 * row waiting (none is left for a later compose to see differently) and wrote
 * every Meetings row it meant to (a held-back row is still to be written).
 */
export function keepable(run: {
  ok: boolean;
  once: boolean;
  dryRun: boolean;
  decided: Plan;
  uncomposed: number;
  rowsHeldBack: number;
}): boolean {
  const { decided } = run;
  return (
    run.ok &&
    !run.once &&
    !run.dryRun &&
    decided.emails.length === 0 &&
    decided.meetingUpdates.length === 0 &&
    decided.invitationUpdates.length === 0 &&
    run.uncomposed === 0 &&
    run.rowsHeldBack === 0
  );
}

let kept: SyncContext | null = null;

/** Forgets the context: called when a sync starts that may change what it says. */
export function forgetContext(): void {
  kept = null;
}

/** Keeps this run's context for the next sync in this isolate, when its sheet is not too large. */
export function keepContext(context: SyncContext): void {
  let cells = 0;
  for (const grid of Object.values(context.workbook)) for (const row of grid) cells += row.length;
  kept = cells <= MAX_CELLS ? context : null;
}

/** What the incremental path hands the rest of the pipeline, in the full path's shapes. */
export interface Incremental {
  sheet: ParsedSheet;
  known: ParsedSheet;
  state: StoredState;
  /** The changed rows' plan, merged into the kept one: emails and updates are the changed rows' only. */
  decided: Plan;
  planned: readonly Problem[];
  /** The Contacts as parsed (null only if the parse never handed them over). */
  book: ContactBook | null;
  /** The changed rows' numbers; none for the full sync. */
  rows: number[];
  /** What the caller's `early` statements read, in the state's batch. */
  early: D1Result[];
  /** `planned` holds a problem of this run alone (an outage that just ended): not to be kept. */
  once: boolean;
  /** The changed meetings' idKeys and the last sync's Responses lines, to patch (write-sheet.ts). */
  patchResponses: { keys: ReadonlySet<string>; previous: Lines } | null;
}

export interface IncrementalInput {
  db: D1Database;
  workbook: Workbook;
  look: Look;
  config: string;
  started: Date;
  now: Date;
  /** Reads of the caller's for the rest of the run, run in the state's batch: fewer round trips. */
  early?: readonly D1PreparedStatement[];
}

/** The changed rows parsed and planned, or why the full sync must run. */
export async function tryIncremental(
  input: IncrementalInput,
): Promise<Incremental | { fallback: string }> {
  const context = kept;
  const { look } = input;
  if (context === null) return { fallback: "no context" };
  const remembered = look.remembered;
  if (remembered === null || !look.lastOk) return { fallback: "last run" };
  if (
    remembered.digest !== context.digest ||
    remembered.marker !== context.marker ||
    look.seen.marker !== context.marker ||
    input.config !== context.config
  ) {
    return { fallback: "moved" };
  }
  if (!withinDue(remembered, input.now)) return { fallback: "due" };
  const title = context.sheet.layout.meetings?.title;
  if (title === undefined) return { fallback: "no meetings tab" };
  const changed = changedRows(context.workbook, input.workbook, title);
  if (changed === null || changed.length === 0) return { fallback: "tabs" };
  if (changed.length > MAX_ROWS) return { fallback: "rows" };

  const idColumn = context.sheet.layout.meetings?.columns.id;
  if (idColumn === undefined) return { fallback: "no id column" };
  const before = new Map(context.sheet.meetings.map((m) => [m.row, m]));
  const problemRows = rowsWithProblems(context.planned, title);
  const oldGrid = context.workbook[title] ?? [];
  const newGrid = input.workbook[title] ?? [];
  const keys: string[] = [];
  for (const index of changed) {
    const row = index + 1;
    const old = before.get(row);
    if (!old || old.id_proposed || problemRows.has(row)) return { fallback: "row was not clean" };
    if (oldGrid[index]?.[idColumn] !== newGrid[index]?.[idColumn]) return { fallback: "id" };
    const key = idKey(old.id);
    if (!/^[\x20-\x7e]*$/.test(key)) return { fallback: "id not ascii" };
    keys.push(key);
  }

  // The changed meetings' state and every substitute: one round trip.
  const {
    state,
    also: [substitutes, ...early],
  } = await loadStateWith(input.db, keys, [
    allSubstitutesStatement(input.db),
    ...(input.early ?? []),
  ]);
  const stored = substitutesFrom(substitutes);
  await substitutesStep(input.db, input.workbook, state, input.started, false, stored);
  const parsed = parseRows(
    {
      title,
      grid: newGrid,
      book: context.book,
      settings: context.sheet.settings,
      zoneUsable: context.sheet.settingsTrusted !== false,
      known: { existing: new Set(keys), invited: invitedIds(state) },
    },
    new Set(changed),
  );
  const rows = changed.map((i) => i + 1);
  if (
    parsed.rejected.length > 0 ||
    parsed.meetings.length !== rows.length ||
    rowsWithProblems(parsed.problems, title, new Set(rows)).size > 0
  ) {
    return { fallback: "row is not clean" };
  }
  const after = new Map<number, Meeting>();
  for (const meeting of parsed.meetings) {
    const old = before.get(meeting.row);
    if (!old || meeting.id_proposed || idKey(meeting.id) !== idKey(old.id)) {
      return { fallback: "id" };
    }
    after.set(meeting.row, meeting);
  }
  const patch = (meetings: readonly Meeting[]) => meetings.map((m) => after.get(m.row) ?? m);
  const sheet: ParsedSheet = { ...context.sheet, meetings: patch(context.sheet.meetings) };
  const sub = plan({
    sheet: { ...sheet, meetings: parsed.meetings, rejected: [] },
    state,
    now: input.now,
  });
  if (sub.problems.length > 0 || sub.vanished.length > 0) return { fallback: "plan problem" };

  const statusByMeeting = new Map(context.statusByMeeting);
  for (const [id, note] of sub.statusByMeeting) {
    const before = statusByMeeting.get(id);
    if (!before) return { fallback: "status" };
    // Invited before, yet its row not found by the narrowed load (an ID whose stored
    // spelling SQLite's ASCII-only lower() does not fold to the sheet's): the full sync.
    if (before.counts.invited > 0 && !state.meetings.has(idKey(id))) return { fallback: "state" };
    statusByMeeting.set(id, note);
  }
  const decided: Plan = {
    ...sub,
    statusByMeeting,
    responsesSkipped: mergeSkipped(
      sheet.meetings,
      context.responsesSkipped,
      sub.responsesSkipped,
      new Set(keys),
    ),
    vanished: [...context.vanished],
  };
  const known =
    context.known === context.sheet
      ? sheet
      : { ...context.known, meetings: patch(context.known.meetings) };
  const { planned, book } = context;
  const patchResponses = context.responses && { keys: new Set(keys), previous: context.responses };
  return { sheet, known, state, decided, planned, book, rows, once: false, patchResponses, early };
}

/**
 * The grid indexes of the Meetings rows that differ, or null when anything
 * else does: the tabs or their order, another tab's cells, the header, the
 * number of rows.
 */
export function changedRows(before: Workbook, now: Workbook, meetings: string): number[] | null {
  const a = Object.keys(before);
  const b = Object.keys(now);
  if (a.length !== b.length || a.some((t, i) => t !== b[i])) return null;
  const changed: number[] = [];
  for (const tab of a) {
    const x = before[tab] ?? [];
    const y = now[tab] ?? [];
    if (x.length !== y.length) return null;
    for (let i = 0; i < x.length; i++) {
      if (sameRow(x[i], y[i])) continue;
      if (tab !== meetings || i === 0) return null;
      changed.push(i);
    }
  }
  return changed;
}

function sameRow(a: readonly Cell[] | undefined, b: readonly Cell[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The rows of the Meetings tab that problems name (all of them, or only those in `among`). */
function rowsWithProblems(
  problems: readonly Problem[],
  tab: string,
  among?: ReadonlySet<number>,
): Set<number> {
  const rows = new Set<number>();
  for (const p of problems) {
    if (p.tab !== tab || p.row === null) continue;
    if (among === undefined || among.has(p.row)) rows.add(p.row);
  }
  return rows;
}

/**
 * The addresses left out, in the full plan's order: by meeting in row order
 * (each meeting's own from the new plan when it was planned now), then the
 * kept rows' ones, as the kept plan had them.
 */
function mergeSkipped(
  meetings: readonly Meeting[],
  old: readonly SkippedResponse[],
  fresh: readonly SkippedResponse[],
  planned: ReadonlySet<string>,
): SkippedResponse[] {
  const group = (list: readonly SkippedResponse[]) => {
    const by = new Map<string, SkippedResponse[]>();
    for (const s of list) {
      const key = idKey(s.meeting_id);
      const entries = by.get(key);
      if (entries) entries.push(s);
      else by.set(key, [s]);
    }
    return by;
  };
  const oldBy = group(old);
  const freshBy = group(fresh);
  const out: SkippedResponse[] = [];
  const done = new Set<string>();
  for (const m of meetings) {
    const key = idKey(m.id);
    if (done.has(key)) continue;
    done.add(key);
    const entries = planned.has(key) ? freshBy.get(key) : oldBy.get(key);
    if (entries) out.push(...entries);
  }
  for (const [key, entries] of oldBy) if (!done.has(key)) out.push(...entries);
  return out;
}
