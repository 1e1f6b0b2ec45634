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
import { expect, it } from "vitest";
import { SNAPSHOT_KEY } from "../../../src/feed/snapshot.ts";
import {
  cron,
  deliver,
  MEETINGS_TAB,
  newWorld,
  RESPONSES_TAB,
  SYNC_LOG_TAB,
  setCell,
  tab,
  type World,
} from "../support/index.ts";
import { settle } from "./round-trips-helpers.ts";

const TIMEOUT_MS = 240_000;

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

/** What D1, KV and the sheet hold that a sync decides, timestamps and row ids aside. */
async function everything(w: World): Promise<string> {
  const [outbox, inputs, uids, invitations, meetings] = await env.DB.batch([
    env.DB.prepare(
      `SELECT idempotency_key, meeting_id, email, kind, sequence, language, state, attempts,
         resends, stop_reason, mail_from, raw IS NOT NULL AS rendered FROM outbox ORDER BY idempotency_key`,
    ),
    // What composing needs, as the sync stored it (snapshots are named by run id).
    env.DB.prepare("SELECT ref, body FROM mail_inputs ORDER BY ref, body"),
    env.DB.prepare("SELECT meeting_id, uid FROM calendar_uids ORDER BY meeting_id"),
    env.DB.prepare(
      "SELECT meeting_id, email, language, sequence, last_kind, response FROM invitations ORDER BY meeting_id, email",
    ),
    env.DB.prepare(
      "SELECT id, fingerprint, revision, status, starts_at, changed, last_good, invalid_since IS NOT NULL AS invalid FROM meetings ORDER BY id",
    ),
  ]);
  const feed = await env.FEED.get(SNAPSHOT_KEY);
  const tabs = await Promise.all(
    [MEETINGS_TAB, RESPONSES_TAB, SYNC_LOG_TAB].map(async (t) => [t, await tab(w, t)]),
  );
  return timeless(
    JSON.stringify(
      {
        outbox: outbox?.results,
        inputs: inputs?.results,
        uids: uids?.results,
        invitations: invitations?.results,
        meetings: meetings?.results,
        feed: feed === null ? null : JSON.parse(feed),
        tabs,
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
