// The reference model of the sync, written from the README's sheet contract
// and not from src/: the sheet as staff typed it (cells as text), and, after
// each sync, what every (meeting, contact) invitee should hold in their
// calendar (nothing, the meeting as it is now, or a cancellation) and which
// meetings the website lists. Every cell value the test types comes from the
// tables below, each with what it means, so the model never has to parse.
// It imports nothing from src/ on purpose: sharing a rule with the code under
// test would let one mistake pass in both.

/** What a Date cell means: its first and last day (ISO), or that it is blank or wrong. */
export interface DateValue {
  text: string;
  first: string | null;
  last: string | null;
  bad?: true;
}

export const DATES: readonly DateValue[] = [
  { text: "2027/01/02", first: "2027-01-02", last: null },
  { text: "2027-01-03", first: "2027-01-03", last: null },
  { text: "5 Jan 2027", first: "2027-01-05", last: null },
  { text: "2027/01/05-06", first: "2027-01-05", last: "2027-01-06" },
  { text: "2027-01-10", first: "2027-01-10", last: null },
  // Day first, the same day as the one above: a format change, not a new date.
  { text: "10/01/2027", first: "2027-01-10", last: null },
  { text: "2027/13/45", first: null, last: null, bad: true },
  { text: "", first: null, last: null },
];

/** A Start and End pair as typed, and the times they mean (null = all day). */
export interface TimeValue {
  start: string;
  end: string;
  from: string | null;
  to: string | null;
  bad?: true;
}

export const TIMES: readonly TimeValue[] = [
  { start: "10:00", end: "12:00", from: "10:00", to: "12:00" },
  { start: "2 PM", end: "4 pm", from: "14:00", to: "16:00" },
  { start: "14:00", end: "16:00", from: "14:00", to: "16:00" },
  { start: "", end: "", from: null, to: null },
  { start: "25:99", end: "12:00", from: null, to: null, bad: true },
];

export const PLACES = ["Gaziantep", "Amman", "", "  Gaziantep "] as const;
/** Online links; the last is not a link at all (an error on the row). */
export const LINKS = ["https://meet.example/a", "https://meet.example/b", "", "meet.example/x"];
export const LINK_BAD = "meet.example/x";
/** English titles; with the Arabic one blank too the row has no title (an error). */
export const TITLES_EN = ["Consultation", "Briefing on health", ""] as const;
export const TITLES_AR = ["مشاورات", ""] as const;

/** Status cells and what each says; `blank` and `bad` are not statuses. */
export type StatusMeaning = "draft" | "scheduled" | "cancelled" | "held" | "blank" | "bad";
export const STATUSES: readonly { text: string; means: StatusMeaning }[] = [
  { text: "scheduled", means: "scheduled" },
  { text: "Scheduled", means: "scheduled" },
  { text: "مؤكد", means: "scheduled" },
  { text: "draft", means: "draft" },
  { text: "cancelled", means: "cancelled" },
  { text: "ملغى", means: "cancelled" },
  { text: "held", means: "held" },
  { text: "", means: "blank" },
  { text: "schedlued", means: "bad" },
];
export const PUBLISH = [
  { text: "yes", means: true },
  { text: "no", means: false },
  { text: "", means: false },
] as const;

/** Contacts: address, language, groups, active. Eva is inactive; Alumni holds only her. */
export interface ContactRow {
  email: string;
  language: "ar" | "en";
  groups: string[];
  active: boolean;
}

export const CONTACTS: readonly ContactRow[] = [
  { email: "amal@ngo.example", language: "ar", groups: ["Health"], active: true },
  { email: "bilal@ngo.example", language: "en", groups: ["Health", "Protection"], active: true },
  { email: "chadi@ngo.example", language: "ar", groups: ["Protection"], active: true },
  { email: "eva@ngo.example", language: "en", groups: ["Health", "Alumni"], active: false },
];

/**
 * Invite entries: groups, addresses named directly (one a contact in another
 * case, one a typo that is still an address, one that is not an address) and a
 * group that does not exist.
 */
export const INVITE_TOKENS = [
  "Health",
  "Protection",
  "Alumni",
  "Halth",
  "dana@partner.example",
  "AMAL@ngo.example",
  "amal@ngo.exmple",
  "bilal@@ngo",
  "eva@ngo.example",
] as const;

export interface Row {
  id: string;
  titleAr: string;
  titleEn: string;
  date: string;
  time: TimeValue;
  place: string;
  link: string;
  invite: string[];
  status: string;
  publish: string;
}

/** The sheet as staff typed it. */
export interface Sheet {
  rows: Row[];
  /** Whether each contact in CONTACTS is active (staff toggle it). */
  active: boolean[];
  /** The Settings sender; blank stops all mail. */
  sender: boolean;
}

/** What a calendar entry is made of, as the model knows it. */
export interface Material {
  date: string | null;
  dateEnd: string | null;
  start: string | null;
  end: string | null;
  zone: string;
  place: string | null;
  link: string | null;
  titleAr: string | null;
  titleEn: string | null;
}

/** A valid row as the model reads it. */
export interface Known {
  key: string;
  /** The ID as the row spelled it. */
  id: string;
  status: "draft" | "scheduled" | "cancelled" | "held";
  material: Material;
  publish: boolean;
  wanted: Set<string>;
  /** When it is over (ms), null without a date. */
  endsAt: number | null;
}

/** What one invitee holds: an entry at a version, or a cancellation. */
export type Holding = { kind: "active"; material: string } | { kind: "cancelled" };

export interface ModelState {
  /** meeting key → email → what the invitee should hold. */
  holds: Map<string, Map<string, Holding>>;
  /** meeting key → its last valid version (recorded only while a sender is set). */
  lastGood: Map<string, Known>;
  /** Meeting keys the website listed after the last sync → the ID as listed. */
  published: Map<string, string>;
  /** Whether a sync has seen a sender: an erased sender then stays as it was. */
  senderKnown: boolean;
  /** meeting key → email → the invitee's answer by link since their invitation. */
  answers: Map<string, Map<string, Answer>>;
}

/** An invitee's answer on the RSVP page. */
export type Answer = "accepted" | "declined" | "tentative";
export const ANSWERS: readonly Answer[] = ["accepted", "declined", "tentative"];
/** Who may follow a link: every contact, a guest named directly, a typo that is still an address. */
export const ANSWERING = [
  ...CONTACTS.map((c) => c.email),
  "dana@partner.example",
  "amal@ngo.exmple",
];

export const ZONE = "UTC";
const DAY = 24 * 3600 * 1000;

export const keyOf = (id: string) => id.trim().toLowerCase();
const text = (s: string) => (s.trim() === "" ? null : s.trim());
export const materialText = (m: Material) => JSON.stringify(m);

function endOf(date: DateValue, time: TimeValue): number | null {
  if (date.first === null) return null;
  const last = date.last ?? date.first;
  if (time.to === null) return Date.parse(`${last}T00:00:00Z`) + DAY;
  return Date.parse(`${last}T${time.to}:00Z`);
}

function invitees(tokens: readonly string[], active: readonly boolean[]): Set<string> {
  const out = new Set<string>();
  for (const token of tokens) {
    const lower = token.toLowerCase();
    const group = CONTACTS.filter((c, i) => active[i] && c.groups.some((g) => g === token));
    for (const c of group) out.add(c.email);
    if (!lower.includes("@") || lower.includes("@@")) continue;
    const i = CONTACTS.findIndex((c) => c.email === lower);
    if (i === -1 || active[i]) out.add(lower);
  }
  return out;
}

/** Whether anyone holds a live entry for this meeting (then a blank Status is a slip). */
function invited(state: ModelState, key: string): boolean {
  return [...(state.holds.get(key)?.values() ?? [])].some((h) => h.kind === "active");
}

/** The row as a meeting, or null when the contract says it is invalid. */
export function readRow(sheet: Sheet, row: Row, state: ModelState): Known | null {
  const key = keyOf(row.id);
  if (key === "" || sheet.rows.filter((r) => keyOf(r.id) === key).length > 1) return null;
  if (text(row.titleAr) === null && text(row.titleEn) === null) return null;
  const date = DATES.find((d) => d.text === row.date)!;
  const status = STATUSES.find((s) => s.text === row.status)!.means;
  if (date.bad || row.time.bad || row.link === LINK_BAD || status === "bad") return null;
  if (status === "blank" && invited(state, key)) return null;
  const meant = status === "blank" ? "draft" : status;
  if (meant === "scheduled" && date.first === null) return null;
  const wanted = invitees(row.invite, sheet.active);
  if (meant === "scheduled" && wanted.size === 0) return null;
  return {
    key,
    id: row.id.trim(),
    status: meant,
    material: {
      date: date.first,
      dateEnd: date.last,
      start: row.time.from,
      end: row.time.to,
      zone: ZONE,
      place: text(row.place),
      link: text(row.link),
      titleAr: text(row.titleAr),
      titleEn: text(row.titleEn),
    },
    publish: PUBLISH.find((p) => p.text === row.publish)!.means,
    wanted,
    endsAt: endOf(date, row.time),
  };
}

/** Whether the website listed the meeting after the last sync (by key, whatever its ID's case). */
const listed = (state: ModelState, k: Known): boolean => state.published.has(k.key);

export interface Expected {
  /** Meeting keys whose rows are invalid now (nothing may be sent for them). */
  invalid: Set<string>;
}

/** One sync, as the contract says it should go: updates `state` in place. */
export function modelSync(sheet: Sheet, state: ModelState, now: number): Expected {
  const invalid = new Set<string>();
  // Each row is read against the state before this sync, as the sync reads D1 once.
  const read = sheet.rows.map((row) => ({ key: keyOf(row.id), known: readRow(sheet, row, state) }));
  const valid = new Map<string, Known>();
  for (const { key, known } of read) {
    if (known) valid.set(key, known);
    else invalid.add(key);
  }
  for (const key of valid.keys()) invalid.delete(key);

  if (sheet.sender) state.senderKnown = true;
  if (state.senderKnown) {
    for (const [key, k] of valid) {
      state.lastGood.set(key, k);
      const holds = state.holds.get(key) ?? new Map<string, Holding>();
      state.holds.set(key, holds);
      const now_ = { kind: "active", material: materialText(k.material) } as const;
      if (k.status === "draft" || k.status === "cancelled") {
        for (const [email, h] of holds)
          if (h.kind === "active") holds.set(email, { kind: "cancelled" });
      } else if (k.status === "scheduled" && k.endsAt !== null && now < k.endsAt) {
        for (const [email, h] of holds) {
          if (h.kind === "active" && !k.wanted.has(email)) holds.set(email, { kind: "cancelled" });
        }
        for (const email of k.wanted) {
          // A new invitation (first, or after a cancellation) starts without an answer.
          if (holds.get(email)?.kind !== "active") state.answers.get(key)?.delete(email);
          holds.set(email, now_);
        }
      }
      // Held, or scheduled and already over: invitees keep what they hold.
    }
  }

  // The website: valid rows as they are, invalid rows it knew as they last were.
  const published = new Map<string, string>();
  const seen = new Set<string>();
  for (const { key } of read) {
    if (seen.has(key)) continue;
    seen.add(key);
    const k = valid.get(key) ?? state.lastGood.get(key);
    if (!k?.publish) continue;
    const ahead = k.endsAt !== null && now < k.endsAt;
    const shown =
      (k.status === "scheduled" && k.material.date !== null) ||
      k.status === "held" ||
      // A cancellation is shown while still ahead, to a website that listed the meeting.
      (k.status === "cancelled" && ahead && listed(state, k));
    // Listed under the ID a website already links to, whatever its case now.
    if (shown) published.set(key, state.published.get(key) ?? k.id);
  }
  state.published = published;
  return { invalid };
}

/**
 * An answer by link: recorded while the invitee holds the meeting (an
 * invitation not cancelled), refused otherwise; it stays through updates.
 */
export function modelAnswer(state: ModelState, key: string, email: string, a: Answer): boolean {
  if (state.holds.get(key)?.get(email)?.kind !== "active") return false;
  const byEmail = state.answers.get(key) ?? new Map<string, Answer>();
  state.answers.set(key, byEmail);
  byEmail.set(email, a);
  return true;
}

/**
 * The rows whose blank ID a sync proposes one for: those valid in every other
 * cell. Written back, it must be an ID no other row holds and none the ledger
 * remembers (lastGood: every meeting recorded), in any case.
 */
export function proposing(sheet: Sheet, state: ModelState): number[] {
  const out: number[] = [];
  sheet.rows.forEach((row, i) => {
    if (row.id.trim() !== "") return;
    if (readRow(sheet, { ...row, id: `#new-row-${i}` }, state) !== null) out.push(i);
  });
  return out;
}

export function freshId(sheet: Sheet, state: ModelState, row: number, id: string): boolean {
  const key = keyOf(id);
  if (key === "" || state.lastGood.has(key) || state.holds.has(key)) return false;
  return !sheet.rows.some((r, i) => i !== row && keyOf(r.id) === key);
}

export const emptyModel = (): ModelState => ({
  answers: new Map(),
  holds: new Map(),
  lastGood: new Map(),
  published: new Map(),
  senderKnown: false,
});

/**
 * What an invitee may hold when mail is lost. An email SES never took (dead
 * after its retries, or rejected) leaves the invitee with what they held
 * before it: one of the versions the model gave them at an earlier sync (or
 * nothing), until a later email reaches them. An email SES took counts as
 * received, even if its answer never came (unconfirmed). `history` is what the
 * model said they hold after each sync, oldest first, starting with nothing.
 */
export function mayHold(
  history: readonly (Holding | undefined)[],
  newestLost: boolean,
): (Holding | undefined)[] {
  return newestLost ? [undefined, ...history] : history.slice(-1);
}
