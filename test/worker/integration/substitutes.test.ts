// Substitutes through the real Worker: a delegated calendar reply (built as
// Evolution builds one: PARTSTAT=DELEGATED, DELEGATED-TO, and the delegate's
// own line with DELEGATED-FROM) through email(), and the RSVP page's form
// through fetch(), each followed by the scheduled sync and the queue: the
// substitute gets exactly one invitation of their own (mailparser + ical.js:
// the meeting's UID, their ATTENDEE), the Responses tab says who replaces
// whom, a redelivered reply or a replayed POST sends nothing more, and
// clearing the substitute's cell sends them one cancellation.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { signRsvp } from "../../../src/delivery/links.ts";
import { RESPONSES_COLUMNS } from "../../../src/sheet/contract.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import worker from "../../../workers/index.ts";
import { RESPONSES_TAB, syncAndDeliver, tab, writeCells } from "../support/index.ts";
import { BRIEFING, b64, CLARA, mailIn, REPLIES, repliesWorld, stamp } from "./reply-helpers.ts";
import { sentMails } from "./round-trips-helpers.ts";

const TIMEOUT_MS = 90_000;
const world = repliesWorld(TIMEOUT_MS);

const SAMIR = "samir.khoury@example.net";
const col = (key: string) => RESPONSES_COLUMNS.findIndex((c) => c.key === key);

/** Clara delegates to Samir, as Evolution's "Delegate meeting" replies to the organizer. */
function delegatedReply(to = SAMIR): string {
  const ics = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Ximian//NONSGML Evolution Calendar//EN",
    "VERSION:2.0",
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    // The UID the invitation carried: the sender's domain (Settings: liqaa@example.org).
    `UID:${BRIEFING}@example.org`,
    `DTSTAMP:${stamp(new Date())}`,
    "SEQUENCE:0",
    `ORGANIZER:mailto:${REPLIES}`,
    `ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:${to}";CN=Clara Jensen:mailto:${CLARA}`,
    `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;DELEGATED-FROM="mailto:${CLARA}";CN=Samir Khoury:mailto:${to}`,
    "SUMMARY:Briefing for the networks",
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\r\n");
  return [
    `From: Clara Jensen <${CLARA}>`,
    `To: ${REPLIES}`,
    "Subject: Delegated: Briefing for the networks",
    `Message-ID: <${crypto.randomUUID()}@evolution.example>`,
    "MIME-Version: 1.0",
    'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
    "Content-Transfer-Encoding: base64",
    "",
    b64(`${ics}\r\n`),
    "",
  ].join("\r\n");
}

/** The Worker's fetch handler under this world's env (its REPLIES_ADDRESS). */
async function fetchWorker(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  // The handler's type wants an incoming request's cf properties; a test request has none.
  const incomingRequest = request as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(incomingRequest, world.env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function formPost(original: string, fields: Record<string, string>) {
  const token = await signRsvp((env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET, {
    meetingId: BRIEFING,
    email: original,
    response: "declined",
    expires: Math.floor(Date.now() / 1000) + 86_400,
  });
  const page = await fetchWorker(new Request(`https://liqaa.example.org/rsvp/${token}`));
  const body = new URLSearchParams(fields);
  const answer = await fetchWorker(
    new Request(`https://liqaa.example.org/rsvp/${token}/substitute`, { method: "POST", body }),
  );
  return { page: await page.text(), status: answer.status, html: await answer.text() };
}

/** One sync and delivery; the messages SES took meanwhile, read by mailparser, for `to`. */
async function mailTo(address: string) {
  const before = (await sentMails()).length;
  await syncAndDeliver(world);
  return (await sentMails(before)).filter((m) => m.to.includes(address));
}

function vevent(ics: string | null) {
  const cal = new ICAL.Component(ICAL.parse(ics ?? ""));
  const event = cal.getFirstSubcomponent("vevent");
  if (!event) throw new Error("no VEVENT");
  return {
    method: String(cal.getFirstPropertyValue("method")),
    uid: String(event.getFirstPropertyValue("uid")),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    attendees: event.getAllProperties("attendee").map((p) =>
      String(p.getFirstValue())
        .replace(/^mailto:/i, "")
        .toLowerCase(),
    ),
  };
}

async function lineOf(email: string) {
  const grid = await tab(world, RESPONSES_TAB);
  const index = grid.findIndex(
    (l) => l[col("meeting_id")] === BRIEFING && l[col("email")] === email,
  );
  return { row: index + 1, cells: grid[index] ?? [] };
}

async function claraUid(): Promise<string> {
  const row = await env.DB.prepare("SELECT uid FROM calendar_uids WHERE meeting_id = ?")
    .bind(BRIEFING)
    .first<{ uid: string }>();
  return row?.uid ?? "";
}

/** Invitation, Responses lines, and the cancellation once staff clear the cell. */
async function expectOneInvitationThenRefuse(substitute: string, original: string) {
  const [invitation, ...more] = await mailTo(substitute);
  expect(more).toHaveLength(0);
  // Greeted by the name they were given (the sheet does not list them), not by their address.
  expect(invitation?.mail.text).toContain("Samir Khoury");
  expect(invitation?.raw).toMatch(/^To: "?Samir Khoury"? </m);
  const cal = vevent(invitation?.ics ?? null);
  expect(cal.method).toBe("REQUEST");
  expect(cal.uid).toBe(await claraUid());
  expect(cal.attendees).toEqual([substitute]);

  const mine = await lineOf(original);
  expect(mine.cells[col("substitute")]).toContain(`<${substitute}>`);
  expect(mine.cells[col("substitute")]).toMatch(/^ينوب عنه: /);
  const theirs = await lineOf(substitute);
  expect(theirs.row).toBeGreaterThan(0);
  expect(theirs.cells[col("substitute")]).toMatch(/^بديل عن: .*<.*>/);
  expect(theirs.cells[col("substitute")]).toContain(original);

  // Nothing more at the next syncs.
  expect(await mailTo(substitute)).toHaveLength(0);

  // Staff clear the substitute's own cell: one cancellation above the invitation's SEQUENCE.
  await writeCells(world, RESPONSES_TAB, `${columnLetter(col("substitute"))}${theirs.row}`, [[""]]);
  const [cancel, ...again] = await mailTo(substitute);
  expect(again).toHaveLength(0);
  const cancelled = vevent(cancel?.ics ?? null);
  expect(cancelled.method).toBe("CANCEL");
  expect(cancelled.uid).toBe(cal.uid);
  expect(cancelled.sequence).toBeGreaterThan(cal.sequence);
  expect(await mailTo(substitute)).toHaveLength(0);
  expect((await lineOf(substitute)).cells[col("substitute")]).toMatch(/^رُفض بديلًا عن: /);
}

describe("substitutes", () => {
  it(
    "a delegated calendar reply sends the substitute exactly one invitation, and a cleared cell one cancellation",
    async () => {
      await syncAndDeliver(world);
      const seen = await mailIn(world, delegatedReply());
      expect(seen).toEqual({ rejected: null, forwarded: [] });
      // Redelivered by Email Routing: nothing new recorded.
      await mailIn(world, delegatedReply());
      const rows = await env.DB.prepare(
        "SELECT original, email, name, source FROM substitutes",
      ).all();
      expect(rows.results).toEqual([
        { original: CLARA, email: SAMIR, name: "Samir Khoury", source: "calendar" },
      ]);
      await expectOneInvitationThenRefuse(SAMIR, CLARA);
    },
    TIMEOUT_MS,
  );

  it(
    "the RSVP page's form does the same, a replayed POST sends nothing more, and wrong substitutes are refused",
    async () => {
      await syncAndDeliver(world);
      const other = await env.DB.prepare(
        "SELECT email FROM invitations WHERE meeting_id = ? AND email <> ? ORDER BY email LIMIT 1",
      )
        .bind(BRIEFING, CLARA)
        .first<string>("email");
      if (!other) throw new Error("the briefing invites one address only");

      const first = await formPost(other, { name: "Samir Khoury", email: SAMIR });
      expect(first.page).toContain(`action="/rsvp/`);
      expect(first.page).toContain('name="email"');
      expect(first.status).toBe(200);
      const replay = await formPost(other, { name: "Samir Khoury", email: SAMIR });
      expect(replay.status).toBe(200);
      expect(replay.page).not.toContain('name="email"');

      for (const [email, why] of [
        [other, "already invited"],
        [CLARA, "your own address"],
        [REPLIES, "the secretariat"],
        ["liqaa@example.org", "the secretariat"],
        ["not an address", "cannot receive email"],
      ] as const) {
        const refused = await formPost(CLARA, { name: "X", email });
        expect(refused.status).toBe(400);
        expect(refused.html).toContain(why);
      }
      const second = await formPost(other, { name: "Rana", email: "rana@example.net" });
      expect(second.status).toBe(400);
      expect(second.html).toContain("already has a substitute");
      const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM substitutes").first<number>(
        "n",
      );
      expect(count).toBe(1);

      await expectOneInvitationThenRefuse(SAMIR, other);
    },
    TIMEOUT_MS,
  );
});
