// One email as its recipient gets it: the rendered message (src/mail) with its
// signed RSVP links (good until a day after the meeting ends) and, on reminders
// and summaries, a one-click unsubscribe link; and the SEQUENCE such an email
// carries now. Shared by the mailer, a resend from the sheet and the staff
// preview, so what staff preview is what goes out. No D1 here: the callers
// bring what D1 holds.
import { rsvpLinks } from "../delivery/links.ts";
import { type MailKind, type RenderedMail, renderMail } from "../mail/render.ts";
import type { MailInput } from "../mail/types.ts";
import type { Meeting } from "../sheet/types.ts";
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
    >,
    Pick<MailInput, "uid"> {
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
    ...(ctx.uid === undefined ? {} : { uid: ctx.uid }),
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
