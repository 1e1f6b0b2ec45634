// The sync's compose step, and how a stored row is rendered. Each email gets a
// Message-ID derived from its idempotency key. The sync renders nothing itself:
// it stores what rendering needs (prepareCompose, src/outbox/inputs.ts) and the
// mailer renders each row from that just before sending (renderRow, through
// src/sync/recipient-mail.ts), then keeps the bytes on the row, so a retry or a
// redelivered Queue message is the same message.
import { checkAddress, headerSafe, parseMailbox } from "../mail/mime.ts";
import { MailRenderError, type RenderedMail } from "../mail/render.ts";
import {
  CONTEXT_REF,
  type ComposeContext,
  contactRef,
  type MeetingInput,
  meetingRef,
  storeSnapshot,
  type Unprepared,
  unprepared,
} from "../outbox/inputs.ts";
import { MAIL_KIND } from "../outbox/kinds.ts";
import type { AwaitingCompose } from "../outbox/reads.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import { idKey } from "../sheet/ids.ts";
import type { Contact, Lang, Meeting, ParsedSheet, Settings } from "../sheet/types.ts";
import { activeSubstituteNames } from "../substitutes/store.ts";
import { CalendarUids, fixUids } from "./calendar-uids.ts";
import { renderForRecipient } from "./recipient-mail.ts";

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

/** The sheet's meetings and contacts, keyed as the plan compares them, and the meetings' calendar UIDs. */
export interface SheetLookup {
  meetings: ReadonlyMap<string, Meeting>;
  contacts: ReadonlyMap<string, Contact>;
  uids: CalendarUids;
}

export function sheetLookup(deps: Pick<ComposeDeps, "db" | "sheet" | "now">): SheetLookup {
  const { sheet } = deps;
  // Looked up as the plan does (IDs compare case-insensitively), and mailed under
  // the spelling first stored, so the calendar UID never changes when staff
  // retype an ID's case.
  return {
    meetings: byArray(meetingMaps, sheet.meetings, (m) => idKey(m.id)),
    contacts: byArray(contactMaps, sheet.contacts, (c) => normalizeEmail(c.email)),
    uids: new CalendarUids(deps.db, sheet.settings, deps.now),
  };
}

// The maps, once per list: the compose and resend steps of one sync share them, and the
// incremental sync's Contacts list is the very one the sync before it read.
const meetingMaps = new WeakMap<readonly Meeting[], ReadonlyMap<string, Meeting>>();
const contactMaps = new WeakMap<readonly Contact[], ReadonlyMap<string, Contact>>();

function byArray<T>(
  memo: WeakMap<readonly T[], ReadonlyMap<string, T>>,
  list: readonly T[],
  key: (item: T) => string,
): ReadonlyMap<string, T> {
  let map = memo.get(list);
  if (map === undefined) {
    map = new Map(list.map((item) => [key(item), item]));
    memo.set(list, map);
  }
  return map;
}

/** The meeting a row names, as invitees know it, under the ID as the row spells it; null: gone from the sheet. */
function meetingFor(lookup: SheetLookup, meetingId: string): Meeting | null {
  const found = lookup.meetings.get(idKey(meetingId));
  return found ? { ...found, id: meetingId } : null;
}

/**
 * The row's recipient: the sheet's contact, else the bare address (the sheet no
 * longer lists it, or a substitute it never listed: then under the name they
 * were given, so their email greets them by it).
 */
function contactFor(
  lookup: SheetLookup,
  email: string,
  language: Lang,
  names?: ReadonlyMap<string, string>,
): Contact {
  const known = lookup.contacts.get(email);
  const name = names?.get(email) ?? null;
  return known
    ? { ...known, language }
    : { row: 0, organization: null, name, email, language, groups: [], active: true };
}

/** A row's own part of composing: the rest comes from the sheet (composeOne) or a snapshot (the mailer). */
export type RowToCompose = Pick<AwaitingCompose, "idempotency_key" | "email" | "kind" | "sequence">;

/** Everything one email is rendered from besides its row: the same whether the sync or the mailer renders. */
export interface RowInputs {
  meeting: Meeting;
  contact: Contact;
  settings: Settings;
  base: string | null;
  now: Date;
  /** REPLIES_ADDRESS: the invitations' ORGANIZER; null: the sender. */
  organizer: string | null;
  /** The meeting's calendar UID as fixed in D1 (src/sync/calendar-uids.ts); null: none yet (no sender). */
  uid: string | null;
  /** The meeting's fingerprint before the plan that made this email: an update shows what changed. */
  previousFingerprint: string | null;
}

export type Composed = { ok: true; mail: RenderedMail } | { ok: false; problem: ComposeProblem };

/** Renders one row from its inputs under `messageId`; a refusal is a problem, never an exception. */
export async function renderRow(
  inputs: RowInputs,
  row: RowToCompose,
  messageId: string,
  signingSecret: string,
): Promise<Composed> {
  try {
    const { uid, previousFingerprint, ...rest } = inputs;
    const mail = await renderForRecipient({
      kind: MAIL_KIND[row.kind],
      ...rest,
      sequence: row.sequence,
      messageId,
      ...(uid === null ? {} : { uid }),
      previousFingerprint: row.kind === "update" ? (previousFingerprint ?? undefined) : undefined,
      signingSecret,
      linkEmail: row.email,
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
 * One stored row rendered as it will go, under `messageId`, from the sheet; what
 * stops it (its meeting left the sheet, no sender) is a problem, never an
 * exception. Used by a resend from the sheet, which gives a fresh Message-ID.
 */
export async function composeOne(
  deps: ComposeDeps,
  lookup: SheetLookup,
  row: Omit<AwaitingCompose, "id">,
  messageId: string,
): Promise<Composed> {
  const meeting = meetingFor(lookup, row.meeting_id);
  if (!meeting) return { ok: false, problem: missingMeeting(row.idempotency_key) };
  const inputs = {
    meeting,
    contact: contactFor(lookup, row.email, row.language),
    settings: deps.sheet.settings,
    base: deps.publicUrl ?? deps.sheet.settings.public_url,
    now: deps.now,
    organizer: deps.repliesAddress ?? null,
    // Fixed before the email is composed, so the UID stored is the one it carries.
    uid: await lookup.uids.forMeeting(row.meeting_id),
    // A resend is composed after its plan: what the invitee had before is not known then.
    previousFingerprint: null,
  };
  return renderRow(inputs, row, messageId, deps.signingSecret);
}

const missingMeeting = (key: string): ComposeProblem => ({
  key,
  code: "meeting.missing",
  detail: "the meeting is not in the sheet",
});

/**
 * What renderMail would refuse for this recipient under these Settings (no
 * sender, a sender or an address that cannot go into a header), found without
 * rendering: a row that fails here is reported and waits, as if rendered and refused.
 */
function refusal(settings: Settings, email: string): { code: string; detail: string } | null {
  try {
    if (settings.sender === null || settings.sender.trim() === "") {
      throw new MailRenderError("sender.missing", "Settings name no sender address");
    }
    parseMailbox(settings.sender);
    checkAddress(headerSafe(email));
    if (settings.reply_to !== null) checkAddress(headerSafe(settings.reply_to));
    return null;
  } catch (error) {
    if (!(error instanceof MailRenderError)) throw error;
    return { code: error.code, detail: error.message };
  }
}

export interface PrepareDeps extends ComposeDeps {
  /** The snapshot's name: this run's id. */
  runId: string;
  /** The rows to prepare, when the caller read them (in the plan's batch, run.ts); else read here. */
  rows?: readonly Unprepared[];
  /**
   * Every stored calendar UID (calendar-uids.ts uidsFrom), when the caller read
   * them this run: a compose whose meetings all have theirs fixes none, no round trip.
   */
  storedUids?: ReadonlyMap<string, string>;
  /**
   * Hand the snapshot's statements back (`store`) instead of running them: the
   * caller runs them in a later batch of its own, before it reads the mail due
   * (run.ts: the problem digest's). A run cut off before that leaves the rows
   * unprepared, and the next sync prepares them, as it would any.
   */
  deferStore?: boolean;
}

/**
 * The compose step of the sync, without the rendering: every pending outbox row
 * that has no message and no snapshot yet (this run's, and any a crashed or
 * senderless run left) gets this run's snapshot of what rendering it needs (the
 * Settings, the links' base, the plan's instant, its meeting as invitees know it
 * and its contact), stored in a few chunked statements. The mailer renders each
 * row from it just before sending (src/delivery/compose.ts), so a first sync
 * that plans thousands of emails renders none of them in the cron. A row whose
 * meeting is gone or that would be refused gets no snapshot and is reported;
 * the mailer never sends a row without a message.
 */
export async function prepareCompose(deps: PrepareDeps): Promise<{
  prepared: number;
  problems: ComposeProblem[];
  /** Every stored calendar UID once this step fixed its meetings'; null: it read none. */
  uids: ReadonlyMap<string, string> | null;
  /** The snapshot's statements still to run (deferStore); empty when they ran here. */
  store: D1PreparedStatement[];
}> {
  const { db, sheet, now } = deps;
  const rows = deps.rows ?? (await unprepared(db));
  if (rows.length === 0) return { prepared: 0, problems: [], uids: null, store: [] };

  const lookup = sheetLookup(deps);
  const context: ComposeContext = {
    settings: sheet.settings,
    base: deps.publicUrl ?? sheet.settings.public_url,
    now: now.toISOString(),
    organizer: deps.repliesAddress ?? null,
  };
  const problems: ComposeProblem[] = [];
  const ready: { row: (typeof rows)[number]; meeting: Meeting }[] = [];
  for (const row of rows) {
    const meeting = meetingFor(lookup, row.meeting_id);
    const refused = meeting ? refusal(sheet.settings, row.email) : null;
    if (!meeting) problems.push(missingMeeting(row.idempotency_key));
    else if (refused) problems.push({ key: row.idempotency_key, ...refused });
    else ready.push({ row, meeting });
  }
  if (ready.length === 0) return { prepared: 0, problems, uids: null, store: [] };

  // Fixed before any of its emails is composed, so the UID stored is the one they carry.
  const ids = ready.map(({ row }) => row.meeting_id);
  const stored = deps.storedUids;
  const uids =
    stored && ids.every((id) => stored.has(idKey(id)))
      ? {
          of: new Map(ids.map((id) => [id, stored.get(idKey(id)) ?? null])),
          all: new Map(stored),
        }
      : await fixUids(db, ids, sheet.settings, now);
  const names = await activeSubstituteNames(
    db,
    ready.map(({ row }) => row.email).filter((email) => !lookup.contacts.has(email)),
  );
  const entries = new Map<string, string>([[CONTEXT_REF, JSON.stringify(context)]]);
  for (const { row, meeting } of ready) {
    const m = meetingRef(row.meeting_id);
    if (!entries.has(m)) {
      const input: MeetingInput = {
        meeting,
        uid: uids.of.get(row.meeting_id) ?? null,
        previousFingerprint: deps.previousFingerprints?.get(idKey(row.meeting_id)) ?? null,
      };
      entries.set(m, JSON.stringify(input));
    }
    const c = contactRef(row.email);
    if (!entries.has(c))
      entries.set(c, JSON.stringify(contactFor(lookup, row.email, row.language, names)));
  }
  const list = [...entries].map(([ref, body]) => ({ ref, body }));
  const store = storeSnapshot(
    db,
    deps.runId,
    list,
    ready.map(({ row }) => row.id),
  );
  if (deps.deferStore) return { prepared: ready.length, problems, uids: uids.all, store };
  await db.batch(store);
  return { prepared: ready.length, problems, uids: uids.all, store: [] };
}
