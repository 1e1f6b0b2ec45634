// The feed snapshot: the public part of a parsed sheet, built by the sync after each
// good read and kept in KV, so every public route serves from it and never from
// Google. It holds only what may be published: no contact, email, RSVP, invite list
// or online link, and only valid, published meetings that are scheduled or held
// (and published meetings later cancelled, so websites can show the cancellation)
// whose ID is already in the sheet.
import type { Meeting, ParsedSheet } from "../sheet/types.ts";
import { meetingInterval } from "../time/interval.ts";
import { isoInZone } from "../time/zone.ts";
import { hiddenTexts } from "./hidden-texts.ts";
import { BuildMemo } from "./item-memo.ts";
import { markOrigin } from "./item-origin.ts";
import { linkItems, publicSeries, rowLinks } from "./links.ts";
import { meetingKeys } from "./meeting-keys.ts";
import { clean, type Hidden, redactPatterns } from "./redact.ts";
import {
  clearCheckMemo,
  type FeedSnapshot,
  type PublicMeeting,
  type PublicStatus,
} from "./snapshot-schema.ts";
import { clearStoredMemo } from "./snapshot-store.ts";

export { meetingKeys } from "./meeting-keys.ts";
export { mergeWithPrevious } from "./merge.ts";
export { snapshotHash } from "./snapshot-bytes.ts";
export {
  type FeedSnapshot,
  FeedSnapshotSchema,
  MEETING_KINDS,
  PUBLIC_STATUSES,
  type PublicMeeting,
  PublicMeetingSchema,
  type PublicStatus,
} from "./snapshot-schema.ts";
export {
  deleteSnapshot,
  readSnapshot,
  readSnapshotUnless,
  SNAPSHOT_KEY,
  type SnapshotMetadata,
  type SnapshotStore,
  type StoredSnapshot,
  snapshotWrites,
  type WriteResult,
  writeSnapshot,
} from "./snapshot-store.ts";

const DEFAULT_NAME = { ar: "لقاء", en: "Liqaa" };

/** The feed before the first sync: empty, valid, and serving. */
export function emptySnapshot(now: Date): FeedSnapshot {
  return {
    version: 1,
    generated_at: now.toISOString(),
    network: { name_ar: DEFAULT_NAME.ar, name_en: DEFAULT_NAME.en },
    public_url: null,
    meetings: [],
  };
}

interface Timing {
  all_day: boolean;
  start: string | null;
  end: string | null;
  starts_at: string | null;
  ends_at: string | null;
}

/**
 * Start and end of a meeting in its zone; null when it cannot be placed in time. The
 * end is the interval's `endOvernight`: an End not after the Start runs past
 * midnight, and with no End the meeting lasts until its last day is over.
 */
export function meetingTiming(m: Meeting): Timing | null {
  const interval = meetingInterval(m);
  if (interval.type === "none") {
    return { all_day: true, start: null, end: null, starts_at: null, ends_at: null };
  }
  const { start } = interval;
  const end = interval.type === "allDay" ? interval.end : interval.endOvernight;
  if (start === null || end === null) return null;
  const starts_at = start.toISOString();
  const ends_at = end.toISOString();
  if (interval.type === "allDay") {
    return { all_day: true, start: interval.first, end: interval.last, starts_at, ends_at };
  }
  return {
    all_day: false,
    start: isoInZone(start.getTime(), m.timezone),
    end: m.end === null ? null : isoInZone(end.getTime(), m.timezone),
    starts_at,
    ends_at,
  };
}

/** Whether the meeting is not over yet at `nowMs`, from its end (Pieces' `ends`). */
function endsAfter(ends: number, nowMs: number): boolean {
  return ends > nowMs;
}

/** Whether a valid meeting row may appear in public output at all. */
function isPublishable(
  m: Meeting,
  timing: Timing | null,
  ends: number,
  nowMs: number,
): timing is Timing {
  // A proposed ID is not in the sheet yet: if writing it back fails and the row then
  // changes, the next sync may propose another, and the feed's ids must never change.
  // Such a row is published by the sync after its ID is written, as the mail waits.
  if (!m.publish || m.id_proposed || timing === null) return false;
  switch (m.status) {
    case "draft":
      return false;
    case "scheduled":
      return m.date !== null;
    case "held":
      return true;
    case "cancelled":
      // Kept only while it is still ahead: that is when a website needs to say so.
      return endsAfter(ends, nowMs);
  }
}

/**
 * The public snapshot of a parsed sheet. Pure: the sync passes the clock. Meetings
 * that are cancelled appear only if an earlier snapshot had them (see mergeWithPrevious).
 */
export function buildSnapshot(parsed: ParsedSheet, now: Date): FeedSnapshot {
  return buildSnapshotUntil(parsed, now).snapshot;
}

/**
 * buildSnapshot, and the first instant after `now` at which the same sheet
 * could build another snapshot (a meeting's end passing: a cancelled meeting
 * leaves, a held one shows its summary); null when none will. `now` is read
 * only against those ends, so until then the same sheet builds the same
 * content (publish.ts skips building it again).
 */
export function buildSnapshotUntil(
  parsed: ParsedSheet,
  now: Date,
  /** Each item's calendar UID by its ID (src/sync/calendar-uids.ts); none without. */
  uid: ((id: string) => string) | null = null,
): { snapshot: FeedSnapshot; until: Date | null } {
  // The same private texts give the same Hidden object (hidden-texts.ts).
  const hidden = hiddenTexts(parsed);
  // Every item's redaction reads the whole sheet's private texts: when they change, none is reused.
  if (hidden !== piecesHidden) {
    pieces.clear();
    piecesHidden = hidden;
  }
  const keys = meetingKeys(parsed);
  let until = Number.POSITIVE_INFINITY;
  const at = now.toISOString();
  const nowMs = now.getTime();
  const meetings: PublicMeeting[] = [];
  const seen = new Set<string>();
  parsed.meetings.forEach((m, i) => {
    const p = pieces.get(m.id, keys[i] ?? JSON.stringify(m), () => piecesOf(m, hidden));
    const { timing, ends } = p;
    if (ends > nowMs && ends < until) until = ends;
    if (!isPublishable(m, timing, ends, nowMs) || seen.has(m.id)) return;
    seen.add(m.id);
    // Held means held: a meeting marked held before it has ended is shown as
    // scheduled, without its summary, until it is over (as its summary email waits).
    const early = m.status === "held" && endsAfter(ends, nowMs);
    const held = m.status === "held" && !early;
    if (held) p.summary ??= { ar: clean(m.summary_ar, hidden), en: clean(m.summary_en, hidden) };
    const item: PublicMeeting = {
      id: m.id,
      status: early ? "scheduled" : (m.status as PublicStatus),
      kind: m.kind,
      organization: p.organization,
      counterpart: p.counterpart,
      location: p.location,
      title: { ...p.title },
      summary: held && p.summary ? { ...p.summary } : { ar: null, en: null },
      agenda: p.agenda,
      ...p.english,
      ...timing,
      timezone: m.timezone,
      modified_at: at,
      ...(uid === null ? {} : { uid: uid(m.id) }),
      ...rowLinks(m),
      ...(m.kind === "bilateral_series" ? { series: publicSeries(m, parsed, hidden) } : {}),
    };
    // Everything but modified_at and uid comes of the row and these private texts (its
    // pieces' entry) and whether it shows as held; a series' item also reads the Contacts.
    meetings.push(
      m.kind === "bilateral_series" ? item : markOrigin(item, originText(p, early, held)),
    );
  });
  pieces.turn();
  const s = parsed.settings;
  const snapshot: FeedSnapshot = {
    version: 1,
    generated_at: at,
    network: {
      name_ar: redactPatterns(
        s.network_name_ar?.trim() || s.network_name_en?.trim() || DEFAULT_NAME.ar,
      ),
      name_en: redactPatterns(
        s.network_name_en?.trim() || s.network_name_ar?.trim() || DEFAULT_NAME.en,
      ),
    },
    public_url: s.public_url?.trim() || null,
    // The links, as written, become the IDs of published meetings, or are left out.
    meetings: linkItems(meetings, (item) => item),
  };
  return { snapshot, until: Number.isFinite(until) ? new Date(until) : null };
}

/**
 * What of a public item depends on its row and the sheet's private texts only
 * (redaction, timing), kept per row between builds in this isolate: a sync
 * after one cell changed redacts and times one meeting, not all of them. The
 * row's JSON is its key; the private texts are checked per build (above).
 */
interface Pieces {
  /**
   * Names this entry in its items' origins (item-origin.ts): a short text
   * compared where the row's JSON was, never given to another entry in this
   * isolate, so an origin still tells one row's content under one set of private texts.
   */
  origin: number;
  timing: Timing | null;
  /** When it ends (ms), parsed once: NaN when it cannot be placed in time. */
  ends: number;
  /** Its items' origins by how they show as held (originText), made once. */
  origins: (string | undefined)[];
  organization: string | null;
  counterpart: string | null;
  location: string | null;
  title: { ar: string | null; en: string | null };
  agenda: string | null;
  english: Partial<PublicMeeting>;
  /** Cleaned when first published as held (only then is the summary public). */
  summary?: { ar: string | null; en: string | null };
}
const pieces = new BuildMemo<Pieces>();
let piecesHidden: Hidden | null = null;
/** The last entry's origin: only ever counted up, never reset, not even by clearSnapshotMemo. */
let lastOrigin = 0;

function piecesOf(m: Meeting, hidden: Hidden): Pieces {
  const timing = meetingTiming(m);
  return {
    origin: ++lastOrigin,
    timing,
    ends: timing?.ends_at ? Date.parse(timing.ends_at) : Number.NaN,
    origins: [],
    organization: clean(m.organization, hidden),
    counterpart: clean(m.counterpart, hidden),
    location: clean(m.location, hidden),
    title: { ar: clean(m.title_ar, hidden), en: clean(m.title_en, hidden) },
    agenda: clean(m.agenda, hidden),
    english: english(m, hidden),
  };
}

/** The origin of an item made from `p`: its entry and whether it shows as held. */
function originText(p: Pieces, early: boolean, held: boolean): string {
  const at = (early ? 2 : 0) + (held ? 1 : 0);
  let text = p.origins[at];
  if (text === undefined) {
    text = `${p.origin}.${early ? 1 : 0}${held ? 1 : 0}`;
    p.origins[at] = text;
  }
  return text;
}

/** Forgets every memo of this module, as a cold isolate starts (tests: same output without them). */
export function clearSnapshotMemo(): void {
  pieces.clear();
  piecesHidden = null;
  clearCheckMemo();
  clearStoredMemo();
}

/**
 * The English columns that are given, redacted like every public field. A
 * meeting without them gets no key at all: its content, and so its modified_at
 * and the snapshot's hash, stay what they were before the columns existed.
 */
function english(m: Meeting, hidden: Hidden): Partial<PublicMeeting> {
  const out: Partial<PublicMeeting> = {};
  for (const key of ["location_en", "counterpart_en", "agenda_en"] as const) {
    const text = clean(m[key] ?? null, hidden);
    if (text !== null) out[key] = text;
  }
  return out;
}
