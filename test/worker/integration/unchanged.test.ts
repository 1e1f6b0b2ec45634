// An unchanged sheet costs almost nothing: once a sync has settled, the next one
// reads the sheet, finds it and D1 as the last full sync left them, and stops
// (counts.unchanged) without a write to the sheet, the feed or D1 beyond its run
// record. Anything that would change what a full sync writes or sends makes the
// next one full: a cell edited, an RSVP, a bounce, a reminder window opening,
// DRY_RUN turned off.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sweepIfDue } from "../../../src/outbox/retention.ts";
import { RESPONSES_COLUMNS } from "../../../src/sheet/contract.ts";
import { recordDeliveryEvent, recordRsvp } from "../../../src/sync/store.ts";
import {
  advanceEmulatorClock,
  cron,
  RESPONSES_TAB,
  setCell,
  tab,
  type World,
  worldPerTest,
} from "../support/index.ts";
import { settle } from "./round-trips-helpers.ts";

/** Each test settles the sheet first (up to six syncs with their deliveries) on a shared machine. */
const TIMEOUT_MS = 120_000;

afterEach(() => {
  vi.useRealTimers();
});

const world = worldPerTest({}, { timeoutMs: TIMEOUT_MS });

/** The feed's KV with its puts counted: a skipped sync must not write the snapshot. */
function countKvPuts(w: World): { puts: number } {
  const counter = { puts: 0 };
  const kv = w.env.FEED;
  const counted = new Proxy(kv, {
    get(target, prop) {
      if (prop === "put") {
        return (...args: Parameters<KVNamespace["put"]>) => {
          counter.puts += 1;
          return target.put(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  w.env = { ...w.env, FEED: counted };
  return counter;
}

/** Everything in D1 a skipped sync must leave alone (all but sync_runs). */
async function d1Contents(): Promise<string> {
  const tables = ["sync_meta", "outbox", "invitations", "meetings", "deliveries", "rsvps"];
  const all = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t}`)));
  return JSON.stringify(all.map((r) => r.results));
}

const responsesCol = (key: string) => RESPONSES_COLUMNS.findIndex((c) => c.key === key);

/** The Responses cell `key` of one invitee of one meeting. */
async function responsesCell(meetingId: string, email: string, key: string): Promise<string> {
  const line = (await tab(world, RESPONSES_TAB))
    .slice(1)
    .find((l) => l[responsesCol("meeting_id")] === meetingId && l[responsesCol("email")] === email);
  return line?.[responsesCol(key)] ?? "";
}

async function sentInvitation() {
  const row = await env.DB.prepare(
    "SELECT meeting_id, email, ses_message_id FROM outbox WHERE kind = 'invite' AND state = 'sent' ORDER BY id LIMIT 1",
  ).first<{ meeting_id: string; email: string; ses_message_id: string | null }>();
  if (!row) throw new Error("no invitation was sent");
  return row;
}

describe("an unchanged sheet", () => {
  it(
    "stops after one read: no write to the sheet, the feed or D1 beyond the run record",
    async () => {
      await settle(world);
      // This hour's retention sweep has run (light ticks sweep history at most hourly).
      await sweepIfDue(env.DB, new Date(), { days: 180 });
      const kv = countKvPuts(world);
      const before = await d1Contents();
      const run = await cron(world);
      expect(run.outcome).toBe("ok");
      expect(run.counts?.unchanged).toBe(1);
      expect(run.counts?.reads).toBe(1);
      expect(run.counts?.writes).toBe(0);
      expect(run.counts?.meetings).toBe(0);
      expect(kv.puts).toBe(0);
      expect(await d1Contents()).toBe(before);
      // And again: a skipped sync is an ok last run for the next one.
      expect((await cron(world)).counts?.unchanged).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    "sweeps history after a light tick, never after a full sync",
    async () => {
      const swept = () =>
        env.DB.prepare("SELECT value FROM sync_meta WHERE key = 'retention:swept_at'").first();
      const forget = () =>
        env.DB.prepare("DELETE FROM sync_meta WHERE key = 'retention:swept_at'").run();
      await settle(world);
      await forget();
      await setCell(world, 11, "المكان", "Gaziantep, hall C");
      expect((await cron(world)).counts?.unchanged).toBe(0);
      expect(await swept()).toBeNull();
      await settle(world);
      await forget();
      expect((await cron(world)).counts?.unchanged).toBe(1);
      expect(await swept()).not.toBeNull();
    },
    TIMEOUT_MS,
  );

  it(
    "syncs in full after one cell is edited",
    async () => {
      await settle(world);
      await setCell(world, 11, "المكان", "Gaziantep, hall B");
      const run = await cron(world);
      expect(run.counts?.unchanged).toBe(0);
      expect(run.counts?.meetings).toBeGreaterThan(0);
      expect(run.counts?.recorded).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );

  it(
    "syncs in full after an RSVP, and Responses shows it",
    async () => {
      await settle(world);
      const { meeting_id, email } = await sentInvitation();
      const answerBefore = await responsesCell(meeting_id, email, "response");
      await recordRsvp(env.DB, { meeting_id, email, response: "declined", at: new Date() });
      const run = await cron(world);
      expect(run.counts?.unchanged).toBe(0);
      const answer = await responsesCell(meeting_id, email, "response");
      expect(answer).not.toBe(answerBefore);
      expect(answer).not.toBe("");
    },
    TIMEOUT_MS,
  );

  it(
    "syncs in full after a bounce, and Responses shows it",
    async () => {
      await settle(world);
      const { meeting_id, email, ses_message_id } = await sentInvitation();
      const deliveryBefore = await responsesCell(meeting_id, email, "delivery");
      await recordDeliveryEvent(env.DB, {
        ses_message_id,
        email,
        event: "bounce",
        permanent: true,
        detail: "550 mailbox unavailable",
        at: new Date(),
      });
      const run = await cron(world);
      expect(run.counts?.unchanged).toBe(0);
      expect(await responsesCell(meeting_id, email, "delivery")).not.toBe(deliveryBefore);
    },
    TIMEOUT_MS,
  );

  it(
    "still sends a reminder when its window opens",
    async () => {
      // The demo briefing starts 2027-03-10 10:00 Istanbul (07:00Z); Settings
      // remind 24 hours ahead, so the window opens 2027-03-09T07:00Z. The sheet
      // settles ten minutes before that, well inside the hourly full sync.
      const setClock = async (at: Date) => {
        const seconds = Math.ceil((at.getTime() - Date.now()) / 1000);
        vi.useFakeTimers({ toFake: ["Date"] });
        vi.setSystemTime(at);
        await advanceEmulatorClock(seconds);
      };
      await setClock(new Date("2027-03-09T06:50:00Z"));
      await settle(world);
      expect((await cron(world)).counts?.unchanged).toBe(1);

      await setClock(new Date("2027-03-09T07:01:00Z"));
      const run = await cron(world);
      expect(run.counts?.unchanged).toBe(0);
      const ids = world.queue.take().map((m) => m.outbox_id);
      const { results } = await env.DB.prepare(
        `SELECT COUNT(*) AS n FROM outbox WHERE kind = 'reminder' AND meeting_id = '2027-03-10-ocha-briefing'
         AND id IN (${ids.map(() => "?").join(", ") || "NULL"})`,
      )
        .bind(...ids)
        .all<{ n: number }>();
      expect(results[0]?.n).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );

  it(
    "under DRY_RUN skips only while the dry run is on: turned off, the next sync records and sends",
    async () => {
      world.env = { ...world.env, DRY_RUN: "true" };
      await settle(world);
      const dry = await cron(world);
      expect(dry.counts?.unchanged).toBe(1);
      expect(world.queue.take()).toHaveLength(0);

      world.env = { ...world.env, DRY_RUN: "false" };
      const real = await cron(world);
      expect(real.counts?.unchanged).toBe(0);
      expect(real.counts?.recorded).toBeGreaterThan(0);
      expect(world.queue.take().length).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
