// The sync's own vocabulary: what D1 remembers (StoredState), what the plan
// decides (Plan), and the outbox row the mailer works from. plan.ts computes a
// Plan from a ParsedSheet and a StoredState; store.ts loads and records them.
import type { CalendarKind, MeetingKind, UnsubscribeKind } from "../outbox/kinds.ts";
import type { Bilingual, Lang, Meeting, MeetingStatus, Problem } from "../sheet/types.ts";
import type { MaterialChange } from "./changes.ts";

/** The emails the plan makes, about one meeting (src/outbox/kinds.ts has every kind). */
export type EmailKind = MeetingKind;
export type { CalendarKind };
export type RsvpResponse = "accepted" | "declined" | "tentative";
export type SuppressionReason = "bounce" | "complaint" | "unsubscribe";

export interface StoredMeeting {
  id: string;
  fingerprint: string;
  /** Material changes since the first invitation; new invitees start at this SEQUENCE. */
  revision: number;
  status: MeetingStatus;
  /** ISO instant, or null when the meeting has no date. */
  starts_at: string | null;
  /** What its last update changed ("time,place", src/sync/changes.ts); null or absent when unknown. */
  changed?: string | null;
  /**
   * The meeting as its row last said while valid (migrations/0006_last_good.sql):
   * what invitees and the website keep while the row is invalid. Null for a
   * meeting not seen valid since that migration.
   */
  last_good: Meeting | null;
  /** ISO instant the row stopped being valid; null while it is valid. */
  invalid_since: string | null;
}

export interface StoredInvitation {
  meeting_id: string;
  /** Lower-cased address. */
  email: string;
  language: Lang;
  /** The calendar SEQUENCE last sent to this invitee. */
  sequence: number;
  /** "cancel" means this address is no longer invited. */
  last_kind: CalendarKind;
  response: RsvpResponse | null;
  /** ISO instant the last invite/update/cancel to this invitee was planned. */
  updated_at: string;
}

export interface StoredState {
  /** The state_version the rest was read at; recordPlan refuses a plan made from an older one. */
  version: number;
  /**
   * idKey(meeting id) → the meeting, whose `id` keeps the spelling first stored.
   * The parser compares IDs by idKey, so D1 is looked up the same way.
   */
  meetings: Map<string, StoredMeeting>;
  /** idKey(meeting id) → lower-cased email → invitation. */
  invitations: Map<string, Map<string, StoredInvitation>>;
  /** lower-cased email → why it gets nothing. */
  suppressed: Map<string, SuppressionReason>;
  /**
   * `unsubscribeKey(email, kind)` for each kind of mail an address left
   * (migrations/0003_unsubscribe.sql): its reminders and summaries are skipped;
   * invitations, updates and cancellations still go.
   */
  unsubscribed: ReadonlySet<string>;
  /** Idempotency keys already in the outbox, whatever their state. */
  sentKeys: Set<string>;
  /** idKey(meeting id) → the latest emails recorded about it, for its Sync status. */
  latestMail: Map<string, LatestMail>;
  /** idKey(meeting id) → its active substitutes (src/substitutes/), invited like its invitees. */
  substitutes?: ReadonlyMap<string, readonly { original: string; email: string }[]>;
}

/**
 * The latest emails about one meeting: those of the last plan that recorded any
 * for it (outbox rows sharing its created_at), by kind, and what became of them.
 * The Sync status says this until a newer plan sends something.
 */
export interface LatestMail {
  kinds: Partial<Record<EmailKind, number>>;
  /** Of those, the ones SES said bounced for good. */
  bounced: number;
  /** Of those, the ones that may or may not have gone: a person must resend them. */
  unconfirmed: number;
}

export interface PlannedEmail {
  /** `${meeting_id}|${email}|${kind}|${sequence}`; unique in the outbox. */
  key: string;
  meeting_id: string;
  email: string;
  kind: EmailKind;
  /** The calendar SEQUENCE this email carries (0 for a summary, which has no calendar entry). */
  sequence: number;
  language: Lang;
}

/** A meetings row as the plan wants it after this sync: StoredMeeting, field for field. */
export type MeetingUpdate = StoredMeeting;

export interface InvitationUpdate {
  meeting_id: string;
  email: string;
  language: Lang;
  sequence: number;
  last_kind: CalendarKind;
}

export interface MeetingCounts {
  /** Addresses invited after this plan (not cancelled). */
  invited: number;
  /** Emails this plan queues for the meeting. */
  queued: number;
  /** Addresses that got nothing because they are suppressed. */
  suppressed: number;
  /** Cancellations among the meeting's latest emails (this plan's, or the last recorded). */
  cancelled: number;
  /** The meeting's latest emails, and what its last update changed; absent before any. */
  latest?: LatestMail & { changed: readonly MaterialChange[] };
}

export interface MeetingStatusNote extends Bilingual {
  counts: MeetingCounts;
}

export interface SkippedResponse {
  meeting_id: string;
  email: string;
  reason: SuppressionReason;
  message: Bilingual;
}

export interface Plan {
  emails: PlannedEmail[];
  meetingUpdates: MeetingUpdate[];
  invitationUpdates: InvitationUpdate[];
  /** Text for each valid meeting's Sync status cell. */
  statusByMeeting: Map<string, MeetingStatusNote>;
  /** Suppressed addresses that were left out, for the Responses tab. */
  responsesSkipped: SkippedResponse[];
  /** Meetings D1 knows that the sheet no longer has: nothing is sent; they leave the feed. */
  vanished: string[];
  /** What staff must hear of from the plan itself (a vanished meeting still in calendars), for the Sync log. */
  problems: Problem[];
}

/** The outbox's idempotency key of one email: one per (meeting, address, kind, SEQUENCE). */
export const idempotencyKey = (
  meetingId: string,
  email: string,
  kind: EmailKind,
  sequence: number,
) => `${meetingId}|${email}|${kind}|${sequence}`;

/** How StoredState.unsubscribed names one (address, kind) pair. */
export const unsubscribeKey = (email: string, kind: UnsubscribeKind) => `${email}|${kind}`;
