// The email trigger's invocation for the free-plan benches: an invitee's
// calendar answering an invitation the bench's syncs sent, as Google Calendar
// writes an iMIP REPLY (RFC 6047: text/calendar; method=REPLY, the one
// ATTENDEE line with its PARTSTAT, the invitation's UID and SEQUENCE), handed
// to the Worker's email() handler through bench/counting-worker's
// /__bench/email, as Email Routing hands one over.
import type { RealWorker } from "./real-worker.ts";

/** The replies address the bench Workers run with (REPLIES_ADDRESS): the sender's domain. */
export const BENCH_REPLIES = "replies@example.org";

export interface OpenInvitation {
  meetingId: string;
  email: string;
  sequence: number;
  uid: string;
}

/** Unanswered invitations that still stand, of meetings a day or more ahead: a calendar answer is recorded for each. */
export async function openInvitations(w: RealWorker, wanted: number): Promise<OpenInvitation[]> {
  const { results } = await w.db
    .prepare(
      `SELECT i.meeting_id, i.email, i.sequence, u.uid FROM invitations i
         JOIN meetings m ON m.id = i.meeting_id JOIN calendar_uids u ON u.meeting_id = i.meeting_id
       WHERE i.last_kind <> 'cancel' AND i.response IS NULL AND m.status = 'scheduled' AND m.starts_at > ?
       ORDER BY i.meeting_id, i.email LIMIT ?`,
    )
    .bind(new Date(Date.now() + 86_400_000).toISOString(), wanted)
    .all<{ meeting_id: string; email: string; sequence: number; uid: string }>();
  if (results.length === 0) throw new Error("no open invitation to answer by calendar");
  return results.map((r) => ({
    meetingId: r.meeting_id,
    email: r.email,
    sequence: r.sequence,
    uid: r.uid,
  }));
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/** The raw message a calendar client sends when its invitee presses Accept (or Tentative, Decline). */
export function calendarReply(
  invitation: OpenInvitation,
  partstat: "ACCEPTED" | "TENTATIVE" | "DECLINED",
  now: Date,
): string {
  const calendar = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    `DTSTAMP:${stamp(now)}`,
    `ORGANIZER:mailto:${BENCH_REPLIES}`,
    `UID:${invitation.uid}`,
    `SEQUENCE:${invitation.sequence}`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat}:mailto:${invitation.email}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\r\n");
  return [
    `From: <${invitation.email}>`,
    `To: <${BENCH_REPLIES}>`,
    `Subject: Invitation: ${partstat}`,
    `Date: ${now.toUTCString()}`,
    `Message-ID: <${crypto.randomUUID()}@bench.example>`,
    "MIME-Version: 1.0",
    'Content-Type: text/calendar; charset="UTF-8"; method=REPLY',
    "Content-Transfer-Encoding: 7bit",
    "",
    calendar,
    "",
  ].join("\r\n");
}

/**
 * One reply through the email trigger; throws unless the Worker recorded the
 * answer in D1 (a refused or forwarded message would measure another path).
 */
export async function sendCalendarReply(
  w: RealWorker,
  call: (path: string, init?: RequestInit) => Promise<Response>,
  invitation: OpenInvitation,
  partstat: "ACCEPTED" | "TENTATIVE" | "DECLINED",
): Promise<void> {
  const query = new URLSearchParams({ from: invitation.email, to: BENCH_REPLIES });
  const r = await call(`/__bench/email?${query}`, {
    method: "POST",
    body: calendarReply(invitation, partstat, new Date()),
  });
  const { rejected } = (await r.json()) as { rejected: string | null };
  if (r.status !== 200 || rejected !== null)
    throw new Error(`the calendar reply was refused (${r.status}): ${rejected}`);
  const row = await w.db
    .prepare("SELECT response, response_source FROM invitations WHERE meeting_id = ? AND email = ?")
    .bind(invitation.meetingId, invitation.email)
    .first<{ response: string | null; response_source: string | null }>();
  if (row?.response_source !== "calendar")
    throw new Error(`the calendar reply was not recorded: ${JSON.stringify(row)}`);
}
