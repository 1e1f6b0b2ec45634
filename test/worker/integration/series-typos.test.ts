// A bilateral series forgives staff's mistakes as every other row does, through
// the real scheduled handler on the demo sheet (its June 2027 series, row 16):
// a cleared Status is an error that keeps the series, not a draft that cancels
// every organisation; a typo in the row keeps its last good version, keeps who
// meets when off the public feed and leaves the Schedule tab as it was; and a
// plain row staff turn into a series is expanded by the full sync, never
// planned as one meeting by the incremental path; and an organisation's name
// respelled in Contacts keeps its slot, its meeting and its calendar entry.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SNAPSHOT_KEY } from "../../../src/feed/snapshot.ts";
import { CONTACTS_TAB, cron, newWorld, setCell, tab, writeCells } from "../support/index.ts";
import { settle } from "./round-trips-helpers.ts";

const TIMEOUT_MS = 240_000;
const SERIES = "2027-06-07-undp-bilaterals";
const ROW = 16;

const count = async (sql: string) =>
  (await env.DB.prepare(sql).bind(`${SERIES}~%`).first<{ n: number }>())?.n ?? 0;

/** The organisations' meetings the public feed names (it must name none). */
const slotIdsInFeed = async () =>
  ((await env.FEED.get(SNAPSHOT_KEY)) ?? "").match(new RegExp(`${SERIES}~[a-z0-9]{6}`, "g"))
    ?.length ?? 0;

describe("a bilateral series and staff's mistakes", () => {
  it(
    "a cleared Status on an invited series is an error that keeps it: no organisation is cancelled",
    async () => {
      const w = await newWorld();
      await setCell(w, ROW, "الحالة", "مؤكد");
      await settle(w);
      expect(
        await count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'invite' AND meeting_id LIKE ?"),
      ).toBeGreaterThan(0);
      await setCell(w, ROW, "الحالة", "");
      const run = await cron(w);
      expect(JSON.stringify(run.problems)).toContain("status.blank_invited");
      expect(
        await count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'cancel' AND meeting_id LIKE ?"),
      ).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    "a typo in a published series keeps who meets when off the feed and the Schedule tab as it was",
    async () => {
      const w = await newWorld();
      await setCell(w, ROW, "الحالة", "مؤكد");
      await setCell(w, ROW, "للنشر", "نعم");
      await settle(w);
      // The series is published, as its one item.
      expect((await env.FEED.get(SNAPSHOT_KEY)) ?? "").toContain(`"${SERIES}"`);
      expect(await slotIdsInFeed()).toBe(0);
      const schedule = await tab(w, "الجدول");
      expect(schedule.filter((r) => r[0] === SERIES).length).toBeGreaterThan(1);

      await setCell(w, ROW, "مدة اللقاء (دقائق)", "45 د");
      const run = await cron(w);
      expect(run.outcome).toBe("ok");
      expect(run.counts?.rejected).toBeGreaterThan(0);
      expect(await slotIdsInFeed()).toBe(0);
      expect(await tab(w, "الجدول")).toEqual(schedule);
      expect(
        await count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'cancel' AND meeting_id LIKE ?"),
      ).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    "a plain row turned into a series is expanded by the full sync, not planned as one meeting",
    async () => {
      const w = await newWorld();
      // The demo's series as plain rows, so the incremental path may run at all.
      for (const row of [4, ROW]) {
        await setCell(w, row, "النوع", "ثنائي");
        await setCell(w, row, "مدة اللقاء (دقائق)", "");
        await setCell(w, row, "الاستراحة (دقائق)", "");
      }
      await setCell(w, ROW, "الحالة", "مؤكد");
      await settle(w);
      await setCell(w, ROW, "النوع", "سلسلة لقاءات ثنائية");
      await setCell(w, ROW, "مدة اللقاء (دقائق)", "45");
      await setCell(w, ROW, "الاستراحة (دقائق)", "15");
      await setCell(w, ROW, "البداية", "8:00");
      const run = await cron(w);
      expect(run.outcome).toBe("ok");
      expect(run.counts?.incremental ?? 0).toBe(0);
      const updates = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'update' AND meeting_id = ?",
      )
        .bind(SERIES)
        .first<{ n: number }>();
      expect(updates?.n).toBe(0);
      expect(
        await count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'invite' AND meeting_id LIKE ?"),
      ).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );

  it(
    "an organisation's name respelled in Contacts keeps its slot and meeting: one update, nothing cancelled",
    async () => {
      const w = await newWorld();
      await setCell(w, ROW, "الحالة", "مؤكد");
      await settle(w);
      const slots = async () =>
        (
          await env.DB.prepare(
            "SELECT organisation, slot_meeting_id, day, start FROM series_slots WHERE meeting_id = ? ORDER BY day, start",
          )
            .bind(SERIES)
            .all<{ organisation: string; slot_meeting_id: string; day: string; start: string }>()
        ).results;
      const before = await slots();
      const last = await env.DB.prepare("SELECT MAX(id) AS id FROM outbox").first<{ id: number }>();
      // The first contact's organisation, with its hamza dropped.
      await writeCells(w, CONTACTS_TAB, "A2", [["شبكة الاغاثة السورية المستقلة"]]);
      await settle(w);
      const sent = await env.DB.prepare(
        "SELECT kind, meeting_id FROM outbox WHERE id > ? AND kind <> 'schedule' AND kind <> 'digest'",
      )
        .bind(last?.id ?? 0)
        .all();
      // Its meeting's title names the organisation: one update to it, the same
      // calendar entry (no cancellation, no new invitation), nothing to the others.
      const renamed = before.find((s) => s.organisation === "شبكة الإغاثة السورية المستقلة");
      expect(sent.results).toEqual([{ kind: "update", meeting_id: renamed?.slot_meeting_id }]);
      const after = await slots();
      expect(after.map((s) => [s.slot_meeting_id, s.day, s.start])).toEqual(
        before.map((s) => [s.slot_meeting_id, s.day, s.start]),
      );
      expect(after.map((s) => s.organisation)).toContain("شبكة الاغاثة السورية المستقلة");
    },
    TIMEOUT_MS,
  );
});
