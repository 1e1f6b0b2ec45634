// The steps of a generated sequence (staff edits, invitees' answers by link,
// time passing, a sync, and the faults the pure core can see: Google failing
// at read or at write-back, two syncs overlapping) and the runner that plays
// one sequence against the model and the real pure core, checking after every
// sync what each invitee's calendar needs. A step names rows by position
// modulo the rows there are, so any shrunk sequence still plays; each step
// prints as one readable line.
import fc from "fast-check";
import {
  ANSWERING,
  ANSWERS,
  CONTACTS,
  DATES,
  emptyModel,
  freshId,
  INVITE_TOKENS,
  keyOf,
  LINKS,
  type ModelState,
  modelAnswer,
  modelSync,
  PLACES,
  PUBLISH,
  proposing,
  type Row,
  type Sheet,
  STATUSES,
  TIMES,
  TITLES_AR,
  TITLES_EN,
} from "./model.ts";
import { coverage, type Planned, type Received, System } from "./system.ts";

export type Step =
  | { t: "date"; row: number; v: number }
  | { t: "time"; row: number; v: number }
  | { t: "place"; row: number; v: number }
  | { t: "link"; row: number; v: number }
  | { t: "title"; row: number; ar: number; en: number }
  | { t: "status"; row: number; v: number }
  | { t: "publish"; row: number; v: number }
  | { t: "invite+"; row: number; v: number }
  | { t: "invite-"; row: number; v: number }
  | { t: "active"; contact: number }
  | { t: "sender" }
  | { t: "delete"; row: number }
  | { t: "copy"; row: number }
  | { t: "paste"; at: number }
  | { t: "idcase"; row: number }
  | { t: "add" }
  | { t: "clearid"; row: number }
  | { t: "rsvp"; row: number; who: number; answer: number }
  | { t: "wait"; hours: number }
  /** A sync; Google may fail at its read (nothing happens) or its write-back (IDs stay unwritten). */
  | { t: "sync"; fault?: "read" | "write" }
  /** Two syncs load the same state and sheet; the second to record is refused by the state version. */
  | { t: "overlap" };

const q = JSON.stringify;

/** One step as a line a person reads. */
export function describe(s: Step): string {
  switch (s.t) {
    case "date":
      return `row ${s.row}: Date := ${q(DATES[s.v]!.text)}`;
    case "time": {
      const v = TIMES[s.v]!;
      return `row ${s.row}: Start, End := ${q(v.start)}, ${q(v.end)}`;
    }
    case "place":
      return `row ${s.row}: Location := ${q(PLACES[s.v])}`;
    case "link":
      return `row ${s.row}: Online link := ${q(LINKS[s.v])}`;
    case "title":
      return `row ${s.row}: Titles := ${q(TITLES_AR[s.ar])}, ${q(TITLES_EN[s.en])}`;
    case "status":
      return `row ${s.row}: Status := ${q(STATUSES[s.v]!.text)}`;
    case "publish":
      return `row ${s.row}: Publish := ${q(PUBLISH[s.v]!.text)}`;
    case "invite+":
      return `row ${s.row}: Invite += ${q(INVITE_TOKENS[s.v])}`;
    case "invite-":
      return `row ${s.row}: Invite -= entry ${s.v}`;
    case "active":
      return `Contacts: toggle Active of ${CONTACTS[s.contact]!.email}`;
    case "sender":
      return "Settings: toggle Sender address";
    case "delete":
      return `row ${s.row}: delete (cut)`;
    case "copy":
      return `row ${s.row}: copy`;
    case "paste":
      return `paste the clipboard as row ${s.at}`;
    case "idcase":
      return `row ${s.row}: ID's case flipped`;
    case "add":
      return "add a new scheduled row";
    case "clearid":
      return `row ${s.row}: ID cleared`;
    case "rsvp":
      return `${ANSWERING[s.who]} answers ${ANSWERS[s.answer]} by link for row ${s.row}'s meeting`;
    case "wait":
      return `${s.hours} h pass`;
    case "sync":
      return s.fault === undefined ? "SYNC" : `SYNC, Google fails at ${s.fault}`;
    case "overlap":
      return "SYNC twice, overlapping (both load the same state)";
  }
}

const row = fc.nat(5);
const idx = (n: number) => fc.nat(n - 1);

/** A step that types one of a table's `n` values into a row's cell, `weight` times as often as a rare step. */
const cellEdit = (
  t: "date" | "time" | "place" | "link" | "status" | "publish" | "invite+",
  n: number,
  weight: number,
) => ({
  arbitrary: fc.record({ t: fc.constant(t), row, v: idx(n) }) as fc.Arbitrary<Step>,
  weight,
});

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant<Step>({ t: "sync" }), weight: 6 },
  cellEdit("date", DATES.length, 3),
  cellEdit("time", TIMES.length, 2),
  cellEdit("place", PLACES.length, 2),
  cellEdit("link", LINKS.length, 1),
  {
    arbitrary: fc.record({
      t: fc.constant("title" as const),
      row,
      ar: idx(TITLES_AR.length),
      en: idx(TITLES_EN.length),
    }),
    weight: 1,
  },
  cellEdit("status", STATUSES.length, 4),
  cellEdit("publish", PUBLISH.length, 1),
  cellEdit("invite+", INVITE_TOKENS.length, 3),
  { arbitrary: fc.record({ t: fc.constant("invite-" as const), row, v: fc.nat(3) }), weight: 2 },
  {
    arbitrary: fc.record({ t: fc.constant("active" as const), contact: idx(CONTACTS.length) }),
    weight: 1,
  },
  { arbitrary: fc.constant<Step>({ t: "sender" }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("delete" as const), row }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("copy" as const), row }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("paste" as const), at: row }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant("idcase" as const), row }),
    weight: 1,
  },
  { arbitrary: fc.constant<Step>({ t: "add" }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("clearid" as const), row }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant("rsvp" as const),
      row,
      who: idx(ANSWERING.length),
      answer: idx(ANSWERS.length),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("sync" as const),
      fault: fc.constantFrom("read", "write"),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant<Step>({ t: "overlap" }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant("wait" as const),
      hours: fc.constantFrom(1, 6, 20, 48, 96),
    }),
    weight: 2,
  },
);

/** A sequence: whether the sheet starts with a sender, then up to `max` steps. */
export const sequenceArb = (max: number) =>
  fc.record({ sender: fc.boolean(), steps: fc.array(stepArb, { maxLength: max, size: "max" }) });

export type Sequence = { sender: boolean; steps: Step[] };

export const START = Date.parse("2027-01-01T08:00:00Z");

const newRow = (id: string, over: Partial<Row> = {}): Row => ({
  id,
  titleAr: "مشاورات",
  titleEn: "Consultation",
  date: "2027-01-03",
  time: TIMES[0]!,
  place: "Gaziantep",
  link: "",
  invite: ["Health"],
  status: "scheduled",
  publish: "yes",
  ...over,
});

export function initialSheet(sender: boolean): Sheet {
  return {
    rows: [
      newRow("M1"),
      newRow("M2", { date: "2027/01/05-06", invite: ["Protection"], status: "draft" }),
      newRow("M3", {
        date: "2027/01/02",
        time: TIMES[1]!,
        invite: ["dana@partner.example", "Protection"],
        publish: "",
      }),
    ],
    active: CONTACTS.map((c) => c.active),
    sender,
  };
}

const flipCase = (id: string) =>
  [...id].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join("");

/** Applies one staff edit to the sheet (the clipboard is the sheet's too). */
export function edit(sheet: Sheet, clip: Row[], s: Step, added: { n: number }): void {
  const at = (n: number) =>
    sheet.rows.length === 0 ? undefined : sheet.rows[n % sheet.rows.length];
  const r = "row" in s ? at(s.row) : undefined;
  switch (s.t) {
    case "date":
      if (r) r.date = DATES[s.v]!.text;
      return;
    case "time":
      if (r) r.time = TIMES[s.v]!;
      return;
    case "place":
      if (r) r.place = PLACES[s.v]!;
      return;
    case "link":
      if (r) r.link = LINKS[s.v]!;
      return;
    case "title":
      if (r) {
        r.titleAr = TITLES_AR[s.ar]!;
        r.titleEn = TITLES_EN[s.en]!;
      }
      return;
    case "status":
      if (r) r.status = STATUSES[s.v]!.text;
      return;
    case "publish":
      if (r) r.publish = PUBLISH[s.v]!.text;
      return;
    case "invite+":
      if (r && !r.invite.includes(INVITE_TOKENS[s.v]!)) r.invite.push(INVITE_TOKENS[s.v]!);
      return;
    case "invite-":
      if (r && r.invite.length > 0) r.invite.splice(s.v % r.invite.length, 1);
      return;
    case "active":
      sheet.active[s.contact] = !sheet.active[s.contact];
      return;
    case "sender":
      sheet.sender = !sheet.sender;
      return;
    case "delete":
      if (r) {
        sheet.rows.splice(sheet.rows.indexOf(r), 1);
        clip.splice(0, clip.length, r);
      }
      return;
    case "copy":
      if (r) clip.splice(0, clip.length, structuredClone(r));
      return;
    case "paste": {
      const pasted = clip[0];
      if (pasted) sheet.rows.splice(s.at % (sheet.rows.length + 1), 0, structuredClone(pasted));
      return;
    }
    case "idcase":
      if (r) r.id = flipCase(r.id);
      return;
    case "add":
      added.n += 1;
      sheet.rows.push(newRow(`N${added.n}`, { date: "2027-01-10" }));
      return;
    case "clearid":
      if (r) r.id = "";
      return;
    case "rsvp":
    case "wait":
    case "sync":
    case "overlap":
      return;
  }
}

export class Violation extends Error {}

/** Plays one sequence; throws a Violation naming the first broken promise. */
export function play(seq: Sequence): void {
  const sheet = initialSheet(seq.sender);
  const clip: Row[] = [];
  const added = { n: 0 };
  const model = emptyModel();
  const system = new System();
  let now = START;
  const fail = (what: string) => {
    throw new Violation(`after sync ${system.syncs}: ${what}`);
  };
  /** One sync that records (or is refused): the model's sync, then the checks. */
  const synced = (planned: Planned, writeBack: boolean) => {
    const declined = declinedNow(model);
    const proposed = proposing(sheet, model);
    const expected = modelSync(sheet, model, now);
    const done = system.commit(planned);
    if (done.stale) fail("a sync planned from the current state was refused as stale");
    for (const e of done.sent) {
      if (e.kind === "reminder" && declined.has(`${e.meetingKey}|${e.email}`))
        fail(`a reminder of ${e.meetingKey} went to ${e.email}, who declined`);
    }
    check(model, expected.invalid, system, done.sent);
    const got = [...done.proposals.keys()].sort().join(",");
    if (got !== proposed.join(","))
      fail(`IDs proposed for rows [${got}], the model says [${proposed}]`);
    if (!writeBack) return;
    for (const [i, id] of done.proposals) {
      if (!freshId(sheet, model, i, id)) fail(`row ${i} is given ID ${id}, which is taken`);
      sheet.rows[i]!.id = id;
    }
  };
  for (const s of seq.steps) {
    if (s.t === "wait") now += s.hours * 3600 * 1000;
    else if (s.t === "sync") {
      if (s.fault === "read") coverage.readFaults += 1;
      else synced(system.load(sheet, new Date(now)), s.fault !== "write");
      if (s.fault === "write") coverage.writeFaults += 1;
    } else if (s.t === "overlap") {
      const first = system.load(sheet, new Date(now));
      const second = system.load(sheet, new Date(now));
      synced(first, true);
      const recorded = system.state.version !== second.version;
      const listed = [...system.published()].sort().join(",");
      const late = system.commit(second);
      if ([...system.published()].sort().join(",") !== listed)
        fail("the overlapping sync changed the feed the first one published");
      // The second plan is the first one again: recorded, it would queue everything twice.
      if (recorded && !late.stale) fail("a plan from a state already recorded over was recorded");
      if (late.sent.length > 0)
        fail(`the overlapping sync sent ${late.sent.length} email(s) again`);
    } else if (s.t === "rsvp") {
      const row = sheet.rows.length === 0 ? undefined : sheet.rows[s.row % sheet.rows.length];
      if (!row || keyOf(row.id) === "") continue;
      const who = ANSWERING[s.who]!;
      const answer = ANSWERS[s.answer]!;
      const want = modelAnswer(model, keyOf(row.id), who, answer);
      if (system.answer(row.id, who, answer) !== want)
        fail(
          `${who}'s answer for ${keyOf(row.id)}: the model says ${want ? "recorded" : "refused"}`,
        );
    } else edit(sheet, clip, s, added);
  }
}

/** "key|email" of every invitee whose answer is declined. */
function declinedNow(model: ModelState): Set<string> {
  const out = new Set<string>();
  for (const [key, byEmail] of model.answers)
    for (const [email, a] of byEmail) if (a === "declined") out.add(`${key}|${email}`);
  return out;
}

const CALENDAR = new Set(["invite", "update", "cancel"]);

function check(
  model: ReturnType<typeof emptyModel>,
  invalid: Set<string>,
  system: System,
  sent: Received[],
): void {
  const fail = (what: string) => {
    throw new Violation(`after sync ${system.syncs}: ${what}`);
  };
  for (const e of sent) {
    if (invalid.has(e.meetingKey) && e.kind !== "reminder") {
      fail(
        `${e.kind} ${e.meetingKey} to ${e.email} (SEQUENCE ${e.sequence}) while its row is invalid`,
      );
    }
  }
  // Nobody gets the same (meeting, contact, kind, revision) twice.
  const once = new Set<string>();
  for (const e of system.mail) {
    const k = `${e.meetingKey}|${e.email}|${e.kind}|${e.sequence}`;
    if (once.has(k)) fail(`${e.email} got ${e.kind} ${e.meetingKey} SEQUENCE ${e.sequence} twice`);
    once.add(k);
  }
  // Per (meeting, invitee): calendar SEQUENCE strictly rising, and the last one is the model's.
  const history = new Map<string, Received[]>();
  for (const e of system.mail) {
    if (!CALENDAR.has(e.kind)) continue;
    const k = `${e.meetingKey}|${e.email}`;
    history.set(k, [...(history.get(k) ?? []), e]);
  }
  for (const [k, list] of history) {
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.sequence <= list[i - 1]!.sequence) {
        const seqs = list.map((e) => `${e.kind}#${e.sequence}@sync${e.sync}`).join(", ");
        fail(`${k}: SEQUENCE not rising: ${seqs}`);
      }
    }
  }
  const keys = new Set([...history.keys()]);
  for (const [m, byEmail] of model.holds) for (const e of byEmail.keys()) keys.add(`${m}|${e}`);
  for (const k of keys) {
    const [m, email] = k.split("|") as [string, string];
    const want = model.holds.get(m)?.get(email);
    const last = history.get(k)?.at(-1);
    const got =
      last === undefined ? "nothing" : last.kind === "cancel" ? "cancelled" : last.material;
    const wanted =
      want === undefined ? "nothing" : want.kind === "cancelled" ? "cancelled" : want.material;
    if (got !== wanted) {
      fail(`${email}'s calendar for ${m}: holds ${got}, the model says ${wanted}`);
    }
  }
  // Responses: each invitee's answer since their invitation, as D1 holds it.
  const answers = new Set<string>();
  for (const [key, byEmail] of model.answers)
    for (const [email, a] of byEmail) answers.add(`${key}|${email}=${a}`);
  const stored = new Set<string>();
  for (const [key, byEmail] of system.state.invitations)
    for (const inv of byEmail.values())
      if (inv.response !== null) stored.add(`${key}|${inv.email}=${inv.response}`);
  const a1 = [...stored].sort().join(", ");
  const b1 = [...answers].sort().join(", ");
  if (a1 !== b1) fail(`Responses hold [${a1}], the model says [${b1}]`);
  const published = system.published();
  const a = [...published].sort().join(",");
  const b = [...model.published]
    .map(([key, id]) => `${key}=${id}`)
    .sort()
    .join(",");
  if (a !== b) fail(`the feed lists [${a}], the model says [${b}]`);
}

/** A sequence as lines, for a failure report. */
export function show(seq: Sequence): string {
  const lines = seq.steps.map((s, i) => `  ${String(i + 1).padStart(2)}. ${describe(s)}`);
  return [
    `sheet starts ${seq.sender ? "with" : "without"} a sender; rows M1, M2, M3`,
    ...lines,
  ].join("\n");
}
