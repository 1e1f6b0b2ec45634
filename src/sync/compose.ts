// Turns the outbox rows a plan recorded into finished messages: each is rendered
// (src/mail) with signed RSVP links (good until a day after the meeting ends),
// a one-click unsubscribe link on reminders and summaries, and a Message-ID derived from its
// idempotency key, and the raw MIME is stored on the row. The mailer later sends
// exactly these bytes, so a retry or a redelivered Queue message is the same
// message.
import { rsvpLinks } from "../delivery/links.ts";
import { type MailKind, MailRenderError, type RenderedMail, renderMail } from "../mail/render.ts";
import type { MailInput } from "../mail/types.ts";
import { type AttachedMessage, attachMessages } from "../outbox/insert.ts";
import { MAIL_KIND } from "../outbox/kinds.ts";
import { type AwaitingCompose, awaitingCompose } from "../outbox/reads.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import { idKey } from "../sheet/ids.ts";
import type { Contact, Meeting, ParsedSheet } from "../sheet/types.ts";
import { unsubscribeUrl } from "../unsubscribe/token.ts";
import { meetingEnd } from "./fingerprint.ts";
import type { StoredInvitation } from "./types.ts";

const DAY_S = 24 * 60 * 60;
/** A meeting with no end to go by (it has no date; such a meeting is not invited to): links last this long. */
const UNDATED_RSVP_LIFETIME_S = 180 * DAY_S;

/** RSVP links answer until a day after the meeting ended: late answers help the record, later ones nobody. */
function rsvpExpiry(meeting: Meeting, now: Date): number {
  const end = meetingEnd(meeting);
  return end === null
    ? Math.floor(now.getTime() / 1000) + UNDATED_RSVP_LIFETIME_S
    : Math.floor(end.getTime() / 1000) + DAY_S;
}

/** What one email needs besides its meeting and recipient; the preview passes the same. */
export interface MailContext
  extends Pick<
    MailInput,
    "kind" | "meeting" | "contact" | "settings" | "sequence" | "now" | "messageId" | "organizer"
  > {
  /** An update: the fingerprint of the version its invitee was last sent. */
  previousFingerprint?: string;
  signingSecret: string;
  /** Where RSVP and unsubscribe links point; null: the mail carries none. */
  base: string | null;
  /** The address the links are signed for (the recipient; a placeholder in a preview). */
  linkEmail: string;
}

/**
 * Renders one email as the mailer will send it: RSVP links on invitations,
 * updates and reminders (good until a day after the meeting), a one-click
 * unsubscribe on reminders and summaries. Shared by the sync and the preview,
 * so what staff preview is what goes out. Throws MailRenderError.
 */
export async function renderForRecipient(ctx: MailContext): Promise<RenderedMail> {
  const { kind, meeting, base } = ctx;
  const wantsRsvp = kind === "invitation" || kind === "update" || kind === "reminder";
  // Reminders and summaries can be left (RFC 8058 one-click); invitations, updates and cancellations cannot.
  const leaveKind = kind === "reminder" || kind === "summary" ? kind : null;
  return renderMail({
    kind,
    meeting,
    contact: ctx.contact,
    settings: ctx.settings,
    sequence: ctx.sequence,
    now: ctx.now,
    messageId: ctx.messageId,
    previousFingerprint: ctx.previousFingerprint,
    organizer: ctx.organizer ?? null,
    ...(wantsRsvp && base
      ? {
          rsvp: await rsvpLinks(
            ctx.signingSecret,
            base,
            meeting.id,
            ctx.linkEmail,
            rsvpExpiry(meeting, ctx.now),
          ),
        }
      : {}),
    ...(leaveKind && base
      ? {
          unsubscribeUrl: await unsubscribeUrl(ctx.signingSecret, base, {
            email: ctx.linkEmail,
            kind: leaveKind,
            lang: ctx.contact.language,
          }),
        }
      : {}),
  });
}

/**
 * The calendar SEQUENCE an email of this kind would carry for an invitee now,
 * by the plan's rules (src/sync/plan.ts): an update goes out at the invitee's
 * SEQUENCE + 1, a cancellation and a re-invitation after a cancellation too; a
 * reminder at the invitee's SEQUENCE; someone not invited yet starts at the
 * meeting's revision; a summary carries no calendar (0).
 */
export function sequenceFor(
  kind: MailKind,
  revision: number,
  invitation: Pick<StoredInvitation, "sequence" | "last_kind"> | null,
): number {
  switch (kind) {
    case "summary":
      return 0;
    case "update":
      return (invitation?.sequence ?? revision) + 1;
    case "invitation":
      if (!invitation) return revision;
      return invitation.last_kind === "cancel" ? invitation.sequence + 1 : invitation.sequence;
    case "cancellation":
      if (!invitation) return revision + 1;
      return invitation.last_kind === "cancel" ? invitation.sequence : invitation.sequence + 1;
    case "reminder":
      return invitation?.sequence ?? revision;
  }
}

export interface ComposeDeps {
  db: D1Database;
  sheet: ParsedSheet;
  signingSecret: string;
  /** Where RSVP links point: PUBLIC_URL, else the Settings' public site. */
  publicUrl: string | null;
  now: Date;
  /**
   * idKey(meeting id) → its fingerprint before this sync's plan was recorded:
   * the version the invitees of this plan's updates were last sent, so each
   * update shows what changed. Absent (a resend): the current details only.
   */
  previousFingerprints?: ReadonlyMap<string, string>;
  /** REPLIES_ADDRESS, the invitations' ORGANIZER; null: the sender. */
  repliesAddress?: string | null;
}

export interface ComposeProblem {
  key: string;
  code: string;
  detail: string;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The same key always gives the same Message-ID, so a resend threads with the first try. */
export async function messageIdFor(key: string): Promise<string> {
  return `<${(await sha256Hex(key)).slice(0, 32)}@liqaa>`;
}

/** The sheet's meetings and contacts, keyed as the plan compares them. */
export interface SheetLookup {
  meetings: ReadonlyMap<string, Meeting>;
  contacts: ReadonlyMap<string, Contact>;
}

export function sheetLookup(sheet: ParsedSheet): SheetLookup {
  // Looked up as the plan does (IDs compare case-insensitively), and mailed under
  // the spelling first stored, so the calendar UID never changes when staff
  // retype an ID's case.
  return {
    meetings: new Map(sheet.meetings.map((m) => [idKey(m.id), m])),
    contacts: new Map(sheet.contacts.map((c) => [normalizeEmail(c.email), c])),
  };
}

/**
 * One stored row rendered as it will go, under `messageId`; what stops it (its
 * meeting left the sheet, no sender) is a problem, never an exception. Shared
 * by composing and by a resend from the sheet, which gives a fresh Message-ID.
 */
export async function composeOne(
  deps: ComposeDeps,
  lookup: SheetLookup,
  row: Omit<AwaitingCompose, "id">,
  messageId: string,
): Promise<{ ok: true; mail: RenderedMail } | { ok: false; problem: ComposeProblem }> {
  const found = lookup.meetings.get(idKey(row.meeting_id));
  if (!found) {
    const detail = "the meeting is not in the sheet";
    return { ok: false, problem: { key: row.idempotency_key, code: "meeting.missing", detail } };
  }
  const meeting: Meeting = { ...found, id: row.meeting_id };
  const known = lookup.contacts.get(row.email);
  const contact: Contact = known
    ? { ...known, language: row.language }
    : {
        row: 0,
        organization: null,
        name: null,
        email: row.email,
        language: row.language,
        groups: [],
        active: true,
      };
  try {
    const mail = await renderForRecipient({
      kind: MAIL_KIND[row.kind],
      meeting,
      contact,
      settings: deps.sheet.settings,
      sequence: row.sequence,
      now: deps.now,
      messageId,
      previousFingerprint:
        row.kind === "update" ? deps.previousFingerprints?.get(idKey(row.meeting_id)) : undefined,
      signingSecret: deps.signingSecret,
      base: deps.publicUrl ?? deps.sheet.settings.public_url,
      linkEmail: row.email,
      organizer: deps.repliesAddress ?? null,
    });
    return { ok: true, mail };
  } catch (error) {
    if (!(error instanceof MailRenderError)) throw error;
    return {
      ok: false,
      problem: { key: row.idempotency_key, code: error.code, detail: error.message },
    };
  }
}

/**
 * Renders every pending outbox row that has no message yet (this run's, and any
 * a crashed run left behind) for meetings the sheet still has. A row whose
 * meeting is gone or cannot be rendered stays unrendered and is reported; the
 * mailer never sends a row without a message.
 */
export async function composePending(
  deps: ComposeDeps,
): Promise<{ composed: number; problems: ComposeProblem[] }> {
  const { db, sheet, now } = deps;
  const results = await awaitingCompose(db);
  if (results.length === 0) return { composed: 0, problems: [] };

  const lookup = sheetLookup(sheet);
  const problems: ComposeProblem[] = [];
  const updates: AttachedMessage[] = [];
  for (const row of results) {
    const composed = await composeOne(deps, lookup, row, await messageIdFor(row.idempotency_key));
    if (composed.ok) updates.push({ id: row.id, raw: composed.mail.raw, from: composed.mail.from });
    else problems.push(composed.problem);
  }
  if (updates.length > 0) await db.batch(attachMessages(db, updates, now));
  return { composed: updates.length, problems };
}
