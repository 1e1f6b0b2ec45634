// Invitees' answers in D1, from an RSVP link or a calendar reply: what is read
// before showing or recording one (the invitation, its language, whether it
// still stands, and its meeting's state, so a link for a withdrawn invitation
// or a meeting that is over stops answering even while its signature is still
// good), and recording one: one answer per invitation, the latest wins, its
// source kept, and a bounded history of every answer given.

import { normalizeEmail } from "../sheet/fields.ts";
import type { Lang, MeetingStatus } from "../sheet/types.ts";
import type { CalendarKind, RsvpResponse } from "../sync/types.ts";

export interface InvitationView {
  language: Lang;
  /** The SEQUENCE last sent to this invitee. */
  sequence: number;
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
      `SELECT i.language, i.sequence, i.last_kind, i.response, m.status AS meeting_status, m.starts_at
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

export type AnswerSource = "link" | "calendar";

export interface Answer {
  meeting_id: string;
  email: string;
  response: RsvpResponse;
  source: AnswerSource;
  /** When the invitee answered: a link's click, a calendar reply's DTSTAMP (never later than its arrival). */
  at: Date;
  /** A calendar reply's SEQUENCE: the version of the invitation it answers. */
  sequence?: number;
}

/** recorded: it is the invitation's answer now; history: kept, but an answer as new or newer stands. */
export type Recorded = "recorded" | "history" | "missing";

/**
 * Answers kept per invitation: enough to show how someone changed their mind,
 * and a bound on what one link holder replaying a POST can add.
 */
export const HISTORY_KEPT = 20;

/**
 * Records an answer. It becomes the invitation's answer unless a newer one is
 * recorded (responded_at later than this one's time) or it answers an older
 * version of the invitation (a SEQUENCE below the one last sent, SENT_SEQUENCE); either way it
 * goes into the history, which keeps the latest HISTORY_KEPT per invitation.
 * "missing": no such standing invitation (a forged or stale link, a cancelled one).
 */
/**
 * The highest SEQUENCE of a calendar request that reached the invitee (went to
 * SES). `invitations.sequence` is raised when an update is planned, before it is
 * sent; an answer to the version the invitee actually holds, pressed while the
 * update waits in the queue (or is stuck: unrenderable, throttled, dead), answers
 * that version, not an older one. Null before anything was sent: the planned one counts.
 */
const SENT_SEQUENCE = `SELECT MAX(o.sequence) FROM outbox o
  WHERE o.meeting_id = ?1 AND o.email = ?2 AND o.kind IN ('invite', 'update')
    AND o.state IN ('claimed', 'sent', 'unconfirmed')`;

export async function recordAnswer(db: D1Database, answer: Answer): Promise<Recorded> {
  const args = [
    answer.meeting_id,
    normalizeEmail(answer.email),
    answer.response,
    answer.at.toISOString(),
    answer.sequence ?? null,
    answer.source,
  ];
  const [update, insert] = await db.batch([
    db
      .prepare(
        `UPDATE invitations SET response = ?3, responded_at = ?4, response_source = ?6
         WHERE meeting_id = ?1 AND email = ?2 AND last_kind <> 'cancel'
           AND (responded_at IS NULL OR responded_at <= ?4)
           AND (?5 IS NULL OR ?5 >= COALESCE((${SENT_SEQUENCE}), sequence))`,
      )
      .bind(...args),
    // changes(): the UPDATE just before, in the same batch (one transaction).
    db
      .prepare(
        `INSERT INTO rsvps (meeting_id, email, response, at, sequence, source, counted)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, changes() > 0
         WHERE EXISTS (SELECT 1 FROM invitations WHERE meeting_id = ?1 AND email = ?2 AND last_kind <> 'cancel')`,
      )
      .bind(...args),
    db
      .prepare(
        `DELETE FROM rsvps WHERE meeting_id = ?1 AND email = ?2 AND id <= (
           SELECT id FROM rsvps WHERE meeting_id = ?1 AND email = ?2 ORDER BY id DESC LIMIT 1 OFFSET ?3)`,
      )
      .bind(answer.meeting_id, normalizeEmail(answer.email), HISTORY_KEPT),
  ]);
  if ((update?.meta.changes ?? 0) > 0) return "recorded";
  return (insert?.meta.changes ?? 0) > 0 ? "history" : "missing";
}
