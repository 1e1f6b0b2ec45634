// The mail renderer's inputs and outputs: what the planner hands over (one
// recipient, one kind, one revision) and what the mailer sends (raw MIME plus the
// parts, kept apart so previews and the sheet can show them).
import type { MailKind } from "../outbox/kinds.ts";
import type { Contact, Meeting, Problem, Settings } from "../sheet/types.ts";

export type { MailKind };

export interface RsvpLinks {
  accept: string;
  tentative: string;
  decline: string;
}

export interface MailInput {
  kind: MailKind;
  meeting: Meeting;
  /** The recipient; contact.language decides the first language. */
  contact: Contact;
  settings: Settings;
  /** The calendar UID the meeting was first sent under; absent: a new one from the sender's domain. */
  uid?: string;
  /** Calendar SEQUENCE: the meeting's revision. */
  sequence: number;
  /** DTSTAMP and the Date header; nothing here reads the clock. */
  now: Date;
  /** e.g. "<outbox-id@liqaa>", chosen by the caller so it is stable across retries. */
  messageId: string;
  /** Signed URLs; invitation, update, reminder and follow-up only. */
  rsvp?: RsvpLinks;
  /** Reminders, follow-ups and summaries: List-Unsubscribe (https) and List-Unsubscribe-Post. */
  unsubscribeUrl?: string;
  /**
   * Updates: the fingerprint (src/sync/fingerprint.ts) of the version this
   * invitee was last sent, so the email leads with what changed, old beside
   * new. Absent or unreadable: the update shows the current details only.
   */
  previousFingerprint?: string;
  /** REPLIES_ADDRESS: the calendar's ORGANIZER when in the sender's domain; else the sender. */
  organizer?: string | null;
}

export interface DigestInput {
  settings: Settings;
  problems: Problem[];
  /** One staff address. */
  to: string;
  now: Date;
  messageId: string;
  sheetUrl?: string;
  /** Problems new and fixed since the last digest this address was sent; the subject counts them. */
  changes?: { added: number; fixed: number };
  /** One-click unsubscribe from the digest: List-Unsubscribe (https) and List-Unsubscribe-Post, and a footer link. */
  unsubscribeUrl?: string;
}

export interface RenderedMail {
  subject: string;
  /** Envelope sender: the bare address from Settings. */
  from: string;
  /** Envelope recipient: the bare address. */
  to: string;
  /** The whole RFC 5322 message, CRLF line ends. */
  raw: string;
  /** The iCalendar object, or null when the mail carries no calendar. */
  ics: string | null;
  html: string;
  text: string;
}

/** A setting or address the renderer cannot work without; the planner checks these first. */
export class MailRenderError extends Error {
  readonly code: "sender.missing" | "address.invalid";
  constructor(code: MailRenderError["code"], message: string) {
    super(message);
    this.name = "MailRenderError";
    this.code = code;
  }
}
