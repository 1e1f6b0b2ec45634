// One meeting's decisions while the plan's rules run (plan.ts): the emails it
// queues, the invitees' new calendar state, the addresses left out and why,
// and what staff must hear of. Queuing goes through send(), so suppressions
// and unsubscribes are applied in one place.
import { leaveKindOf, type UnsubscribeKind } from "../outbox/kinds.ts";
import type { Problem } from "../sheet/types.ts";
import type { Recipient } from "./invitees.ts";
import { type SkipReason, skippedWords } from "./status-words.ts";
import {
  type CalendarKind,
  type EmailKind,
  type InvitationUpdate,
  type MeetingCounts,
  type PlannedEmail,
  type SkippedResponse,
  type StoredState,
  type SuppressionReason,
  unsubscribeKey,
} from "./types.ts";

/** leaveKindOf per kind, asked once per kind rather than once per email (it searches a table). */
const LEAVES = new Map<EmailKind, UnsubscribeKind | null>();

function leavesOf(kind: EmailKind): UnsubscribeKind | null {
  let leaves = LEAVES.get(kind);
  if (leaves === undefined) {
    leaves = leaveKindOf(kind);
    LEAVES.set(kind, leaves);
  }
  return leaves;
}

/** What a meeting that sends no calendar email has touched: nobody (no set made per meeting). */
const NOBODY: ReadonlySet<string> = new Set();

/**
 * `|kind|SEQUENCE`, the end of idempotency keys, by kind and SEQUENCE: one
 * string for every email sharing them. A key is then three strings joined
 * (this meeting's `id|`, the address, the end) instead of seven: a first sync
 * keeps one per planned email, and fewer, smaller objects are less for the
 * collector to copy. Same text as idempotencyKey (test/worker/sync/meeting-plan.test.ts).
 */
const KEY_ENDS = new Map<EmailKind, string[]>();
/** SEQUENCEs above this are rare (a meeting revised that often): their ends are not remembered. */
const MAX_REMEMBERED_SEQUENCE = 100;

function keyEnd(kind: EmailKind, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > MAX_REMEMBERED_SEQUENCE)
    return `|${kind}|${sequence}`;
  let ends = KEY_ENDS.get(kind);
  if (ends === undefined) {
    ends = [];
    KEY_ENDS.set(kind, ends);
  }
  let end = ends[sequence];
  if (end === undefined) {
    end = `|${kind}|${sequence}`;
    ends[sequence] = end;
  }
  return end;
}

/** One meeting's decisions, collected while its rules run. */
export class MeetingPlan {
  readonly emails: PlannedEmail[] = [];
  readonly invitations: InvitationUpdate[] = [];
  readonly skipped: SkippedResponse[] = [];
  #touched: Set<string> | null = null;
  /** What staff must hear of about this meeting, for the Sync log. */
  readonly problems: Problem[] = [];
  readonly counts: MeetingCounts = { invited: 0, queued: 0, suppressed: 0, cancelled: 0 };
  readonly meetingId: string;
  readonly state: StoredState;

  /** The addresses sent a calendar email by this plan. */
  get touched(): ReadonlySet<string> {
    return this.#touched ?? NOBODY;
  }

  /** `id|`, the start of this meeting's idempotency keys. */
  readonly #keyStart: string;

  constructor(meetingId: string, state: StoredState) {
    this.meetingId = meetingId;
    this.#keyStart = `${meetingId}|`;
    this.state = state;
  }

  /**
   * Queues one email unless the address is suppressed, or unsubscribed from this
   * kind (reminders and summaries, and follow-ups with the reminders:
   * src/outbox/kinds.ts); returns whether it goes (or already went).
   */
  send(to: Recipient, kind: EmailKind, sequence: number): boolean {
    const { suppressed, unsubscribed, sentKeys } = this.state;
    // Empty sets and maps are not asked: a first sync's (and a quiet network's) are.
    const reason = suppressed.size === 0 ? undefined : suppressed.get(to.email);
    if (reason !== undefined) {
      this.skip(to, reason, { code: reason });
      return false;
    }
    const leaves = unsubscribed.size === 0 ? null : leavesOf(kind);
    if (
      leaves !== null &&
      leaves !== "digest" &&
      unsubscribed.has(unsubscribeKey(to.email, leaves))
    ) {
      this.skip(to, "unsubscribe", { code: "unsubscribed_from", kind: leaves });
      return false;
    }
    // idempotencyKey(this.meetingId, to.email, kind, sequence), in fewer strings.
    const key = `${this.#keyStart}${to.email}${keyEnd(kind, sequence)}`;
    if (sentKeys.size !== 0 && sentKeys.has(key)) return true;
    this.emails.push({
      key,
      meeting_id: this.meetingId,
      email: to.email,
      kind,
      sequence,
      language: to.language,
    });
    this.counts.queued += 1;
    return true;
  }

  /** Notes an email left out, for the Responses tab, counted with the suppressed. */
  private skip(to: Recipient, reason: SuppressionReason, why: SkipReason): void {
    this.counts.suppressed += 1;
    this.skipped.push({
      meeting_id: this.meetingId,
      email: to.email,
      reason,
      message: skippedWords(why),
    });
  }

  /** A calendar email: sent, and remembered as this invitee's state. */
  calendar(to: Recipient, kind: CalendarKind, sequence: number): void {
    if (!this.send(to, kind, sequence)) return;
    this.#touched ??= new Set();
    this.#touched.add(to.email);
    this.invitations.push({
      meeting_id: this.meetingId,
      email: to.email,
      language: to.language,
      sequence,
      last_kind: kind,
    });
  }
}
