// The plan: from the sheet as it is now and what D1 remembers, which emails to
// send and what to remember next. Pure (the clock is an argument), so every
// rule is one case in test/worker/sync/plan.test.ts.

import { TABS } from "../sheet/contract.ts";
import { idKey } from "../sheet/ids.ts";
import { MESSAGES, problem } from "../sheet/problems.ts";
import type { ContactIndex, Meeting, ParsedSheet, Problem } from "../sheet/types.ts";
import { meetingBounds, meetingInterval } from "../time/interval.ts";
import { changesText, materialChanges, parseChanges } from "./changes.ts";
import { fingerprint } from "./fingerprint.ts";
import { planFollowUps } from "./follow-up.ts";
import { addSubstitutes, indexContacts, type Recipient, resolveInvitees } from "./invitees.ts";
import { type KeptRow, keptRows, rowError, sameMeeting } from "./last-good.ts";
import { MeetingPlan } from "./meeting-plan.ts";
import { stamp } from "./stamp.ts";
import { type MeetingStatus, statusCell, vanishedWords } from "./status-words.ts";
import type {
  CalendarKind,
  LatestMail,
  Plan,
  PlannedEmail,
  StoredInvitation,
  StoredMeeting,
  StoredState,
} from "./types.ts";

export interface PlanInput {
  sheet: ParsedSheet;
  state: StoredState;
  now: Date;
}

/** An hour in milliseconds, for the reminder window. */
const HOUR_MS = 60 * 60 * 1000;

// What a meeting D1 has never seen shares (most of a first sync's meetings, and
// every new row after it): no map and no list made per meeting for nothing.
const NO_INVITATIONS: ReadonlyMap<string, StoredInvitation> = new Map();
const NO_ACTIVE: readonly StoredInvitation[] = Object.freeze([]);

export function plan({ sheet, state, now }: PlanInput): Plan {
  const result: Plan = {
    emails: [],
    meetingUpdates: [],
    invitationUpdates: [],
    statusByMeeting: new Map(),
    responsesSkipped: [],
    vanished: [],
    problems: [],
  };
  const when = stamp(now, sheet.settings.timezone);
  const contacts = sheet.contactIndex ?? indexContacts(sheet.contacts);
  const seen = new Set<string>();

  for (const meeting of sheet.meetings) {
    // D1 and the parser both know a meeting by idKey: "M1" edited to "m1" is the same meeting.
    const key = idKey(meeting.id);
    if (seen.has(key)) continue;
    seen.add(key);
    if (meeting.id_proposed) {
      // Sending under an ID the sheet does not hold yet risks a second calendar
      // entry if the write-back fails; the next sync sends once the ID is there.
      const counts = { invited: 0, queued: 0, suppressed: 0, cancelled: 0 };
      const cell = statusCell({ code: "id_pending" }, counts, when);
      result.statusByMeeting.set(meeting.id, { ...cell, counts });
      continue;
    }
    if (sheet.settings.sender === null) {
      // No email can be composed without a sender: planning mail would leave it
      // recorded and unsent, and recording a change unsent would lose its update.
      // Nothing is planned or remembered; the next sync with a sender does it all.
      const counts = { invited: 0, queued: 0, suppressed: 0, cancelled: 0 };
      const cell = statusCell({ code: "no_sender" }, counts, when);
      result.statusByMeeting.set(meeting.id, { ...cell, counts });
      continue;
    }
    const stored = state.meetings.get(key);
    const invitations = state.invitations.get(key) ?? NO_INVITATIONS;
    // Mail and D1 keep the spelling first stored: the calendar UID is made from
    // it, and a UID that changed would leave a second entry in every calendar.
    const id = stored?.id ?? meeting.id;
    const mp = new MeetingPlan(id, state);
    // Held sends no update, so D1 keeps the fingerprint of the version invitees hold.
    const fp = meeting.status === "held" && stored ? stored.fingerprint : fingerprint(meeting);
    const bounds = meetingBounds(meeting);
    const start = bounds?.start ?? null;
    const end = bounds?.end ?? null;
    const { revision, status } = planMeeting(
      { meeting, fingerprint: fp, start, end, stored, invitations },
      sheet,
      contacts,
      now,
      mp,
    );

    const startsAt = start?.toISOString() ?? null;
    // What an update changed is known only now, from the fingerprint it replaces;
    // it is remembered so the Sync status still names it on later syncs.
    const revised = stored !== undefined && revision !== stored.revision;
    const changed = revised
      ? changesText(materialChanges(stored.fingerprint, fp))
      : (stored?.changed ?? null);
    if (
      !stored ||
      stored.fingerprint !== fp ||
      stored.revision !== revision ||
      stored.status !== meeting.status ||
      stored.starts_at !== startsAt ||
      stored.invalid_since !== null ||
      !sameMeeting(stored.last_good, meeting)
    ) {
      result.meetingUpdates.push({
        id,
        fingerprint: fp,
        revision,
        status: meeting.status,
        starts_at: startsAt,
        changed,
        // Every valid meeting is its own last good version, whatever the row says next.
        last_good: meeting,
        invalid_since: null,
      });
    }

    mp.counts.invited = invitedAfter(invitations, mp);
    const latest = latestMail(mp.emails, state.latestMail.get(key));
    if (latest) mp.counts.latest = { ...latest, changed: parseChanges(changed) };
    mp.counts.cancelled = latest?.kinds.cancel ?? 0;

    result.emails.push(...mp.emails);
    result.invitationUpdates.push(...mp.invitations);
    result.responsesSkipped.push(...mp.skipped);
    result.problems.push(...mp.problems);
    const cell = statusCell(status, mp.counts, when);
    result.statusByMeeting.set(meeting.id, { ...cell, counts: mp.counts });
  }

  // Kept rows and vanished meetings are meetings D1 knows: none in a first sync.
  if (state.meetings.size === 0) return result;

  for (const kept of keptRows(sheet, state)) planKept(kept, sheet, state, now, result);

  const rejected = new Set(
    sheet.rejected.flatMap((row) => (row.id === null ? [] : [idKey(row.id)])),
  );
  for (const [key, stored] of state.meetings) {
    if (seen.has(key) || rejected.has(key)) continue;
    result.vanished.push(stored.id);
    // A deleted row sends nothing (a cancellation takes the word), but its invitees still hold it in their
    // calendars: staff must hear of it, or the meeting happens for them alone.
    let active = 0;
    for (const inv of state.invitations.get(key)?.values() ?? []) {
      if (inv.last_kind !== "cancel") active += 1;
    }
    if (active > 0) result.problems.push(vanishedProblem(sheet, stored.id, active));
  }
  return result;
}

/** How many addresses are invited (not cancelled) once this plan's calendar emails are recorded. */
function invitedAfter(invitations: ReadonlyMap<string, StoredInvitation>, mp: MeetingPlan): number {
  if (invitations.size === 0) {
    // Nothing recorded before: this plan's calendar emails went to its invitees,
    // each once (no earlier entry to update or cancel), so no map is needed.
    let invited = 0;
    for (const inv of mp.invitations) if (inv.last_kind !== "cancel") invited += 1;
    return invited;
  }
  const after = new Map<string, CalendarKind>();
  for (const inv of invitations.values()) after.set(inv.email, inv.last_kind);
  for (const inv of mp.invitations) after.set(inv.email, inv.last_kind);
  let invited = 0;
  for (const kind of after.values()) if (kind !== "cancel") invited += 1;
  return invited;
}

/**
 * The meeting's latest emails: this plan's when it queues any, else the last
 * recorded ones (D1), so the Sync status keeps saying the last thing that
 * happened until something newer does.
 */
function latestMail(
  queued: readonly PlannedEmail[],
  recorded: LatestMail | undefined,
): LatestMail | undefined {
  if (queued.length === 0) return recorded;
  const kinds: LatestMail["kinds"] = {};
  for (const email of queued) kinds[email.kind] = (kinds[email.kind] ?? 0) + 1;
  return { kinds, bounced: 0, unconfirmed: 0 };
}

function vanishedProblem(sheet: ParsedSheet, id: string, active: number): Problem {
  return {
    tab: sheet.layout.meetings?.title ?? TABS.meetings.en,
    row: null,
    column: null,
    value: id,
    code: "meeting.vanished",
    severity: "warning",
    message: vanishedWords(id, active),
  };
}

/** A meeting with what the plan derives from it once: its fingerprint, start and end. */
interface MeetingFacts {
  meeting: Meeting;
  fingerprint: string;
  start: Date | null;
  /** When it is over (the interval's `end`): no invitations after it. */
  end: Date | null;
  /** What D1 remembers of it, found by idKey. */
  stored: StoredMeeting | undefined;
  invitations: ReadonlyMap<string, StoredInvitation>;
}

/** The invitations not cancelled, in D1's order. */
function activeOf(invitations: ReadonlyMap<string, StoredInvitation>): readonly StoredInvitation[] {
  if (invitations.size === 0) return NO_ACTIVE;
  const active: StoredInvitation[] = [];
  for (const inv of invitations.values()) if (inv.last_kind !== "cancel") active.push(inv);
  return active;
}

/** Applies the rules for one meeting's status; returns its revision after this plan and its Sync status. */
function planMeeting(
  facts: MeetingFacts,
  sheet: ParsedSheet,
  contacts: ContactIndex,
  now: Date,
  mp: MeetingPlan,
): { revision: number; status: MeetingStatus } {
  const { meeting, stored, invitations } = facts;
  const active = activeOf(invitations);
  let revision = stored?.revision ?? 0;

  // A cancellation is a new version of the entry (RFC 5545 §3.8.7.4): one above
  // the last SEQUENCE this invitee was sent, or a client that keeps only newer
  // versions ignores it.
  const cancelAll = () => {
    for (const inv of active) mp.calendar(inv, "cancel", inv.sequence + 1);
  };

  switch (meeting.status) {
    case "draft": {
      cancelAll();
      if (invitations.size === 0) {
        return { revision, status: { code: "draft" } };
      }
      return { revision, status: { code: "draft_after_invitations" } };
    }
    case "cancelled": {
      cancelAll();
      return { revision, status: { code: "cancelled" } };
    }
    case "held": {
      const { end } = facts;
      if (end !== null && now.getTime() < end.getTime()) {
        // Marked held ahead of time (a slip, or the meeting is under way): the
        // summary of a meeting not yet over would tell invitees it is over.
        const ends = endsText(meeting);
        mp.problems.push(heldEarlyProblem(sheet, meeting.row, ends));
        return { revision, status: { code: "held_waiting", ends } };
      }
      return { revision, status: planSummary(meeting, sheet, active, mp) };
    }
    case "scheduled":
      break;
  }

  if (meeting.date === null) {
    return { revision, status: { code: "no_date" } };
  }
  const { end } = facts;
  if (end !== null && now.getTime() >= end.getTime()) {
    // An old row marked scheduled (or a sheet imported late) must not invite to the past.
    return { revision, status: { code: "over" } };
  }

  const wanted = resolveInvitees(meeting, contacts);
  addSubstitutes(wanted, mp.state.substitutes?.get(idKey(meeting.id)));
  const changed = stored !== undefined && stored.fingerprint !== facts.fingerprint;
  if (changed && active.length > 0) revision += 1;

  for (const inv of active) {
    const to = wanted.get(inv.email);
    if (!to) mp.calendar(inv, "cancel", inv.sequence + 1);
    else if (changed) mp.calendar(to, "update", inv.sequence + 1);
  }
  for (const to of wanted.values()) {
    const prior = invitations.get(to.email);
    if (prior && prior.last_kind !== "cancel") continue;
    // A calendar only revives a cancelled entry for a SEQUENCE above the cancellation's.
    mp.calendar(to, "invite", prior ? prior.sequence + 1 : revision);
  }

  planReminders(facts.start, sheet, now, active, wanted, mp);
  planFollowUps(facts.start, sheet.settings, now, active, wanted, mp);
  return { revision, status: { code: "invited" } };
}

/** Reminders once per (meeting, invitee, SEQUENCE), in the N hours before the start, to invitees who have not declined. */
function planReminders(
  start: Date | null,
  sheet: ParsedSheet,
  now: Date,
  active: readonly StoredInvitation[],
  wanted: Map<string, Recipient>,
  mp: MeetingPlan,
): void {
  if (start === null) return;
  const opens = start.getTime() - sheet.settings.reminder_hours * HOUR_MS;
  if (now.getTime() < opens || now.getTime() >= start.getTime()) return;
  for (const inv of active) {
    const to = wanted.get(inv.email);
    // Whoever got the invitation or update inside the window has just been told.
    if (!to || mp.touched.has(inv.email) || Date.parse(inv.updated_at) >= opens) continue;
    if (inv.response === "declined") continue;
    mp.send(to, "reminder", inv.sequence);
  }
}

/** The summary of a held meeting, once per invitee; carries no calendar entry, so its SEQUENCE is 0. */
function planSummary(
  meeting: Meeting,
  sheet: ParsedSheet,
  active: readonly StoredInvitation[],
  mp: MeetingPlan,
): MeetingStatus {
  const hasSummary = Boolean(meeting.summary_ar?.trim() || meeting.summary_en?.trim());
  // A row entered as held after the fact (history) has no invitees: there is no
  // one to send to, and "summary sent to 0" would read as a failure.
  if (!hasSummary || active.length === 0) return { code: "held" };
  const onlyAccepted = sheet.settings.summary_to === "accepted";
  let delivered = 0;
  for (const inv of active) {
    if (onlyAccepted && inv.response !== "accepted") continue;
    if (mp.send(inv, "summary", 0)) delivered += 1;
  }
  return { code: "held_summary_sent", delivered };
}

/**
 * A kept row (last-good.ts): nothing new is sent, only the reminders its last
 * good version is due, to those it invited; D1 notes since when it is invalid,
 * and its Sync status says what is wrong.
 */
function planKept(
  kept: KeptRow,
  sheet: ParsedSheet,
  state: StoredState,
  now: Date,
  result: Plan,
): void {
  const { stored } = kept;
  const key = idKey(stored.id);
  const active = [...(state.invitations.get(key)?.values() ?? [])].filter(
    (inv) => inv.last_kind !== "cancel",
  );
  const mp = new MeetingPlan(stored.id, state);
  const last = stored.last_good;
  if (last !== null && last.status === "scheduled" && sheet.settings.sender !== null) {
    const interval = meetingInterval(last);
    const start = interval.type === "none" ? null : interval.start;
    // Its invitees hold the last good version in their calendars: that is what they are reminded of.
    const wanted = new Map<string, Recipient>(active.map((inv) => [inv.email, inv]));
    planReminders(start, sheet, now, active, wanted, mp);
  }
  const since = stored.invalid_since ?? now.toISOString();
  if (stored.invalid_since === null)
    result.meetingUpdates.push({ ...stored, invalid_since: since });
  mp.counts.invited = active.length;
  result.emails.push(...mp.emails);
  result.responsesSkipped.push(...mp.skipped);
  const status: MeetingStatus = {
    code: "kept_last_good",
    error: rowError(sheet, kept.row),
    since: stamp(new Date(since), sheet.settings.timezone),
    kept: last !== null,
  };
  const cell = statusCell(status, mp.counts, stamp(now, sheet.settings.timezone));
  result.statusByMeeting.set(kept.sheetId, { ...cell, counts: mp.counts });
}

/** When a meeting ends, as the sheet writes it: its last day, and its End time when it has one. */
function endsText(meeting: Meeting): string {
  const day = (meeting.date_end ?? meeting.date ?? "").replaceAll("-", "/");
  return meeting.end === null ? day : `${day} ${meeting.end}`;
}

function heldEarlyProblem(sheet: ParsedSheet, row: number, ends: string): Problem {
  const layout = sheet.layout.meetings;
  const col = layout?.columns.status;
  const column = col === undefined ? null : (layout?.headers[col] ?? null);
  const place = { tab: layout?.title ?? TABS.meetings.en, row, column };
  return problem(
    place,
    "status.held_future",
    "warning",
    null,
    MESSAGES["status.held_future"](ends),
  );
}
