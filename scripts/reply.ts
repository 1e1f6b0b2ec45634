// `npm run reply -- <address> accept|decline|tentative [meeting-id]`: answers an
// invitation from the local inbox the way a calendar client does when its
// invitee presses Accept / Tentative / Decline. It reads the latest invitation
// the running `npm start` mailed to <address> (its UID, SEQUENCE and ORGANIZER,
// from the calendar part), builds an iMIP REPLY as Gmail builds one (METHOD:REPLY,
// only that attendee's ATTENDEE line with its PARTSTAT, the invitation's UID and
// SEQUENCE) and POSTs it to wrangler's local email endpoint,
// /cdn-cgi/handler/email?from=…&to=…, which runs the Worker's email() handler.
// The next sync (`npm run sync`, or the cron) writes the answer into Responses.
import { parseArgs } from "node:util";
import { simpleParser } from "mailparser";
import { readItip } from "../src/replies/calendar-text.ts";
import { inboxEmails, inboxSource } from "./start/inbox.ts";
import { runningInstanceOrExit } from "./start/instance.ts";

const PARTSTAT = { accept: "ACCEPTED", decline: "DECLINED", tentative: "TENTATIVE" } as const;
type Answer = keyof typeof PARTSTAT;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { state: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
});
const [address, answer, meetingId] = positionals;
if (values.help || !address || !answer || !(answer in PARTSTAT)) {
  console.log(
    "usage: npm run reply -- <address> accept|decline|tentative [meeting-id] [--state <dir>]",
  );
  process.exit(values.help ? 0 : 2);
}

const instance = await runningInstanceOrExit(values.state);

interface Invitation {
  uid: string;
  sequence: number;
  organizer: string;
  name: string;
  summary: string;
}

/** The newest invitation or update in the inbox to `to` (for `meeting`, when given). */
async function latestInvitation(to: string, meeting?: string): Promise<Invitation | null> {
  const emails = await inboxEmails(instance.inboxUrl);
  for (const email of emails.reverse()) {
    if (!email.to.some((t) => t.address.toLowerCase() === to)) continue;
    const mail = await simpleParser(await inboxSource(instance.inboxUrl, email.id));
    const part = mail.attachments.find((a) => a.contentType === "text/calendar");
    const itip = part ? readItip(part.content.toString("utf8")) : null;
    if (itip?.method !== "REQUEST" || !itip.uid || !itip.organizer) continue;
    if (meeting && itip.uid.slice(0, itip.uid.lastIndexOf("@")) !== meeting) continue;
    const who = mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.name : undefined;
    return {
      uid: itip.uid,
      sequence: itip.sequence,
      organizer: itip.organizer,
      name: who || to,
      summary: mail.subject ?? "",
    };
  }
  return null;
}

/** RFC 5545 §3.1: lines of at most 75 octets, continued after CRLF and a space. */
function fold(line: string): string {
  const out: string[] = [];
  let rest = Buffer.from(line, "utf8");
  while (rest.length > 75) {
    let cut = 75;
    while (cut > 0 && ((rest[cut] ?? 0) & 0xc0) === 0x80) cut--; // never inside a UTF-8 character
    out.push(rest.subarray(0, cut).toString("utf8"));
    rest = Buffer.concat([Buffer.from(" "), rest.subarray(cut)]);
  }
  out.push(rest.toString("utf8"));
  return out.join("\r\n");
}

const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/** The REPLY as Google Calendar mails it: text/plain and text/calendar; method=REPLY in multipart/alternative. */
function buildReply(to: string, inv: Invitation, partstat: string, now: Date): string {
  const calendar = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Liqaa//npm run reply//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    `DTSTAMP:${utcStamp(now)}`,
    `ORGANIZER:mailto:${inv.organizer}`,
    `UID:${inv.uid}`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat};CN="${inv.name.replace(/"/g, "")}":mailto:${to}`,
    `SEQUENCE:${inv.sequence}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ]
    .map(fold)
    .join("\r\n");
  const boundary = `reply-${now.getTime().toString(36)}`;
  return [
    `From: ${to}`,
    `To: ${inv.organizer}`,
    `Subject: ${partstat.charAt(0)}${partstat.slice(1).toLowerCase()}: ${inv.summary.replace(/[^\x20-\x7e]/g, "").trim() || inv.uid}`,
    `Date: ${now.toUTCString()}`,
    `Message-ID: <${crypto.randomUUID()}@reply.liqaa.local>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    "",
    `${to} answered ${partstat}.`,
    `--${boundary}`,
    'Content-Type: text/calendar; charset="UTF-8"; method=REPLY',
    "Content-Transfer-Encoding: 8bit",
    "",
    calendar,
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

const to = address.trim().toLowerCase();
const invitation = await latestInvitation(to, meetingId);
if (!invitation) {
  console.error(
    `No invitation to ${to}${meetingId ? ` for ${meetingId}` : ""} in the local inbox (${instance.inboxUrl}).`,
  );
  process.exit(1);
}
const raw = buildReply(to, invitation, PARTSTAT[answer as Answer], new Date());
const url = new URL("/cdn-cgi/handler/email", instance.workerUrl);
url.searchParams.set("from", to);
url.searchParams.set("to", invitation.organizer);
const res = await fetch(url, { method: "POST", body: raw, signal: AbortSignal.timeout(15_000) });
const body = await res.text();
let outcome = body;
try {
  const parsed = JSON.parse(body) as { outcome?: string; rejectReason?: string };
  outcome = parsed.rejectReason ? `rejected: ${parsed.rejectReason}` : (parsed.outcome ?? body);
} catch {
  // Not wrangler's JSON answer: shown as it came.
}
console.log(
  `reply ${PARTSTAT[answer as Answer]} for ${invitation.uid} (SEQUENCE ${invitation.sequence}) from ${to} to ${invitation.organizer}: ${outcome}`,
);
console.log("The next sync writes it into the Responses tab: `npm run sync`.");
process.exit(res.ok ? 0 : 1);
