// The follow-up (Settings "Follow-up (days before)", 3 in the demo sheet) through
// the real Worker: the cron sync invites five addresses to the demo briefing;
// one answers with its invitation's RSVP link, one with a calendar REPLY through
// the email() handler, one leaves reminders through a List-Unsubscribe POST, one
// bounces; when the briefing is three days away exactly the silent one gets one
// follow-up (read back with mailparser: the RSVP buttons in Arabic and English,
// no calendar), and no later sync sends another. No follow-up goes after the
// meeting started, nor to those invited inside the window; an unchanged sheet
// still sends it on time.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OutboxMessage } from "../../../src/outbox/row.ts";
import { type RunRecord, recordDeliveryEvent } from "../../../src/sync/store.ts";
import { unsubscribeUrl } from "../../../src/unsubscribe/token.ts";
import {
  advanceEmulatorClock,
  cron,
  deliver,
  MEETINGS_TAB,
  RESPONSES_TAB,
  setCell,
  tab,
} from "../support/index.ts";
import { BRIEFING, CLARA, mailIn, REPLIES, repliesWorld, stamp } from "./reply-helpers.ts";
import {
  fakeCount,
  kindsBySesId,
  parseMime,
  partsOfType,
  responsesRows,
  sentMails,
} from "./round-trips-helpers.ts";

const TIMEOUT_MS = 120_000;
const world = repliesWorld(TIMEOUT_MS);
afterEach(() => {
  vi.useRealTimers();
});

const BRIEFING_ROW = 11;
const LINK = "relief.network@example.org";
const CALENDAR = CLARA;
const LEFT = "medical.network@example.org";
const BOUNCED = "education.network@example.org";
const SILENT = "women.network@example.org";
const SECRET = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;

/** Seconds the emulator's clock is ahead of the real one in this test (each test's reset puts it back). */
let ahead = 0;
beforeEach(() => {
  ahead = 0;
});

/**
 * The worker's clock and the emulator's, forward to `at`. The briefing starts
 * 2027-03-10 10:00 Istanbul (07:00Z); three days ahead is 2027-03-07T07:00Z.
 */
async function setClock(at: Date): Promise<void> {
  vi.useFakeTimers({ toFake: ["Date"] });
  const seconds = Math.ceil((at.getTime() - vi.getRealSystemTime()) / 1000) - ahead;
  vi.setSystemTime(at);
  if (seconds > 0) {
    await advanceEmulatorClock(seconds);
    ahead += seconds;
  }
}

/**
 * Delivers at the real time: the SES stand-in checks each request's SigV4 date
 * against its own clock, which no test moves. The worker's clock comes back after.
 */
async function deliverNow(queued: OutboxMessage[]): Promise<void> {
  const faked = vi.isFakeTimers();
  const at = Date.now();
  vi.useRealTimers();
  try {
    await deliver(world, queued);
  } finally {
    if (faked) {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(at);
    }
  }
}

/** One cron tick and the delivery of what it queued. */
async function syncAndDeliver(): Promise<{ run: RunRecord; queued: number }> {
  const run = await cron(world);
  expect(run.outcome).toBe("ok");
  const queued = world.queue.take();
  if (queued.length > 0) await deliverNow(queued);
  return { run, queued: queued.length };
}

/** Syncs and delivers until a sync finds nothing to write and nothing to send. */
async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const { run, queued } = await syncAndDeliver();
    if (run.counts?.writes === 0 && queued === 0) return;
  }
  throw new Error("the sync did not settle");
}

/** The briefing invites the five addresses only, and the sheet settles. */
async function invite(): Promise<void> {
  await setCell(
    world,
    BRIEFING_ROW,
    "المدعوون",
    [LINK, CALENDAR, LEFT, BOUNCED, SILENT].join(", "),
  );
  await settle();
}

async function invitationRaw(email: string): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT raw FROM outbox WHERE meeting_id = ? AND email = ? AND kind = 'invite' AND state = 'sent'",
  )
    .bind(BRIEFING, email)
    .first<{ raw: string }>();
  if (!row) throw new Error(`${email} got no invitation`);
  return row.raw;
}

/** A REPLY as Outlook builds one: the attendee's own line, the invitation's UID and SEQUENCE. */
function calendarReply(uid: string, sequence: number): string {
  const ics = [
    "BEGIN:VCALENDAR",
    "METHOD:REPLY",
    "PRODID:Microsoft Exchange Server 2010",
    "VERSION:2.0",
    "BEGIN:VEVENT",
    `ATTENDEE;PARTSTAT=ACCEPTED;CN=Clara Jensen:mailto:${CALENDAR}`,
    "DTSTART:20270310T070000Z",
    "DTEND:20270310T083000Z",
    `UID:${uid}`,
    `DTSTAMP:${stamp(new Date())}`,
    `SEQUENCE:${sequence}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
  return [
    `From: Clara Jensen <${CALENDAR}>`,
    `To: ${REPLIES}`,
    "Subject: Accepted: Briefing for the networks",
    `Message-ID: <${crypto.randomUUID()}@outlook.example>`,
    "MIME-Version: 1.0",
    'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
    "",
    ics,
  ].join("\r\n");
}

/** Four of the five answer or leave, each the way the real path does it. */
async function allButOneAnswer(): Promise<void> {
  // By link: the accept button of the invitation itself.
  const html = partsOfType(parseMime(await invitationRaw(LINK)), "text/html")[0]?.text ?? "";
  const accept = /href="(https:\/\/[^"]+\/rsvp\/[^"]+\?r=accepted)"/.exec(html)?.[1];
  if (!accept) throw new Error("no accept link in the invitation");
  expect((await exports.default.fetch(accept, { method: "POST" })).status).toBe(200);

  // By calendar: Accept pressed in Outlook on the invitation's own entry.
  const [part] = partsOfType(parseMime(await invitationRaw(CALENDAR)), "text/calendar");
  const vevent = new ICAL.Component(ICAL.parse(part?.text ?? "")).getFirstSubcomponent("vevent");
  const uid = String(vevent?.getFirstPropertyValue("uid"));
  const seen = await mailIn(
    world,
    calendarReply(uid, Number(vevent?.getFirstPropertyValue("sequence") ?? 0)),
  );
  expect(seen).toEqual({ rejected: null, forwarded: [] });

  // Leaves reminders with a one-click POST to its List-Unsubscribe URL.
  const leave = await unsubscribeUrl(SECRET, "https://liqaa.example.org", {
    email: LEFT,
    kind: "reminder",
    lang: "ar",
  });
  const left = await exports.default.fetch(leave, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });
  expect(left.status).toBe(200);

  // Bounces for good: the address is suppressed.
  const bounced = await env.DB.prepare(
    "SELECT ses_message_id FROM outbox WHERE meeting_id = ? AND email = ? AND kind = 'invite'",
  )
    .bind(BRIEFING, BOUNCED)
    .first<string>("ses_message_id");
  await recordDeliveryEvent(env.DB, {
    ses_message_id: bounced,
    email: BOUNCED,
    event: "bounce",
    permanent: true,
    detail: "550 mailbox unavailable",
    at: new Date(),
  });

  const answers = await env.DB.prepare(
    "SELECT email, response, response_source FROM invitations WHERE meeting_id = ? AND response IS NOT NULL ORDER BY email",
  )
    .bind(BRIEFING)
    .all();
  expect(answers.results).toEqual([
    { email: CALENDAR, response: "accepted", response_source: "calendar" },
    { email: LINK, response: "accepted", response_source: "link" },
  ]);
}

/** Who has a follow-up in the outbox for the briefing, in any state. */
async function followedUp(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT email FROM outbox WHERE meeting_id = ? AND kind = 'followup' ORDER BY email",
  )
    .bind(BRIEFING)
    .all<{ email: string }>();
  return results.map((r) => r.email);
}

/** The RSVP answers each language's block (below the html element's own lang) links to, read with HTMLRewriter. */
async function buttonsByLanguage(html: string): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = { ar: [], en: [] };
  let rewriter = new HTMLRewriter();
  for (const lang of ["ar", "en"]) {
    rewriter = rewriter.on(`body [lang="${lang}"] a[href*="/rsvp/"]`, {
      element(a) {
        const href = a.getAttribute("href") ?? "";
        found[lang]?.push(new URL(href).searchParams.get("r") ?? "");
      },
    });
  }
  await rewriter.transform(new Response(html)).text();
  return found;
}

describe("the follow-up to invitees without an answer", () => {
  it(
    "goes once, to exactly the invitee with no answer, with the RSVP buttons in both languages",
    async () => {
      await invite();
      await allButOneAnswer();
      await syncAndDeliver();
      expect(await followedUp()).toEqual([]);

      await setClock(new Date("2027-03-07T07:01:00Z"));
      const before = await fakeCount();
      await syncAndDeliver();
      expect(await followedUp()).toEqual([SILENT]);
      const kinds = await kindsBySesId(env.DB);
      const sent = (await sentMails(before)).filter((m) => kinds.get(m.id) === "followup");
      expect(sent.map((m) => m.to)).toEqual([SILENT]);
      const [mail] = sent;
      if (!mail) throw new Error("no follow-up was sent");

      // As a mail client reads it: both languages, three answers each, no calendar.
      expect(mail.tree.headers.get("content-language")).toBe("ar, en");
      const buttons = await buttonsByLanguage(mail.mail.html ?? "");
      expect(buttons.ar).toEqual(["accepted", "tentative", "declined"]);
      expect(buttons.en).toEqual(["accepted", "tentative", "declined"]);
      expect(mail.mail.text).toMatch(/[\u0600-\u06FF]/);
      expect(mail.mail.text).toMatch(/\/rsvp\//);
      expect(partsOfType(mail.tree, "text/calendar")).toEqual([]);
      expect(mail.mail.attachments).toEqual([]);
      // Left with the reminders, as the address that left reminders was spared it.
      expect(mail.tree.headers.get("list-unsubscribe")).toMatch(/^<https:\/\/[^>]+\/unsubscribe\//);

      // Staff see it: the Sync status counts it, the Responses line names it.
      const meetings = await tab(world, MEETINGS_TAB);
      const status = meetings[0]?.indexOf("حالة المزامنة") ?? -1;
      expect(meetings[BRIEFING_ROW - 1]?.[status]).toContain("أُرسلت المتابعة إلى 1");
      const lines = (await responsesRows(world, RESPONSES_TAB)).filter(
        (r) => r["معرف الاجتماع"] === BRIEFING,
      );
      const silentLine = lines.find((r) => r["البريد الإلكتروني"] === SILENT);
      expect(silentLine?.["الرسالة"]).toBe("متابعة");
      const leftLine = lines.find((r) => r["البريد الإلكتروني"] === LEFT);
      expect(leftLine?.["التسليم"]).toContain("ألغى الاشتراك في التذكيرات");

      // Later syncs, the next hour and into the reminder window, send no other.
      await syncAndDeliver();
      await setClock(new Date("2027-03-07T09:00:00Z"));
      await syncAndDeliver();
      await setClock(new Date("2027-03-09T07:05:00Z"));
      await syncAndDeliver();
      expect(await followedUp()).toEqual([SILENT]);

      // The follow-up's buttons answer: "maybe" is recorded as the silent invitee's answer.
      const html = partsOfType(mail.tree, "text/html")[0]?.text ?? "";
      const maybe = /href="(https:\/\/[^"]+\/rsvp\/[^"]+\?r=tentative)"/.exec(html)?.[1];
      expect((await exports.default.fetch(maybe ?? "", { method: "POST" })).status).toBe(200);
      const answer = await env.DB.prepare(
        "SELECT response FROM invitations WHERE meeting_id = ? AND email = ?",
      )
        .bind(BRIEFING, SILENT)
        .first<string>("response");
      expect(answer).toBe("tentative");
    },
    TIMEOUT_MS,
  );

  it(
    "sends none to those invited inside the window, nor once the meeting has started",
    async () => {
      // Invited two days before: inside the three days, the invitation has just asked.
      await setClock(new Date("2027-03-08T07:00:00Z"));
      await invite();
      await setClock(new Date("2027-03-08T12:00:00Z"));
      await syncAndDeliver();
      expect(await followedUp()).toEqual([]);
      // Invited long before, but no sync ran from then until the meeting had
      // started (none in the reminder window either, whose reminder would stand in).
      await env.DB.prepare("UPDATE invitations SET updated_at = ?")
        .bind("2027-01-01T00:00:00.000Z")
        .run();
      await env.DB.prepare("DELETE FROM sync_meta").run();
      await setClock(new Date("2027-03-10T07:30:00Z"));
      await syncAndDeliver();
      expect(await followedUp()).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "is sent on time from an unchanged sheet",
    async () => {
      await setClock(new Date("2027-03-07T06:50:00Z"));
      await invite();
      expect((await cron(world)).counts?.unchanged).toBe(1);

      expect(await followedUp()).toEqual([]);
      await setClock(new Date("2027-03-07T07:01:00Z"));
      const run = await cron(world);
      expect(run.counts?.unchanged).toBe(0);
      // Nobody has answered: all five, queued by this run.
      expect(await followedUp()).toEqual([BOUNCED, CALENDAR, LEFT, LINK, SILENT].sort());
      expect(world.queue.take()).toHaveLength(5);
    },
    TIMEOUT_MS,
  );
});
