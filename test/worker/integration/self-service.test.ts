// Self-service in a bilateral series through the real Worker: the cron sync
// (scheduled handler) invites three organisations to their slots, each
// organisation's invitee opens the RSVP link its invitation carries (fetch
// handler) and sees the free slots; two of them choose the same free slot at
// the same moment (Promise.all): exactly one gets a 2xx page, the other the
// "taken" page with the slots still free; D1 holds one row at that slot; after
// the next sync and the queue drain, the SES stand-in has exactly one email
// more, the winner's update (mailparser; ical.js: same UID, SEQUENCE 1, the
// new time), and a replayed POST changes and sends nothing.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { columnLetter } from "../../../src/sync/write-back.ts";
import worker from "../../../workers/index.ts";
import { readSlots } from "../rsvp/read-slots.ts";
import {
  CONTACTS_TAB,
  cron,
  decodedParts,
  MEETINGS_TAB,
  tab,
  worldPerTest,
  writeCells,
} from "../support/index.ts";
import { type SentMail, sentMails, settle, syncAndDeliver } from "./round-trips-helpers.ts";

const TIMEOUT_MS = 180_000;
const world = worldPerTest({}, { timeoutMs: TIMEOUT_MS });

const SERIES = "2027-05-10-self";
const address = (n: number) => `lead@org${n}.example.org`;
/** Istanbul (UTC+3) wall clock on 2027-05-10, as an instant. */
const at = (time: string) => new Date(`2027-05-10T${time}:00+03:00`);

async function addSeries(): Promise<void> {
  const contacts = await tab(world, CONTACTS_TAB);
  const rows = [1, 2, 3].map((n) => [`Org ${n}`, `Lead ${n}`, address(n), "en", "", "نعم"]);
  await writeCells(
    world,
    CONTACTS_TAB,
    `A${contacts.length + 1}:F${contacts.length + rows.length}`,
    rows,
  );
  const grid = await tab(world, MEETINGS_TAB);
  const found = grid[0] ?? [];
  // The demo sheet has the series columns; an older sheet gets them at its end.
  const missing = ["مدة اللقاء (دقائق)", "الاستراحة (دقائق)"].filter((h) => !found.includes(h));
  if (missing.length > 0) {
    const from = columnLetter(found.length);
    const to = columnLetter(found.length + missing.length - 1);
    await writeCells(world, MEETINGS_TAB, `${from}1:${to}1`, [missing]);
  }
  const headers = [...found, ...missing];
  const cells: Record<string, string> = {
    المعرف: SERIES,
    العنوان: "لقاءات ثنائية مع المستشار",
    "العنوان بالإنجليزية": "Bilaterals with the adviser",
    التاريخ: "2027/05/10",
    البداية: "09:00",
    النهاية: "12:45",
    "المنطقة الزمنية": "Europe/Istanbul",
    النوع: "سلسلة لقاءات ثنائية",
    المدعوون: [1, 2, 3].map(address).join(", "),
    الحالة: "مؤكد",
    "مدة اللقاء (دقائق)": "45",
  };
  // Five 45-minute slots: 09:00, 09:45, 10:30, 11:15, 12:00; three taken in Invite order.
  const row = headers.map((h) => cells[h] ?? "");
  const n = grid.length + 1;
  await writeCells(world, MEETINGS_TAB, `A${n}:${columnLetter(row.length - 1)}${n}`, [row]);
}

async function fetchWorker(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  // The handler's type wants an incoming request's cf properties; a test request has none.
  const response = await worker.fetch(
    request as Request<unknown, IncomingRequestCfProperties>,
    world.env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

/** The RSVP page's address, as the invitation's body carries it (its "accepted" button). */
function rsvpLink(mail: SentMail): string {
  const link = /https:\/\/liqaa\.example\.org\/rsvp\/[A-Za-z0-9._~-]+/.exec(decodedParts(mail.raw));
  if (!link) throw new Error(`no RSVP link in the email to ${mail.to}`);
  return link[0];
}

function vevent(ics: string | null) {
  const cal = new ICAL.Component(ICAL.parse(ics ?? ""));
  const event = cal.getFirstSubcomponent("vevent");
  if (!event) throw new Error("no VEVENT");
  const time = (name: string) => (event.getFirstPropertyValue(name) as ICAL.Time).toJSDate();
  return {
    method: String(cal.getFirstPropertyValue("method")),
    uid: String(event.getFirstPropertyValue("uid")),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    start: time("dtstart").toISOString(),
    end: time("dtend").toISOString(),
  };
}

const choose = (link: string, slot: string, from: string) =>
  fetchWorker(
    new Request(`${link}/slot`, { method: "POST", body: new URLSearchParams({ slot, from }) }),
  );

describe("two organisations choose the same free slot at the same moment", () => {
  it(
    "one gets it, the other is told it is taken; D1, the emails and the sheet agree",
    async () => {
      await settle(world);
      await addSeries();
      const seen = (await sentMails()).length;
      await syncAndDeliver(world);
      const invitations = (await sentMails(seen)).filter((m) => m.to.endsWith(".example.org"));
      const byTo = new Map(invitations.map((m) => [m.to, m]));
      const one = byTo.get(address(1));
      const two = byTo.get(address(2));
      if (!one || !two) throw new Error("the invitations did not go");

      // Syncs until nothing changes: the next cron tick would stop after its read
      // (the unchanged-sheet short cut), unless the move tells it otherwise.
      await settle(world);
      expect((await cron(world)).counts?.unchanged).toBe(1);

      // Each page offers the two free slots, from its own.
      const links = [rsvpLink(one), rsvpLink(two)];
      const pages = await Promise.all(
        links.map(async (l) => readSlots(await fetchWorker(new Request(l)))),
      );
      for (const page of pages) {
        expect(page.values).toEqual(["2027-05-10T11:15", "2027-05-10T12:00"]);
      }
      expect(pages.map((p) => p.from)).toEqual(["2027-05-10T09:00", "2027-05-10T09:45"]);

      // Both press 12:00 at once.
      const answers = await Promise.all(
        links.map((l, i) => choose(l, "2027-05-10T12:00", pages[i]?.from ?? "")),
      );
      const statuses = answers.map((a) => a.status);
      expect([...statuses].sort()).toEqual([200, 409]);
      const winner = statuses[0] === 200 ? 1 : 2;
      const loser = winner === 1 ? 2 : 1;
      const lost = await readSlots(answers[loser - 1] as Response);
      expect(lost.notice).toContain("Another organisation took that slot");
      // Still free: the winner's old slot and 11:15; 12:00 is gone.
      expect(lost.values).toEqual([pages[winner - 1]?.from ?? "", "2027-05-10T11:15"].sort());
      const won = await readSlots(answers[winner - 1] as Response);
      expect(won.notice).toContain("Your slot is moved");

      // D1: one row at 12:00, the winner's.
      const { results } = await env.DB.prepare(
        `SELECT org_key, organisation FROM series_slots WHERE meeting_id = ? AND day = '2027-05-10' AND start = '12:00'`,
      )
        .bind(SERIES)
        .all<{ org_key: string; organisation: string }>();
      expect(results.map((r) => r.organisation)).toEqual([`Org ${winner}`]);

      // The next sync and the queue: to the organisations, exactly one email more,
      // the winner's update; the secretariat gets the changed schedule, once.
      const before = (await sentMails()).length;
      await syncAndDeliver(world);
      const sent = await sentMails(before);
      const after = sent.filter((m) => m.to !== "secretariat@example.org");
      expect(after.map((m) => m.to)).toEqual([address(winner)]);
      expect(sent.filter((m) => m.to === "secretariat@example.org")).toHaveLength(1);
      const update = vevent(after[0]?.ics ?? null);
      const invited = vevent((winner === 1 ? one : two).ics);
      expect(update).toEqual({
        method: "REQUEST",
        uid: invited.uid,
        sequence: invited.sequence + 1,
        start: at("12:00").toISOString(),
        end: at("12:45").toISOString(),
      });
      expect(after[0]?.mail.subject).toContain("Bilaterals with the adviser");

      // The sheet: the Schedule tab shows the winner at 12:00, the loser where it was.
      // Only this series' lines: the demo sheet's own series has a 12:00 slot too.
      const schedule = (await tab(world, "الجدول")).filter((r) => r[0] === SERIES);
      const line = (n: number) =>
        schedule
          .find((r) => r[1] === `Org ${n}`)
          ?.slice(2, 4)
          .join(" ");
      expect(line(winner)).toBe("2027/05/10 12:00-12:45");
      const loserFrom = pages[loser - 1]?.from ?? "";
      expect(line(loser)).toBe(
        `2027/05/10 ${loserFrom.slice(11)}-${loser === 1 ? "09:45" : "10:30"}`,
      );
      expect(schedule.filter((r) => r[3]?.startsWith("12:00"))).toHaveLength(1);

      // A replay of the winner's POST changes nothing and sends nothing.
      const replay = await choose(
        links[winner - 1] ?? "",
        "2027-05-10T12:00",
        pages[winner - 1]?.from ?? "",
      );
      expect(replay.status).toBe(200);
      expect((await readSlots(replay)).notice).toContain("already your slot");
      const quiet = (await sentMails()).length;
      await syncAndDeliver(world);
      await syncAndDeliver(world);
      expect((await sentMails()).length).toBe(quiet);

      // Staff pin the loser in the Schedule tab: its page offers no slot, a POST moves nothing.
      const grid = await tab(world, "الجدول");
      const pinRow = grid.findIndex((r) => r[1] === `Org ${loser}`) + 1;
      await writeCells(world, "الجدول", `G${pinRow}`, [["نعم"]]);
      await syncAndDeliver(world);
      const pinnedPage = await readSlots(await fetchWorker(new Request(links[loser - 1] ?? "")));
      expect(pinnedPage.values).toEqual([]);
      const refused = await choose(links[loser - 1] ?? "", "2027-05-10T11:15", loserFrom);
      expect(refused.status).toBe(409);
      expect((await tab(world, "الجدول")).find((r) => r[1] === `Org ${loser}`)?.[3]).toBe(
        line(loser)?.slice(11),
      );
    },
    TIMEOUT_MS,
  );
});
