// What the calendar-reply tests share: a world whose invitations name the
// replies address, a ForwardableEmailMessage built from raw bytes and handed to
// the Worker's email() handler as Email Routing does, and the iCalendar text
// helpers a client's REPLY is written with.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach } from "vitest";
import worker from "../../../workers/index.ts";
import { type World, worldPerTest } from "../support/index.ts";

export const REPLIES = "replies@example.org";
export const BRIEFING = "2027-03-10-ocha-briefing";
export const CLARA = "clara.jensen@example.org";
/** The UID the briefing's emails carry: fixed in the sender's domain (Settings: liqaa@example.org). */
export const BRIEFING_UID = `${BRIEFING}@example.org`;

/** A world per test with REPLIES_ADDRESS set, and no reply events left from an earlier test. */
export function repliesWorld(timeoutMs: number): World {
  const world = worldPerTest({ REPLIES_ADDRESS: REPLIES }, { timeoutMs });
  beforeEach(async () => {
    await env.DB.prepare("DELETE FROM reply_events").run();
  });
  return world;
}

/** One message through the Worker's email() handler; what the handler did with it. */
export async function mailIn(world: World, raw: string, envelopeFrom = CLARA) {
  const { message, seen } = incoming(raw, envelopeFrom, REPLIES);
  const ctx = createExecutionContext();
  await worker.email?.(message, world.env, ctx);
  await waitOnExecutionContext(ctx);
  return seen;
}

/** Base64 in 76-character lines, as mail clients write a calendar part. */
export const b64 = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/.{76}/g, "$&\r\n")
    .trimEnd();

/** RFC 5545 §3.1 folding at 75 octets, as Google Calendar folds (mid-address too). */
export const fold = (line: string) => line.replace(/(.{75})(?=.)/g, "$1\r\n ");

/** A UTC DATE-TIME (DTSTAMP). */
export const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/** A ForwardableEmailMessage as Email Routing hands one over, from raw bytes. */
export function incoming(raw: string, envelopeFrom: string, to: string) {
  const bytes = new TextEncoder().encode(raw);
  const seen = { rejected: null as string | null, forwarded: [] as string[] };
  const message = {
    from: envelopeFrom,
    to,
    headers: new Headers(),
    raw: new Blob([bytes]).stream(),
    rawSize: bytes.byteLength,
    setReject(reason: string) {
      seen.rejected = reason;
    },
    async forward(target: string) {
      seen.forwarded.push(target);
      return { messageId: "<forwarded@test>" };
    },
    async reply() {
      throw new Error("Liqaa never replies");
    },
  } as unknown as ForwardableEmailMessage;
  return { message, seen };
}

export interface Reply {
  uid?: string;
  attendee?: string;
  from?: string;
  partstat?: string;
  sequence?: number;
  dtstamp?: Date;
  method?: string;
}

/** Exchange / Outlook: multipart/alternative, the calendar part base64, ATTENDEE first, no ORGANIZER. */
export function outlookReply(r: Reply = {}): string {
  const ics = [
    "BEGIN:VCALENDAR",
    `METHOD:${r.method ?? "REPLY"}`,
    "PRODID:Microsoft Exchange Server 2010",
    "VERSION:2.0",
    "BEGIN:VTIMEZONE",
    "TZID:Turkey Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T000000",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0300",
    "END:STANDARD",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    `ATTENDEE;PARTSTAT=${r.partstat ?? "ACCEPTED"};CN=Clara Jensen:mailto:${r.attendee ?? CLARA}`,
    "COMMENT;LANGUAGE=en-US:\\n",
    "SUMMARY;LANGUAGE=en-US:Accepted: Briefing for the networks",
    "DTSTART;TZID=Turkey Standard Time:20270310T100000",
    "DTEND;TZID=Turkey Standard Time:20270310T113000",
    `UID:${r.uid ?? BRIEFING_UID}`,
    "CLASS:PUBLIC",
    "PRIORITY:5",
    `DTSTAMP:${stamp(r.dtstamp ?? new Date())}`,
    "TRANSP:OPAQUE",
    "STATUS:CONFIRMED",
    `SEQUENCE:${r.sequence ?? 0}`,
    "LOCATION;LANGUAGE=en-US:",
    `X-MICROSOFT-CDO-APPT-SEQUENCE:${r.sequence ?? 0}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\r\n");
  return [
    `From: Clara Jensen <${r.from ?? CLARA}>`,
    `To: Syrian Networks League <${REPLIES}>`,
    "Subject: Accepted: Briefing for the networks",
    "Date: Tue, 2 Mar 2027 09:00:00 +0000",
    `Message-ID: <${crypto.randomUUID()}@outlook.example>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="_000_OUTLOOK_"',
    "",
    "--_000_OUTLOOK_",
    'Content-Type: text/plain; charset="us-ascii"',
    "",
    "",
    "--_000_OUTLOOK_",
    `Content-Type: text/calendar; charset="utf-8"; method=${r.method ?? "REPLY"}`,
    "Content-Transfer-Encoding: base64",
    "",
    b64(`${ics}\r\n`),
    "",
    "--_000_OUTLOOK_--",
    "",
  ].join("\r\n");
}
