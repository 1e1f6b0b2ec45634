// Calendar replies through the real Worker: the cron sync invites from the demo
// sheet with the replies address as ORGANIZER (read back with ical.js), a
// REPLY built the way Outlook and Gmail build them goes through the Worker's
// email() handler, and the next sync shows the answer in the Responses tab;
// forged, unknown and non-calendar messages record nothing.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { signRsvp } from "../../../src/delivery/links.ts";
import { cron, RESPONSES_TAB, SYNC_LOG_TAB, syncAndDeliver, tab } from "../support/index.ts";
import {
  BRIEFING,
  BRIEFING_UID,
  b64,
  CLARA,
  fold,
  mailIn,
  outlookReply,
  REPLIES,
  type Reply,
  repliesWorld,
  stamp,
} from "./reply-helpers.ts";
import { parseMime, partsOfType, responsesRows } from "./round-trips-helpers.ts";

const TIMEOUT_MS = 60_000;
const world = repliesWorld(TIMEOUT_MS);

/** Gmail: multipart/mixed holding the alternative (calendar 7bit, lines folded) and an invite.ics copy. */
function gmailReply(r: Reply = {}): string {
  const ics = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    "DTSTART:20270310T070000Z",
    "DTEND:20270310T083000Z",
    `DTSTAMP:${stamp(r.dtstamp ?? new Date())}`,
    `ORGANIZER;CN=Syrian Networks League:mailto:${REPLIES}`,
    `UID:${r.uid ?? BRIEFING_UID}`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${r.partstat ?? "ACCEPTED"};CN=Clara Jensen;X-NUM-GUESTS=0:mailto:${r.attendee ?? CLARA}`,
    "CREATED:20270301T090000Z",
    "LAST-MODIFIED:20270302T090000Z",
    "LOCATION:Gaziantep",
    `SEQUENCE:${r.sequence ?? 0}`,
    "STATUS:CONFIRMED",
    "SUMMARY:Briefing for the networks before the Brussels donor conference",
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ]
    .map(fold)
    .join("\r\n");
  return [
    `From: Clara Jensen <${r.from ?? CLARA}>`,
    `To: ${REPLIES}`,
    "Subject: Accepted: Briefing for the networks @ Wed Mar 10, 2027",
    `Message-ID: <${crypto.randomUUID()}@google.com>`,
    "Date: Tue, 02 Mar 2027 09:00:00 +0000",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="000000000000mixed"',
    "",
    "--000000000000mixed",
    'Content-Type: multipart/alternative; boundary="000000000000alt"',
    "",
    "--000000000000alt",
    'Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes',
    "",
    "Clara Jensen has accepted this invitation.",
    "",
    "--000000000000alt",
    'Content-Type: text/html; charset="UTF-8"',
    "",
    "<p>Clara Jensen has accepted this invitation.</p>",
    "--000000000000alt",
    'Content-Type: text/calendar; charset="UTF-8"; method=REPLY',
    "Content-Transfer-Encoding: 7bit",
    "",
    ics,
    "--000000000000alt--",
    "--000000000000mixed",
    'Content-Type: application/ics; name="invite.ics"',
    'Content-Disposition: attachment; filename="invite.ics"',
    "Content-Transfer-Encoding: base64",
    "",
    b64(`${ics}\r\n`),
    "--000000000000mixed--",
    "",
  ].join("\r\n");
}

const GOOGLE_ENVELOPE = "3xwczZwsKCuIEPIb.FIRRIIPMREVS@calendar-server.bounces.google.com";

async function claraAnswer() {
  return env.DB.prepare(
    "SELECT response, response_source FROM invitations WHERE meeting_id = ? AND email = ?",
  )
    .bind(BRIEFING, CLARA)
    .first<{ response: string | null; response_source: string | null }>();
}

async function claraLine(): Promise<string | undefined> {
  const rows = (await responsesRows(world, RESPONSES_TAB)).filter(
    (r) => r["معرف الاجتماع"] === BRIEFING && r["البريد الإلكتروني"] === CLARA,
  );
  expect(rows).toHaveLength(1);
  return rows[0]?.["الرد"];
}

async function linkAnswer(response: "accepted" | "declined") {
  const expires = Math.floor(Date.now() / 1000) + 86_400;
  const token = await signRsvp((env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET, {
    meetingId: BRIEFING,
    email: CLARA,
    response,
    expires,
  });
  const answer = await exports.default.fetch(`https://liqaa.example.org/rsvp/${token}`, {
    method: "POST",
  });
  expect(answer.status).toBe(200);
}

const count = async (sql: string) => (await env.DB.prepare(sql).first<number>("n")) ?? 0;

describe("calendar replies to the replies address", () => {
  it(
    "names the replies address as ORGANIZER of the invitation, From unchanged",
    async () => {
      // The mailer renders each email just before sending it.
      await syncAndDeliver(world);
      const row = await env.DB.prepare(
        "SELECT raw FROM outbox WHERE meeting_id = ? AND email = ? AND kind = 'invite'",
      )
        .bind(BRIEFING, CLARA)
        .first<{ raw: string }>();
      const tree = parseMime(row?.raw ?? "");
      expect(tree.headers.get("from")).toContain("<liqaa@example.org>");
      const [calendar] = partsOfType(tree, "text/calendar");
      const vevent = new ICAL.Component(ICAL.parse(calendar?.text ?? "")).getFirstSubcomponent(
        "vevent",
      );
      expect(String(vevent?.getFirstPropertyValue("organizer")).toLowerCase()).toBe(
        `mailto:${REPLIES}`,
      );
    },
    TIMEOUT_MS,
  );

  for (const [client, build, envelope] of [
    ["Outlook", outlookReply, CLARA],
    ["Gmail", gmailReply, GOOGLE_ENVELOPE],
  ] as const) {
    it(
      `records a ${client} REPLY ACCEPTED: accepted (calendar) on the invitee's Responses line after the next sync`,
      async () => {
        await cron(world);
        expect(await claraLine()).toBe("");
        const seen = await mailIn(world, build(), envelope);
        expect(seen).toEqual({ rejected: null, forwarded: [] });
        expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "calendar" });
        await cron(world);
        expect(await claraLine()).toBe("قبول (من التقويم)");
      },
      TIMEOUT_MS,
    );
  }

  it(
    "matches a reply by the UID the invitee holds even after the sender's domain changed",
    async () => {
      await cron(world);
      // As if first mailed under the network's old domain: that UID stays the meeting's.
      const old = `${BRIEFING}@old-network.example`;
      await env.DB.prepare("UPDATE calendar_uids SET uid = ? WHERE meeting_id = ?")
        .bind(old, BRIEFING)
        .run();
      expect(await mailIn(world, outlookReply({ uid: old }))).toEqual({
        rejected: null,
        forwarded: [],
      });
      expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "calendar" });
      // A UID Liqaa never gave this meeting is not an answer to it.
      await env.DB.prepare("UPDATE invitations SET response = NULL, response_source = NULL").run();
      const legacy = await mailIn(world, outlookReply({ uid: `${BRIEFING}@liqaa` }));
      expect(legacy.rejected).not.toBeNull();
      expect(await claraAnswer()).toEqual({ response: null, response_source: null });
    },
    TIMEOUT_MS,
  );

  it(
    "lets a later link decline win over a calendar accept",
    async () => {
      await cron(world);
      await mailIn(world, outlookReply({ dtstamp: new Date(Date.now() - 60_000) }));
      await linkAnswer("declined");
      expect(await claraAnswer()).toEqual({ response: "declined", response_source: "link" });
      await cron(world);
      expect(await claraLine()).toBe("اعتذار");
    },
    TIMEOUT_MS,
  );

  it(
    "keeps an older calendar reply, or one to an older SEQUENCE, as history without overwriting",
    async () => {
      await cron(world);
      await linkAnswer("accepted");
      await mailIn(
        world,
        outlookReply({ partstat: "DECLINED", dtstamp: new Date(Date.now() - 3_600_000) }),
      );
      expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "link" });

      await env.DB.prepare("UPDATE invitations SET sequence = 2 WHERE meeting_id = ? AND email = ?")
        .bind(BRIEFING, CLARA)
        .run();
      await mailIn(world, gmailReply({ partstat: "DECLINED", sequence: 1 }), GOOGLE_ENVELOPE);
      expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "link" });
      expect(await count("SELECT COUNT(*) AS n FROM rsvps WHERE counted = 0")).toBe(2);
      await cron(world);
      expect(await claraLine()).toBe("قبول");
    },
    TIMEOUT_MS,
  );

  it(
    "refuses a forged sender and an unknown UID, forwards a message with no calendar part, and records nothing",
    async () => {
      await cron(world);
      const forged = await mailIn(world, outlookReply(), "mallory@attacker.example");
      expect(forged.rejected).toMatch(/disagree/);
      const otherFrom = await mailIn(
        world,
        outlookReply({ from: "mallory@attacker.example" }),
        "mallory@attacker.example",
      );
      expect(otherFrom.rejected).toMatch(/disagree/);
      const unknown = await mailIn(world, outlookReply({ uid: "1999-01-01-nope@liqaa" }));
      expect(unknown.rejected).toMatch(/never invited/);
      const foreign = await mailIn(world, outlookReply({ uid: `${BRIEFING}@elsewhere.example` }));
      expect(foreign.rejected).toMatch(/never invited/);
      const human = await mailIn(
        world,
        [
          `From: Clara Jensen <${CLARA}>`,
          `To: ${REPLIES}`,
          "Subject: Re: Briefing",
          `Message-ID: <${crypto.randomUUID()}@example.org>`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Can we move it to Thursday?",
          "",
        ].join("\r\n"),
      );
      expect(human).toEqual({ rejected: null, forwarded: ["secretariat@example.org"] });

      expect(await claraAnswer()).toEqual({ response: null, response_source: null });
      expect(await count("SELECT COUNT(*) AS n FROM rsvps")).toBe(0);
      await cron(world);
      const log = (await tab(world, SYNC_LOG_TAB)).flat().join("\n");
      expect(log).toContain("2 messages to the replies address were refused in the last 7 days");
      expect(log).toContain("for a meeting Liqaa never invited to");
      expect(log).toContain("1 messages to the replies address were not calendar replies");
    },
    TIMEOUT_MS,
  );

  it(
    "shows a COUNTER to staff in the Sync log and records no answer",
    async () => {
      await cron(world);
      const seen = await mailIn(world, outlookReply({ method: "COUNTER", partstat: "TENTATIVE" }));
      expect(seen.rejected).toBeNull();
      expect(await claraAnswer()).toEqual({ response: null, response_source: null });
      await cron(world);
      const log = (await tab(world, SYNC_LOG_TAB)).flat().join("\n");
      expect(log).toContain(`${CLARA} proposed another time (COUNTER) for meeting ${BRIEFING}`);
    },
    TIMEOUT_MS,
  );
});
