// Every kind of email Liqaa sends, in one table: the outbox stores the kind as
// plain text (the schema does not list them), and everything else about a
// kind — whether it is about a meeting, whether it puts a calendar entry in a
// state, whether it can be left by one click, the renderer's name for it and
// the words staff read — is derived from here.

export const EMAIL_KINDS = [
  {
    kind: "invite",
    mail: "invitation",
    meeting: true,
    calendar: true,
    unsubscribable: false,
    label: { ar: "دعوة", en: "invitation" },
  },
  {
    kind: "update",
    mail: "update",
    meeting: true,
    calendar: true,
    unsubscribable: false,
    label: { ar: "تحديث", en: "update" },
  },
  {
    kind: "cancel",
    mail: "cancellation",
    meeting: true,
    calendar: true,
    unsubscribable: false,
    label: { ar: "إلغاء", en: "cancellation" },
  },
  {
    kind: "reminder",
    mail: "reminder",
    meeting: true,
    calendar: false,
    unsubscribable: true,
    label: { ar: "تذكير", en: "reminder" },
  },
  {
    // One nudge to an invitee with no answer yet (src/sync/follow-up.ts): its
    // sequence is 0, so its key is one per (meeting, invitee) whatever updates
    // follow. It cannot be left on its own: an address that left reminders
    // (`leaves`) is not followed up, and its link leaves reminders.
    kind: "followup",
    mail: "follow-up",
    meeting: true,
    calendar: false,
    unsubscribable: false,
    leaves: "reminder",
    label: { ar: "متابعة", en: "follow-up" },
  },
  {
    kind: "summary",
    mail: "summary",
    meeting: true,
    calendar: false,
    unsubscribable: true,
    label: { ar: "ملخص", en: "summary" },
  },
  {
    // The staff's problem digest: about the whole sheet (meeting_id ''), its
    // sequence is the digest's number.
    kind: "digest",
    mail: null,
    meeting: false,
    calendar: false,
    unsubscribable: true,
    label: { ar: "ملخص المشكلات", en: "problem digest" },
  },
  {
    // A bilateral series' whole schedule to the secretariat (src/series/schedule-mail.ts):
    // composed by the sync like the digest; its sequence is a hash of the schedule.
    kind: "schedule",
    mail: null,
    meeting: false,
    calendar: false,
    unsubscribable: false,
    label: { ar: "جدول اللقاءات", en: "schedule" },
  },
] as const;

type Entry = (typeof EMAIL_KINDS)[number];
type MeetingEntry = Extract<Entry, { meeting: true }>;

/** Any kind an outbox row may have. */
export type OutboxKind = Entry["kind"];
/** The emails about one meeting (the sync's plan makes these). */
export type MeetingKind = MeetingEntry["kind"];
/** The kinds that leave an invitee's calendar in a state: the last one sent is remembered. */
export type CalendarKind = Extract<Entry, { calendar: true }>["kind"];
/** The kinds an address may leave (RFC 8058 one-click). */
export type UnsubscribeKind = Extract<Entry, { unsubscribable: true }>["kind"];
/** The staff's problem digest. */
export type DigestKind = Extract<Entry, { kind: "digest" }>["kind"];
/** The renderer's name of a meeting email (src/mail). */
export type MailKind = MeetingEntry["mail"];

export const DIGEST_KIND: DigestKind = "digest";

export const OUTBOX_KINDS: readonly OutboxKind[] = EMAIL_KINDS.map((e) => e.kind);
export const MEETING_KINDS: readonly MeetingKind[] = EMAIL_KINDS.filter(
  (e): e is MeetingEntry => e.meeting,
).map((e) => e.kind);
export const CALENDAR_KINDS: readonly CalendarKind[] = EMAIL_KINDS.filter(
  (e): e is Extract<Entry, { calendar: true }> => e.calendar,
).map((e) => e.kind);
export const UNSUBSCRIBE_KINDS: readonly UnsubscribeKind[] = EMAIL_KINDS.filter(
  (e): e is Extract<Entry, { unsubscribable: true }> => e.unsubscribable,
).map((e) => e.kind);

/**
 * The renderer's name for each meeting kind. The outbox names ('invite',
 * 'cancel') are part of every idempotency key, and so of every Message-ID;
 * the renderer's ('invitation', 'cancellation') are the preview's URL words.
 * Both stay as they are, and this is the one place that pairs them.
 */
export const MAIL_KIND = Object.fromEntries(
  EMAIL_KINDS.filter((e): e is MeetingEntry => e.meeting).map((e) => [e.kind, e.mail]),
) as Record<MeetingKind, MailKind>;

/** What staff read for a kind, in each language. */
export const KIND_LABELS = Object.fromEntries(EMAIL_KINDS.map((e) => [e.kind, e.label])) as Record<
  OutboxKind,
  { ar: string; en: string }
>;

/**
 * The kind of mail an address leaves to stop this kind (an outbox name or the
 * renderer's, which never name different entries): its own when it can be left,
 * the one it goes with (a follow-up goes with reminders), else null.
 */
export function leaveKindOf(kind: OutboxKind | MailKind): UnsubscribeKind | null {
  const entry = EMAIL_KINDS.find((e) => e.kind === kind || e.mail === kind);
  if (entry === undefined) return null;
  if ("leaves" in entry) return entry.leaves;
  return entry.unsubscribable ? (entry.kind as UnsubscribeKind) : null;
}

/** The kinds an unsubscribe from `kind` stops: that kind and those that go with it. */
export function kindsLeftWith(kind: UnsubscribeKind): OutboxKind[] {
  return OUTBOX_KINDS.filter((k) => leaveKindOf(k) === kind);
}

export function isOutboxKind(value: string): value is OutboxKind {
  return (OUTBOX_KINDS as readonly string[]).includes(value);
}

export function isMeetingKind(value: string): value is MeetingKind {
  return (MEETING_KINDS as readonly string[]).includes(value);
}
