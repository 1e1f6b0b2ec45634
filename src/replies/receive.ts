// What the replies address does with one message (the email() trigger). Every
// invitation names the replies address as its ORGANIZER, so Accept / Tentative
// / Decline in Gmail, Outlook or Apple Mail mails an iMIP REPLY (RFC 6047) here.
// A REPLY is matched — UID to the meeting, ATTENDEE to the invitation, SEQUENCE
// and DTSTAMP to what is recorded — and its answer lands where link RSVPs land;
// a delegation (PARTSTAT=DELEGATED) names the invitation's substitute.
// A message that is not an iMIP reply goes on to the secretariat (Settings'
// reply-to), so no human message is lost. Anything else is refused: nothing is
// recorded, the sending server is told, and the Sync log counts it.
import PostalMime from "postal-mime";
import { LEGACY_UID_DOMAIN } from "../mail/calendar.ts";
import { domainOf, mailboxAddress } from "../mail/mime.ts";
import { findInvitation, recordAnswer, standing } from "../rsvp/store.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import type { Settings } from "../sheet/types.ts";
import { nameSubstitute } from "../substitutes/store.ts";
import type { RsvpResponse } from "../sync/types.ts";
import { envelopeSender, failsDmarc } from "./authentication.ts";
import { type ItipText, type ReplyAttendee, readItip } from "./calendar-text.ts";
import { type ReplyEvent, recordReplyEvent } from "./events.ts";
import { REJECT_TEXT, type RefusalReason } from "./words.ts";

/** The part of Cloudflare's ForwardableEmailMessage this module uses. */
export interface IncomingMessage {
  /** Envelope MAIL FROM. */
  readonly from: string;
  readonly raw: ReadableStream<Uint8Array>;
  readonly rawSize: number;
  setReject(reason: string): void;
  forward(rcptTo: string, headers?: Headers): Promise<unknown>;
}

export interface ReceiveDeps {
  db: D1Database;
  /** REPLIES_ADDRESS: the ORGANIZER of every invitation, routed to this Worker. */
  repliesAddress: string;
  /** The last good Settings (the forward target is their reply-to). */
  settings: () => Promise<Settings | null>;
  now: () => Date;
}

export type ReplyOutcome =
  | { type: "recorded" | "history"; meetingId: string; email: string; response: RsvpResponse }
  | { type: "refused"; reason: RefusalReason }
  | { type: "forwarded"; to: string }
  | { type: "noted"; method: "COUNTER" | "REFRESH" | "DELEGATED"; meetingId: string }
  | { type: "substitute"; meetingId: string; email: string; fresh: boolean };

/**
 * Email Routing does not take messages over 25 MiB (its Limits page), so a
 * bigger one cannot be real; wrangler's local endpoint refuses them too.
 */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * Services that send a calendar reply on the attendee's behalf from their own
 * bounce address: Google Calendar's replies carry the attendee's From and an
 * envelope sender at calendar-server.bounces.google.com. Any other envelope
 * sender must be the From address itself.
 */
const CALENDAR_BOUNCE_DOMAINS = ["calendar-server.bounces.google.com"];

const ANSWERS: Record<string, RsvpResponse> = {
  ACCEPTED: "accepted",
  TENTATIVE: "tentative",
  DECLINED: "declined",
};

/**
 * The meeting a calendar UID names, or null: the one whose stored UID it is
 * (calendar_uids, fixed when its first email was composed, whatever the sender's
 * domain has become since), else, for a meeting with no stored UID (mailed by
 * the code before UIDs were stored), `<id>@liqaa`. Anything else Liqaa never sent.
 */
export async function meetingForUid(db: D1Database, uid: string): Promise<string | null> {
  const stored = await db
    .prepare("SELECT meeting_id FROM calendar_uids WHERE uid = ?")
    .bind(uid)
    .first<{ meeting_id: string }>();
  if (stored !== null) return stored.meeting_id;
  const at = uid.lastIndexOf("@");
  if (at <= 0 || uid.slice(at + 1).toLowerCase() !== LEGACY_UID_DOMAIN) return null;
  const id = uid.slice(0, at);
  const row = await db
    .prepare(
      `SELECT m.id FROM meetings m
       WHERE m.id = ? AND NOT EXISTS (SELECT 1 FROM calendar_uids u WHERE u.meeting_id = m.id)`,
    )
    .bind(id)
    .first<{ id: string }>();
  return row?.id ?? null;
}

export async function receiveReply(
  deps: ReceiveDeps,
  message: IncomingMessage,
): Promise<ReplyOutcome> {
  const outcome = await decide(deps, message);
  const sender = normalizeEmail(message.from);
  const at = deps.now();
  const event: ReplyEvent | null =
    outcome.type === "refused"
      ? { outcome: "refused", reason: outcome.reason, sender }
      : outcome.type === "forwarded"
        ? { outcome: "forwarded", reason: "not_imip", sender }
        : outcome.type === "noted"
          ? { outcome: "noted", reason: outcome.method, sender, meetingId: outcome.meetingId }
          : null;
  if (event) await recordReplyEvent(deps.db, event, at);
  if (outcome.type === "refused") message.setReject(REJECT_TEXT(outcome.reason));
  return outcome;
}

async function decide(deps: ReceiveDeps, message: IncomingMessage): Promise<ReplyOutcome> {
  if (message.rawSize > MAX_MESSAGE_BYTES) return refused("oversized");
  let mail: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    mail = await PostalMime.parse(message.raw);
  } catch {
    return refused("malformed");
  }
  const part = mail.attachments.find(
    (a) => a.mimeType === "text/calendar" || a.mimeType === "application/ics",
  );
  const text =
    part === undefined
      ? null
      : typeof part.content === "string"
        ? part.content
        : new TextDecoder().decode(part.content);
  const itip = text === null ? null : readItip(text);
  if (text !== null && itip === null) return refused("malformed");
  const method = itip?.method ?? part?.method ?? null;
  if (itip === null || (method !== "REPLY" && method !== "COUNTER" && method !== "REFRESH")) {
    return forward(deps, message);
  }

  // The one attendee who answers (RFC 5546 §3.2.3: a REPLY carries only theirs),
  // and beside a delegation, at most the delegate's line naming them in DELEGATED-FROM.
  const attendee = replyingAttendee(itip);
  if (attendee === null) return refused("malformed");
  const from = mail.from?.address ? normalizeEmail(mail.from.address) : null;
  const envelope = normalizeEmail(envelopeSender(message.from));
  if (from === null || from !== attendee.address) return refused("mismatch");
  if (failsDmarc(mail.headers)) return refused("unauthenticated");
  if (envelope !== from && !CALENDAR_BOUNCE_DOMAINS.includes(domainOf(envelope))) {
    return refused("mismatch");
  }

  const meetingId = itip.uid ? await meetingForUid(deps.db, itip.uid) : null;
  if (meetingId === null || !(await meetingExists(deps.db, meetingId))) {
    return refused("unknown_uid");
  }
  const view = await findInvitation(deps.db, meetingId, attendee.address);
  if (view === null) return refused("unknown_attendee");
  if (method === "COUNTER" || method === "REFRESH") return { type: "noted", method, meetingId };
  if (attendee.partstat === "DELEGATED") {
    return delegated(deps, meetingId, attendee, itip, deps.now());
  }
  const response = ANSWERS[attendee.partstat ?? ""];
  if (response === undefined) return refused("malformed");
  const now = deps.now();
  if (standing(view, now) !== "open") return refused("closed");
  return record(deps.db, meetingId, attendee.address, response, itip, now);
}

async function record(
  db: D1Database,
  meetingId: string,
  email: string,
  response: RsvpResponse,
  itip: ItipText,
  now: Date,
): Promise<ReplyOutcome> {
  // The client's DTSTAMP says when the invitee answered; one from the future
  // (a wrong clock, or a forger wanting the last word) counts as arrival time.
  const at = itip.dtstamp && itip.dtstamp < now ? itip.dtstamp : now;
  const recorded = await recordAnswer(db, {
    meeting_id: meetingId,
    email,
    response,
    source: "calendar",
    at,
    sequence: itip.sequence,
  });
  if (recorded === "missing") return refused("closed");
  return { type: recorded, meetingId, email, response };
}

const refused = (reason: RefusalReason): ReplyOutcome => ({ type: "refused", reason });

/**
 * The attendee a REPLY speaks for: its only ATTENDEE line, or, when the client
 * also lists the delegate (Evolution does; RFC 5546 §4.2.5's example does not),
 * the one line that delegated, every other line being a delegate of it.
 */
function replyingAttendee(itip: ItipText): ReplyAttendee | null {
  const [first, ...others] = itip.attendees;
  if (first === undefined) return null;
  if (others.length === 0) return first;
  const delegators = itip.attendees.filter((a) => a.partstat === "DELEGATED");
  const [delegator] = delegators;
  if (delegators.length !== 1 || delegator === undefined) return null;
  const delegates = itip.attendees.filter((a) => a !== delegator);
  return delegates.every((a) => a.delegatedFrom.includes(delegator.address)) ? delegator : null;
}

/**
 * PARTSTAT=DELEGATED: the one address in DELEGATED-TO becomes the invitation's
 * substitute, under the rules of the RSVP page's form (src/substitutes/store.ts).
 * Several delegates, or a substitute the rules refuse, change nothing and are
 * shown to staff in the Sync log, as before, so a person can answer.
 */
async function delegated(
  deps: ReceiveDeps,
  meetingId: string,
  attendee: ReplyAttendee,
  itip: ItipText,
  now: Date,
): Promise<ReplyOutcome> {
  const noted: ReplyOutcome = { type: "noted", method: "DELEGATED", meetingId };
  const [to, ...more] = attendee.delegatedTo;
  if (to === undefined || more.length > 0) return noted;
  const settings = await deps.settings();
  const named = await nameSubstitute(deps.db, {
    meetingId,
    original: attendee.address,
    email: to,
    name: itip.attendees.find((a) => a.address === to)?.name ?? null,
    source: "calendar",
    at: now,
    organizers: [deps.repliesAddress, addressIn(settings?.sender ?? null) ?? ""],
  });
  if (!named.ok) return noted;
  return { type: "substitute", meetingId, email: named.substitute.email, fresh: named.fresh };
}

async function meetingExists(db: D1Database, id: string): Promise<boolean> {
  return (await db.prepare("SELECT 1 AS x FROM meetings WHERE id = ?").bind(id).first()) !== null;
}

/** Not an iMIP reply: a person wrote to the ORGANIZER. It goes to the secretariat's reply-to. */
async function forward(deps: ReceiveDeps, message: IncomingMessage): Promise<ReplyOutcome> {
  const settings = await deps.settings();
  const target = addressIn(settings?.reply_to ?? null) ?? addressIn(settings?.sender ?? null);
  // Forwarding to the replies address itself would loop back here.
  if (target === null || target === normalizeEmail(deps.repliesAddress)) {
    return refused("no_forward_target");
  }
  await message.forward(target);
  return { type: "forwarded", to: target };
}

/** A mailbox cell's address as replies are compared with it (normalized); null when it names none. */
function addressIn(value: string | null): string | null {
  const address = mailboxAddress(value);
  return address === null ? null : normalizeEmail(address);
}
