// The incremental sync against the full one, through the real scheduled
// handler: the same sheet and the same edits, one Meetings cell at a time (a
// place, a start time, a draft scheduled, an Invite cell, a cancellation, a
// date made invalid and then fixed, a Sync status cell staff typed over), are
// played twice. Once as it runs (each edit's sync takes the incremental path
// where it may), once with the full sync forced (the memory of the last sync
// deleted before each tick, as an hourly full sync finds it). After each edit's
// sync, and again after the sheet settles, both must leave the same outbox,
// invitations and meetings in D1, the same public feed snapshot in KV and the
// same cells in every tab; timestamps aside, as the two plays run on the real
// clock at different moments.
import { env } from "cloudflare:test";
import fc from "fast-check";
import { expect, it } from "vitest";
import { SNAPSHOT_KEY } from "../../../src/feed/snapshot.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import type { Row } from "../../node/model/model.ts";
import { edit, initialSheet, type Sequence, sequenceArb } from "../../node/model/steps.ts";
import { workbook } from "../../node/model/system.ts";
import {
  createSpreadsheet,
  cron,
  deliver,
  MEETINGS_TAB,
  newWorld,
  RESPONSES_TAB,
  SYNC_LOG_TAB,
  setCell,
  staffClient,
  tab,
  type World,
} from "../support/index.ts";
import { settle } from "./round-trips-helpers.ts";

const TIMEOUT_MS = 240_000;
/** Generated sequences played (each twice). */
const RUNS = 12;

/** [row, column header, value], and whether the incremental path may take it. */
const EDITS: [number, string, string, boolean][] = [
  [11, "المكان", "Gaziantep, hall C", true],
  [13, "البداية", "10:30", true],
  [14, "الحالة", "مؤكد", true],
  [11, "المدعوون", "شبكات", true],
  [13, "الحالة", "ملغى", true],
  // An invalid row is the full sync's to keep (its last good version); fixing it too.
  [11, "التاريخ", "2027/13/45", false],
  [11, "التاريخ", "2027/03/11", false],
  [14, "حالة المزامنة", "typed over by staff", true],
];

/**
 * Instants of the two plays' own clock (ISO, Sync status stamps, the Responses'
 * sent times), within two days of now; a meeting's own times (2019, 2027) stay.
 */
const TIMES =
  /(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z?( ?(UTC|GMT)[+-−]?\d*(:\d\d)?)?/g;
const timeless = (text: string) =>
  text.replace(TIMES, (all, day: string, time: string) =>
    Math.abs(Date.parse(`${day}T${time}:00Z`) - Date.now()) < 2 * 86_400_000 ? "<t>" : all,
  );

/** The demo sheet's rows whose Type is bilateral series (2019-11-18-undp-mansour, 2027-06-07-undp-bilaterals). */
const SERIES_ROWS = [4, 16];

const OWN_TABS = [MEETINGS_TAB, RESPONSES_TAB, SYNC_LOG_TAB];

/** What D1, KV and the sheet hold that a sync decides, timestamps and row ids aside. */
async function everything(w: World, tabs: readonly string[] = OWN_TABS): Promise<string> {
  const [outbox, inputs, uids, invitations, meetings] = await env.DB.batch([
    env.DB.prepare(
      `SELECT idempotency_key, meeting_id, email, kind, sequence, language, state, attempts,
         resends, stop_reason, mail_from, raw IS NOT NULL AS rendered FROM outbox ORDER BY idempotency_key`,
    ),
    // What composing the rows still unsent needs, as the sync stored it (snapshots are named
    // by run id; one no row needs any more is swept by a later full sync, whenever that is).
    env.DB.prepare(
      `SELECT ref, body FROM mail_inputs WHERE snapshot IN
         (SELECT input_snapshot FROM outbox WHERE raw IS NULL) ORDER BY ref, body`,
    ),
    env.DB.prepare("SELECT meeting_id, uid FROM calendar_uids ORDER BY meeting_id"),
    env.DB.prepare(
      "SELECT meeting_id, email, language, sequence, last_kind, response FROM invitations ORDER BY meeting_id, email",
    ),
    env.DB.prepare(
      "SELECT id, fingerprint, revision, status, starts_at, changed, last_good, invalid_since IS NOT NULL AS invalid FROM meetings ORDER BY id",
    ),
  ]);
  const feed = await env.FEED.get(SNAPSHOT_KEY);
  const cells = await Promise.all(tabs.map(async (t) => [t, await tab(w, t)]));
  return timeless(
    JSON.stringify(
      {
        outbox: outbox?.results,
        inputs: inputs?.results,
        uids: uids?.results,
        invitations: invitations?.results,
        meetings: meetings?.results,
        feed: feed === null ? null : JSON.parse(feed),
        tabs: cells,
      },
      null,
      1,
    ),
  );
}

/** The edits played on a fresh world; what each step left, and which syncs were incremental. */
async function play(forceFull: boolean): Promise<{ states: string[]; incremental: boolean[] }> {
  const w = await newWorld();
  const forget = () => env.DB.prepare("DELETE FROM sync_meta WHERE key LIKE 'unchanged:%'").run();
  // The demo's two bilateral series as plain rows: a sheet with a series always
  // runs the full sync (src/sync/full-inputs.ts hasSeries).
  for (const row of SERIES_ROWS) {
    await setCell(w, row, "النوع", "ثنائي");
    await setCell(w, row, "مدة اللقاء (دقائق)", "");
  }
  await settle(w);
  const states: string[] = [await everything(w)];
  const incremental: boolean[] = [];
  for (const [row, header, value] of EDITS) {
    await setCell(w, row, header, value);
    if (forceFull) await forget();
    const run = await cron(w);
    expect(run.outcome, JSON.stringify(run.problems)).toBe("ok");
    incremental.push(run.counts?.incremental === 1);
    states.push(await everything(w));
    const queued = w.queue.take();
    if (queued.length > 0) await deliver(w, queued);
    await settle(w);
    states.push(await everything(w));
  }
  return { states, incremental };
}

it(
  "leaves D1, the feed and the sheet as the full sync does, edit after edit",
  async () => {
    const incremental = await play(false);
    const full = await play(true);
    expect(full.incremental.every((i) => !i)).toBe(true);
    expect(incremental.incremental).toEqual(EDITS.map(([, , , may]) => may));
    for (let i = 0; i < full.states.length; i++) {
      expect(incremental.states[i], `after step ${i}`).toBe(full.states[i]);
    }
  },
  TIMEOUT_MS,
);

it(
  "runs the full sync on a sheet with a bilateral series, whose slots come from the whole sheet and D1",
  async () => {
    const w = await newWorld();
    await settle(w);
    await setCell(w, 11, "المكان", "Gaziantep, hall C");
    const run = await cron(w);
    expect(run.outcome).toBe("ok");
    expect(run.counts?.incremental ?? 0).toBe(0);
    expect(run.counts?.planned ?? 0).toBeGreaterThan(0);
  },
  TIMEOUT_MS,
);

/** The model's tabs (test/node/model/system.ts), in English. */
const MODEL_TABS = ["Meetings", "Contacts", "Settings", "Responses", "Sync log"];
const MODEL_OWN = ["Meetings", "Responses", "Sync log"];

/** A world whose spreadsheet holds the model's tabs only, on the real clock. */
async function modelWorld(): Promise<World> {
  const base = await newWorld();
  const sheetId = await createSpreadsheet({
    properties: { title: "Liqaa incremental" },
    sheets: MODEL_TABS.map((title) => ({ properties: { title } })),
  });
  return { ...base, sheetId, staff: staffClient(sheetId), env: { ...base.env, SHEET_ID: sheetId } };
}

/**
 * The model's sheet into the emulator, every tab, the Meetings rows padded to
 * the tallest it has been so a deleted row reads blank (as model-workerd does).
 */
async function writeModel(w: World, sheet: ReturnType<typeof initialSheet>, height: { n: number }) {
  const book = workbook(sheet);
  const meetings = book.Meetings ?? [];
  height.n = Math.max(height.n, meetings.length);
  const width = meetings[0]?.length ?? 1;
  const padded = Array.from({ length: height.n }, (_, i) =>
    Array.from({ length: width }, (_, j) => String(meetings[i]?.[j] ?? "")),
  );
  const ranges = Object.entries({ ...book, Meetings: padded }).map(([title, values]) => {
    const cols = Math.max(1, ...values.map((r) => r.length));
    return {
      range: a1Range(title, `A1:${columnLetter(cols - 1)}${values.length}`),
      values: values.map((r) => Array.from({ length: cols }, (_, j) => String(r[j] ?? ""))),
    };
  });
  const written = await w.staff.batchUpdate(ranges);
  if (!written.ok) throw new Error(written.error.detail);
}

/**
 * One generated sequence of the model test's staff edits (test/node/model/steps.ts),
 * each sync a plain one (no faults, no time passing, answers by link left out)
 * followed by edit-free ones until the sheet settles, as between staff's edits;
 * what each sync left, and how many were incremental.
 */
async function playModel(seq: Sequence, forceFull: boolean) {
  const w = await modelWorld();
  const sheet = initialSheet(seq.sender);
  const clip: Row[] = [];
  const added = { n: 0 };
  const height = { n: 0 };
  const states: string[] = [];
  let incremental = 0;
  const sync = async () => {
    await writeModel(w, sheet, height);
    if (forceFull) await env.DB.prepare("DELETE FROM sync_meta WHERE key LIKE 'unchanged:%'").run();
    const run = await cron(w);
    expect(run.outcome, JSON.stringify(run.problems)).toBe("ok");
    if (run.counts?.incremental === 1) incremental += 1;
    // The IDs Liqaa wrote into blank ID cells are in staff's sheet from now on.
    const grid = await tab(w, "Meetings");
    sheet.rows.forEach((row, i) => {
      if (row.id === "") row.id = grid[i + 1]?.[0] ?? "";
    });
    states.push(await everything(w, MODEL_OWN));
    const queued = w.queue.take();
    if (queued.length > 0) await deliver(w, queued);
    states.push(await everything(w, MODEL_OWN));
    return (run.counts?.writes ?? 0) > 0 || queued.length > 0;
  };
  /** A sync, then the edit-free ticks until one writes and queues nothing (staff edit rarely). */
  const syncAndSettle = async () => {
    for (let i = 0; i < 6 && (await sync()); i++);
  };
  await syncAndSettle();
  for (const s of seq.steps) {
    if (s.t === "sync" || s.t === "overlap") await syncAndSettle();
    else if (s.t !== "rsvp" && s.t !== "wait") edit(sheet, clip, s, added);
  }
  await syncAndSettle();
  return { states, incremental };
}

it(
  "leaves D1, the feed and the sheet as the full sync does, for generated edit sequences",
  async () => {
    // The model test's generator as it is (a sync is one step in three or so).
    const sequences = fc.sample(sequenceArb(10), { numRuns: RUNS, seed: 16 });
    let incremental = 0;
    for (const [i, seq] of sequences.entries()) {
      const a = await playModel(seq, false);
      const b = await playModel(seq, true);
      expect(b.incremental).toBe(0);
      incremental += a.incremental;
      for (let j = 0; j < b.states.length; j++) {
        expect(a.states[j], `sequence ${i}, sync ${j}: ${JSON.stringify(seq)}`).toBe(b.states[j]);
      }
    }
    // The sample must exercise the incremental path, or it proves nothing.
    expect(incremental).toBeGreaterThanOrEqual(4);
    console.log(`incremental differential: ${incremental} incremental syncs in ${RUNS} sequences`);
  },
  TIMEOUT_MS,
);
