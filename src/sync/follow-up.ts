// The follow-up rule (Settings "Follow-up (days before)"): one short email with
// the RSVP buttons to each invitee who has not answered, by link or by calendar,
// when the meeting is that many days away. Once per (meeting, invitee): its
// SEQUENCE is always 0, so the idempotency key does not change with updates.
// Part of the plan (plan.ts calls it for a scheduled meeting only, so a draft,
// a cancelled, a held or a kept-invalid meeting gets none), and time-driven, so
// the unchanged-sheet short cut wakes at the instant it opens (unchanged.ts).
import type { Meeting, Settings } from "../sheet/types.ts";
import { meetingInterval } from "../time/interval.ts";
import type { Recipient } from "./invitees.ts";
import type { MeetingPlan } from "./meeting-plan.ts";
import { idempotencyKey, type StoredInvitation } from "./types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a meeting's follow-up falls due; null when Settings ask for none or it has no start. */
export function followUpOpens(start: Date | null, days: number | null | undefined): Date | null {
  if (start === null || days === null || days === undefined) return null;
  return new Date(start.getTime() - days * DAY_MS);
}

/** The follow-up instants of these meetings, for the next-due computation. */
export function followUpInstants(
  meetings: readonly Meeting[],
  days: number | null | undefined,
): Date[] {
  if (days === null || days === undefined) return [];
  const at: Date[] = [];
  for (const meeting of meetings) {
    if (meeting.status !== "scheduled") continue;
    const interval = meetingInterval(meeting);
    const opens = followUpOpens(interval.type === "none" ? null : interval.start, days);
    if (opens !== null) at.push(opens);
  }
  return at;
}

/**
 * Queues the follow-ups due now: from the instant it opens until the meeting
 * starts, to each invitee still invited, with no answer recorded, who was
 * invited (or last updated) before it opened — an invitation or update inside
 * the window has just asked, with the same buttons — and who has not had the
 * reminder, which asks too. Suppressed addresses and those that left
 * reminders are skipped by MeetingPlan.send.
 */
export function planFollowUps(
  start: Date | null,
  settings: Settings,
  now: Date,
  active: readonly StoredInvitation[],
  wanted: ReadonlyMap<string, Recipient>,
  mp: MeetingPlan,
): void {
  const opens = followUpOpens(start, settings.follow_up_days);
  if (start === null || opens === null) return;
  if (now.getTime() < opens.getTime() || now.getTime() >= start.getTime()) return;
  const planned = new Set(mp.emails.map((e) => e.key));
  for (const inv of active) {
    const to = wanted.get(inv.email);
    if (!to || inv.response !== null || mp.touched.has(inv.email)) continue;
    if (Date.parse(inv.updated_at) >= opens.getTime()) continue;
    const reminder = idempotencyKey(mp.meetingId, inv.email, "reminder", inv.sequence);
    if (planned.has(reminder) || mp.state.sentKeys.has(reminder)) continue;
    mp.send(to, "followup", 0);
  }
}
