// What the RSVP endpoint reads from D1 before showing or recording an answer:
// the invitation (its language, whether it still stands) and its meeting's
// state, so a link for a withdrawn invitation or a meeting that is over stops
// answering even while its signature is still good.

import { normalizeEmail } from "../sheet/fields.ts";
import type { Lang, MeetingStatus } from "../sheet/types.ts";
import type { CalendarKind, RsvpResponse } from "../sync/types.ts";

export interface InvitationView {
  language: Lang;
  last_kind: CalendarKind;
  response: RsvpResponse | null;
  meeting_status: MeetingStatus | null;
  starts_at: string | null;
}

export async function findInvitation(
  db: D1Database,
  meetingId: string,
  email: string,
): Promise<InvitationView | null> {
  return db
    .prepare(
      `SELECT i.language, i.last_kind, i.response, m.status AS meeting_status, m.starts_at
       FROM invitations i LEFT JOIN meetings m ON m.id = i.meeting_id
       WHERE i.meeting_id = ? AND i.email = ?`,
    )
    .bind(meetingId, normalizeEmail(email))
    .first<InvitationView>();
}

/** An answer is taken until a day after the meeting starts; a held or cancelled meeting takes none. */
const GRACE_MS = 24 * 60 * 60 * 1000;

export type Standing = "open" | "withdrawn" | "over";

export function standing(view: InvitationView, now: Date): Standing {
  if (view.last_kind === "cancel") return "withdrawn";
  if (view.meeting_status === "cancelled" || view.meeting_status === "held") return "over";
  if (view.starts_at !== null && now.getTime() > Date.parse(view.starts_at) + GRACE_MS) {
    return "over";
  }
  return "open";
}
