// A bilateral series through the real Worker: the cron sync (scheduled handler)
// reads the sheet from the Sheets emulator, the queue handler sends through the
// SES fake, and every message is read with mailparser and its calendar with a
// calendar parser. Seven organisations in a two-day window of 45-minute slots
// get seven slots, each organisation's invitees one invitation at their own
// time; an eighth gets only its own; a window shortened by one slot moves only
// the organisation that no longer fits (one update); one removed gets only its
// cancellation.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { CONTACTS_TAB, MEETINGS_TAB, tab, worldPerTest, writeCells } from "../support/index.ts";
import {
  meetingOf,
  meetingValue,
  type SentMail,
  sentMails,
  settle,
  syncAndDeliver,
} from "./round-trips-helpers.ts";

const TIMEOUT_MS = 180_000;
const world = worldPerTest({}, { timeoutMs: TIMEOUT_MS });

const SERIES = "2027-05-10-series";
/** Monday and Tuesday, 09:00-12:45 in Istanbul (UTC+3): five 45-minute slots a day. */
const DATE = "2027/05/10-11";
const address = (n: number) => `lead@body${n}.example.org`;
/** Body 1 has a second invitee, who shares its slot. */
const SECOND = "deputy@body1.example.org";

async function addContacts(): Promise<void> {
  const grid = await tab(world, CONTACTS_TAB);
  const rows = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [
    `Body ${n}`,
    `Lead ${n}`,
    address(n),
    "en",
    "",
    "نعم",
  ]);
  rows.splice(1, 0, ["Body 1", "Deputy 1", SECOND, "ar", "", "نعم"]);
  await writeCells(world, CONTACTS_TAB, `A${grid.length + 1}:F${grid.length + rows.length}`, rows);
}

let seriesRow = 0;

/** The series row at the end of Meetings, with the two new columns added after the last. */
async function addSeries(bodies: number[], end = "12:45", start = "09:00"): Promise<void> {
  const grid = await tab(world, MEETINGS_TAB);
  const headers = grid[0] ?? [];
  let slotCol = headers.indexOf("مدة اللقاء (دقائق)");
  if (slotCol === -1) {
    slotCol = headers.length;
    await writeCells(
      world,
      MEETINGS_TAB,
      `${columnLetter(slotCol)}1:${columnLetter(slotCol + 1)}1`,
      [["مدة اللقاء (دقائق)", "الاستراحة (دقائق)"]],
    );
  }
  if (seriesRow === 0) seriesRow = grid.length + 1;
  const cells: Record<string, string> = {
    المعرف: SERIES,
    العنوان: "لقاءات ثنائية مع المستشار",
    "العنوان بالإنجليزية": "Bilaterals with the adviser",
    التاريخ: DATE,
    البداية: start,
    النهاية: end,
    "المنطقة الزمنية": "Europe/Istanbul",
    النوع: "سلسلة لقاءات ثنائية",
    المدعوون: bodies.flatMap((n) => (n === 1 ? [address(1), SECOND] : [address(n)])).join(", "),
    الحالة: "مؤكد",
  };
  const row = headers.map((h) => cells[h] ?? "");
  row[slotCol] = "45";
  row[slotCol + 1] = "";
  await writeCells(
    world,
    MEETINGS_TAB,
    `A${seriesRow}:${columnLetter(row.length - 1)}${seriesRow}`,
    [row],
  );
}

const ofSeries = (mails: SentMail[]) =>
  mails.filter((m) => m.calendar !== null && meetingOf(m).startsWith(`${SERIES}~`));

/** Istanbul wall-clock time on a day of the series, as an instant. */
const at = (day: 10 | 11, time: string) => new Date(`2027-05-${day}T${time}:00+03:00`);

/** 45 minutes after an HH:MM. */
const timeAfter = (start: string) => {
  const m = Number(start.slice(0, 2)) * 60 + Number(start.slice(3)) + 45;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

const slotOf = (n: number): [10 | 11, string] => {
  const starts = ["09:00", "09:45", "10:30", "11:15", "12:00"];
  return n <= 5 ? [10, starts[n - 1]!] : [11, starts[n - 6]!];
};

describe("a bilateral series of seven organisations", () => {
  it(
    "invites each organisation once at its own slot, then sends only what each change needs",
    async () => {
      await settle(world);
      await addContacts();
      await addSeries([1, 2, 3, 4, 5, 6, 7]);
      let seen = (await sentMails()).length;
      await syncAndDeliver(world);

      // 1. Seven slots, eight invitees (Body 1 has two), one invitation each.
      let mails = ofSeries(await sentMails(seen));
      expect(mails.map((m) => m.to).sort()).toEqual(
        [...[1, 2, 3, 4, 5, 6, 7].map(address), SECOND].sort(),
      );
      const uidOf = new Map<string, string>();
      for (const m of mails) {
        expect(m.calendar?.method).toBe("REQUEST");
        expect(m.calendar?.sequence).toBe(0);
        const n = m.to === SECOND ? 1 : Number(/body(\d)/.exec(m.to)?.[1]);
        const [day, start] = slotOf(n);
        expect({ to: m.to, start: m.calendar?.start.toISOString() }).toEqual({
          to: m.to,
          start: at(day, start).toISOString(),
        });
        expect(m.calendar?.end.getTime()).toBe(at(day, start).getTime() + 45 * 60_000);
        // Each invitation names its own invitee only (as every Liqaa invitation does).
        expect(m.calendar?.attendees.map((a) => a.address)).toEqual([m.to]);
        uidOf.set(m.to, m.calendar?.uid ?? "");
      }
      // One UID per organisation: Body 1's two invitees share it, no one else does.
      expect(uidOf.get(SECOND)).toBe(uidOf.get(address(1)));
      expect(new Set(uidOf.values()).size).toBe(7);
      expect(mails[0]?.mail.subject).toContain("Bilaterals with the adviser · Body");
      const status = await meetingValue(world, seriesRow, "حالة المزامنة");
      expect(status).toContain("7 من 10");
      const { results } = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM series_slots WHERE meeting_id = ?",
      )
        .bind(SERIES)
        .all<{ n: number }>();
      expect(results[0]?.n).toBe(7);

      // The Schedule tab lists every slot, in schedule order.
      const schedule = await tab(world, "الجدول");
      expect(schedule[0]).toEqual([
        "معرف السلسلة",
        "الجهة",
        "اليوم",
        "الوقت",
        "المدعوون",
        "الرد",
        "مثبّت",
      ]);
      expect(schedule.slice(1).map((r) => r.slice(0, 4).join(" "))).toEqual(
        [1, 2, 3, 4, 5, 6, 7].map((n) => {
          const [day, start] = slotOf(n);
          return `${SERIES} Body ${n} 2027/05/${day} ${start}-${timeAfter(start)}`;
        }),
      );
      expect(schedule[1]?.[4]).toBe(`${address(1)}, ${SECOND}`);
      expect(schedule[1]?.[5]).toBe("لم يُردّ 2");

      // 2. An eighth organisation: only its invitee hears, at the next free slot.
      seen = (await sentMails()).length;
      await addSeries([1, 2, 3, 4, 5, 6, 7, 8]);
      await syncAndDeliver(world);
      mails = ofSeries(await sentMails(seen));
      expect(mails.map((m) => [m.to, m.calendar?.method])).toEqual([[address(8), "REQUEST"]]);
      expect(mails[0]?.calendar?.start.toISOString()).toBe(at(11, "10:30").toISOString());

      // 3. The window one slot shorter each day: Body 5 (12:00) no longer fits and
      // moves to the first free slot; it alone gets one update, of the same entry.
      seen = (await sentMails()).length;
      await addSeries([1, 2, 3, 4, 5, 6, 7, 8], "12:00");
      await syncAndDeliver(world);
      mails = ofSeries(await sentMails(seen));
      expect(mails.map((m) => [m.to, m.calendar?.method, m.calendar?.sequence])).toEqual([
        [address(5), "REQUEST", 1],
      ]);
      expect(mails[0]?.calendar?.uid).toBe(uidOf.get(address(5)));
      expect(mails[0]?.calendar?.start.toISOString()).toBe(at(11, "11:15").toISOString());

      // 4. Body 3 removed: only its invitee gets a cancellation.
      seen = (await sentMails()).length;
      await addSeries([1, 2, 4, 5, 6, 7, 8], "12:00");
      await syncAndDeliver(world);
      mails = ofSeries(await sentMails(seen));
      expect(mails.map((m) => [m.to, m.calendar?.method])).toEqual([[address(3), "CANCEL"]]);
      expect(mails[0]?.calendar?.uid).toBe(uidOf.get(address(3)));
      expect(mails[0]?.calendar?.sequence).toBe(1);

      // 5. Staff pin Body 6 (2027-05-11 09:00) in the Schedule tab, then start the
      // window at 09:45: Body 1 (09:00) moves, pinned Body 6 stays; only Body 1's
      // two invitees get one update each.
      const lines = await tab(world, "الجدول");
      const six = lines.findIndex((r) => r[1] === "Body 6");
      await writeCells(world, "الجدول", `G${six + 1}`, [["نعم"]]);
      seen = (await sentMails()).length;
      await addSeries([1, 2, 4, 5, 6, 7, 8], "12:45", "09:45");
      await syncAndDeliver(world);
      mails = ofSeries(await sentMails(seen));
      expect(mails.map((m) => [m.to, m.calendar?.method]).sort()).toEqual(
        [
          [SECOND, "REQUEST"],
          [address(1), "REQUEST"],
        ].sort(),
      );
      expect(mails[0]?.calendar?.start.toISOString()).toBe(at(10, "10:30").toISOString());
      const after = await tab(world, "الجدول");
      expect(after.find((r) => r[1] === "Body 6")?.slice(2)).toEqual([
        "2027/05/11",
        "09:00-09:45",
        address(6),
        "لم يُردّ 1",
        "نعم",
      ]);

      // 6. A sync with nothing changed sends nothing more about the series.
      seen = (await sentMails()).length;
      await syncAndDeliver(world);
      expect(ofSeries(await sentMails(seen))).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
