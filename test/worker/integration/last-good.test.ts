// A row keeps its last good version, end to end: the scheduled handler against
// the Sheets emulator and the demo sheet, the public routes fetched through the
// Worker. A typo in an invited, published meeting's row, or a cleared Status,
// leaves the meeting as it was for invitees and the website and sends nothing;
// fixing the row sends only what the fix changes. A meeting marked held before
// it has ended gets its summary only once the clock has passed its end.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JsonFeed } from "../../../src/feed/json-feed.ts";
import {
  advanceEmulatorClock,
  cron,
  MEETINGS_TAB,
  SYNC_LOG_TAB,
  setCell,
  tab,
  type World,
  worldPerTest,
} from "../support/index.ts";
import { meetingValue, settle } from "./round-trips-helpers.ts";

/** Several syncs and deliveries each, on a loaded two-core machine. */
const TIMEOUT_MS = 120_000;

const world = worldPerTest({}, { timeoutMs: TIMEOUT_MS });

/** The demo sheet's scheduled, published briefing (2027/03/10 10:00–11:30 Istanbul) and its row. */
const BRIEFING = "2027-03-10-ocha-briefing";
const BRIEFING_ROW = 11;
const DATE = "التاريخ";
const STATUS = "الحالة";
const SUMMARY = "الملخص";
const SYNC_STATUS = "حالة المزامنة";

afterEach(() => {
  vi.useRealTimers();
});

/** The outbox rows of one meeting, as "kind email". */
async function outboxOf(id: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT kind, email FROM outbox WHERE meeting_id = ? ORDER BY kind, email",
  )
    .bind(id)
    .all<{ kind: string; email: string }>();
  return results.map((r) => `${r.kind} ${r.email}`);
}

/**
 * One sync; returns the meeting emails it queued, as "kind email meeting" (the
 * staff's problem digest, which a new problem in the sheet queues, is left out).
 */
async function syncOnce(w: World): Promise<string[]> {
  const run = await cron(w);
  expect(run.outcome).toBe("ok");
  const ids = w.queue.take().map((m) => m.outbox_id);
  if (ids.length === 0) return [];
  const { results } = await env.DB.prepare(
    `SELECT kind, email, meeting_id FROM outbox WHERE kind <> 'digest' AND id IN (${ids.map(() => "?").join(", ")})`,
  )
    .bind(...ids)
    .all<{ kind: string; email: string; meeting_id: string }>();
  return results.map((r) => `${r.kind} ${r.email} ${r.meeting_id}`);
}

const get = (path: string) => exports.default.fetch(`https://liqaa.example.org${path}`);

/** Where the public website shows a meeting: the feed, the calendar, its page. */
async function published(id: string) {
  const feed = (await (await get("/feed.json?when=all")).json()) as JsonFeed;
  const ics = await (await get("/calendar.ics")).text();
  const page = await get(`/meetings/${id}`);
  return {
    inFeed: feed.items.some((item) => item.id === id),
    inCalendar: ics.includes(id),
    page: page.status,
  };
}

/** When the website says a meeting starts (its feed item's start); null when it is not there. */
async function startOf(id: string): Promise<string | null> {
  const feed = (await (await get("/feed.json?when=all")).json()) as JsonFeed;
  return feed.items.find((i) => i.id === id)?._liqaa.start ?? null;
}

const everywhere = { inFeed: true, inCalendar: true, page: 200 };

describe("an invited, published meeting whose row an edit made invalid", () => {
  it(
    "stays in the feed, the calendar and at its page, sends nothing, and says so in its Sync status",
    async () => {
      await settle(world);
      expect(await published(BRIEFING)).toEqual(everywhere);
      const invited = await meetingValue(world, BRIEFING_ROW, SYNC_STATUS);
      expect(invited).toMatch(/^✓ دُعي \d+/);
      const before = await outboxOf(BRIEFING);

      await setCell(world, BRIEFING_ROW, DATE, "2027/13/45");
      expect(await syncOnce(world)).toEqual([]);

      expect(await outboxOf(BRIEFING)).toEqual(before);
      expect(await published(BRIEFING)).toEqual(everywhere);
      const status = await meetingValue(world, BRIEFING_ROW, SYNC_STATUS);
      expect(status).toMatch(/^⏸ بقي كما كان: التاريخ: /);
      expect(status).toContain("لم يتغير شيء للمدعوين ولا على الموقع منذ");
      // A later sync keeps the time it became invalid, so the cell is not rewritten.
      expect(await syncOnce(world)).toEqual([]);
      expect(await meetingValue(world, BRIEFING_ROW, SYNC_STATUS)).toBe(status);
    },
    TIMEOUT_MS,
  );

  it(
    "sends nothing when the cell is fixed back to what it was",
    async () => {
      await settle(world);
      const invited = await meetingValue(world, BRIEFING_ROW, SYNC_STATUS);
      const before = await outboxOf(BRIEFING);
      await setCell(world, BRIEFING_ROW, DATE, "2027/13/45");
      expect(await syncOnce(world)).toEqual([]);
      expect(await published(BRIEFING)).toEqual(everywhere);

      await setCell(world, BRIEFING_ROW, DATE, "2027/03/10");
      expect(await syncOnce(world)).toEqual([]);
      expect(await outboxOf(BRIEFING)).toEqual(before);
      expect((await meetingValue(world, BRIEFING_ROW, SYNC_STATUS)).split(" · ")[0]).toBe(
        invited.split(" · ")[0],
      );
    },
    TIMEOUT_MS,
  );

  it(
    "sends exactly one update per invitee when the cell is fixed to a new date",
    async () => {
      await settle(world);
      const invitees = (await outboxOf(BRIEFING)).filter((r) => r.startsWith("invite "));
      expect(invitees.length).toBeGreaterThan(0);
      await setCell(world, BRIEFING_ROW, DATE, "2027/13/45");
      expect(await syncOnce(world)).toEqual([]);
      expect(await startOf(BRIEFING)).toBe("2027-03-10T10:00:00+03:00");

      await setCell(world, BRIEFING_ROW, DATE, "2027/03/11");
      const queued = await syncOnce(world);
      expect(queued).toHaveLength(invitees.length);
      const updates = (await outboxOf(BRIEFING)).filter((r) => r.startsWith("update "));
      expect(updates).toEqual(invitees.map((r) => r.replace(/^invite /, "update ")));
      expect(await startOf(BRIEFING)).toBe("2027-03-11T10:00:00+03:00");
      expect(await syncOnce(world)).toEqual([]);
    },
    TIMEOUT_MS,
  );
});

describe("an invited meeting whose Status is cleared", () => {
  it(
    "sends no cancellation and stays in the feed",
    async () => {
      await settle(world);
      const before = await outboxOf(BRIEFING);

      await setCell(world, BRIEFING_ROW, STATUS, "");
      expect(await syncOnce(world)).toEqual([]);

      expect(await outboxOf(BRIEFING)).toEqual(before);
      expect((await outboxOf(BRIEFING)).some((r) => r.startsWith("cancel "))).toBe(false);
      expect(await published(BRIEFING)).toEqual(everywhere);
      const status = await meetingValue(world, BRIEFING_ROW, SYNC_STATUS);
      expect(status).toMatch(/^⏸ بقي كما كان: الحالة: /);
      expect(status).toContain("ملغى / cancelled");
    },
    TIMEOUT_MS,
  );
});

describe("a meeting marked held before it has ended", () => {
  it(
    "gets no summary until the clock has passed its end, and is listed as upcoming until then",
    async () => {
      await settle(world);
      await setCell(world, BRIEFING_ROW, SUMMARY, "اتفقنا على أولويات المؤتمر.");
      await setCell(world, BRIEFING_ROW, STATUS, "منعقد");
      expect(await syncOnce(world)).toEqual([]);
      expect((await outboxOf(BRIEFING)).some((r) => r.startsWith("summary "))).toBe(false);
      const log = await tab(world, SYNC_LOG_TAB);
      expect(log.some((line) => line.includes("status.held_future"))).toBe(true);
      const upcoming = (await (await get("/feed.json?when=upcoming")).json()) as JsonFeed;
      const item = upcoming.items.find((i) => i.id === BRIEFING);
      expect(item?._liqaa).toMatchObject({ status: "scheduled", summary: { ar: null, en: null } });

      // The day after the briefing (it ends 2027-03-10 11:30 Istanbul, 08:30Z),
      // for the Worker and for the emulator that checks its sign-in times.
      const after = new Date("2027-03-11T08:30:00Z");
      const seconds = Math.ceil((after.getTime() - Date.now()) / 1000);
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(after);
      await advanceEmulatorClock(seconds);

      const queued = await syncOnce(world);
      const summaries = (await outboxOf(BRIEFING)).filter((r) => r.startsWith("summary "));
      expect(summaries.length).toBeGreaterThan(0);
      expect(queued).toHaveLength(summaries.length);
      const cells = await tab(world, MEETINGS_TAB);
      expect(cells[BRIEFING_ROW - 1]?.join("|")).toContain("أُرسل الملخص");
    },
    TIMEOUT_MS,
  );
});
