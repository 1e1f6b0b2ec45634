// The model-based test of the sync at its second speed: the pure test's step
// generator (test/node/model/steps.ts) played through the real Worker in
// workerd — the scheduled handler against the Sheets emulator, the queue
// handler sending to the SES stand-in, D1 and KV — and checked against the
// same reference model (test/node/model/model.ts) as an invitee and a
// website would see it: every message SES received read with mailparser (the
// mail reader) and its calendar with ical.js; per invitee and meeting, the
// last calendar message (by UID) holds the model's version with a SEQUENCE
// above every earlier one, or is a CANCEL; no (meeting, contact, kind,
// SEQUENCE) twice; /feed.json lists what the model publishes. Faults are
// Google's, injected at the emulator (a failed read, a failed write-back), and
// the mail path's (model-delivery.ts: a batch delivered twice, a consumer
// dying mid-batch, SES throttling, failing or accepting without an answer).
// After each drained queue every outbox row is final; an email lost for good
// (dead or rejected) leaves its invitee with an earlier version (the model's
// mayHold); each sequence ends with the fault suite's invariant: every row
// sent once, or dead/rejected/unconfirmed and shown in Responses.
// Answers by link are left to the pure test (the RSVP page also closes when a
// meeting is over, which the model does not say); their steps play as nothing.
// `npm test` plays 5 sequences of up to 8 steps; MODEL_WORKERD_RUNS,
// MODEL_WORKERD_STEPS and MODEL_WORKERD_SEED play more.
import { createExecutionContext, env } from "cloudflare:test";
import fc from "fast-check";
import ICAL from "ical.js";
import { afterEach, expect, it, vi } from "vitest";
import type { JsonFeed } from "../../../src/feed/json-feed.ts";
import { deleteSnapshot } from "../../../src/feed/snapshot.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { idKey } from "../../../src/sheet/ids.ts";
import { messageIdFor } from "../../../src/sync/compose.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import worker from "../../../workers/index.ts";
import {
  emptyModel,
  freshId,
  type Holding,
  type Material,
  type ModelState,
  mayHold,
  modelSync,
  proposing,
  type Row,
  type Sheet,
} from "../../node/model/model.ts";
import {
  describe,
  edit,
  initialSheet,
  type Sequence,
  START,
  sequenceArb,
} from "../../node/model/steps.ts";
import { workbook } from "../../node/model/system.ts";
import { outboxRows } from "../faults/invariant.ts";
import {
  advanceEmulatorClock,
  control,
  createSpreadsheet,
  injectFault,
} from "../support/emulator.ts";
import { tab } from "../support/sheet.ts";
import { cron, newWorld, staffClient, type World } from "../support/world.ts";
import {
  type DeliveryFault,
  deliverWith,
  deliveryFaultArb,
  describeFault,
  unaccounted,
} from "./model-delivery.ts";
import { sentMails } from "./round-trips-helpers.ts";

const count = (name: string, fallback: number) => {
  const value = Number((env as unknown as Record<string, string | undefined>)[name] ?? "");
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const RUNS = count("MODEL_WORKERD_RUNS", 5);
const STEPS = count("MODEL_WORKERD_STEPS", 8);
const SEED = count("MODEL_WORKERD_SEED", 18);
const TABS = ["Meetings", "Contacts", "Settings", "Responses", "Sync log"];
const DAY = 24 * 3600 * 1000;

afterEach(() => {
  vi.useRealTimers();
});

class Violation extends Error {}

/** One received message as the checks need it. */
interface Got {
  key: string;
  email: string;
  kind: string;
  sequence: number;
  /** The iTIP calendar part's METHOD and what it holds; null for a reminder or a summary. */
  method: string | null;
  shows: { view: string; summary: string; description: string } | null;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What an invitee's calendar shows of a version: days, hours, place; titles and link apart. */
function modelView(m: Material): string {
  return [m.date, m.dateEnd ?? m.date, m.start, m.end, m.place].join("|");
}

/** The same, read from a calendar part with ical.js. */
function calendarView(ics: string): {
  method: string;
  uid: string;
  sequence: number;
  view: string;
  summary: string;
  description: string;
} {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const ev = cal.getFirstSubcomponent("vevent");
  if (!ev) throw new Violation("a calendar part without a VEVENT");
  const start = ev.getFirstPropertyValue("dtstart") as ICAL.Time;
  const end = ev.getFirstPropertyValue("dtend") as ICAL.Time | null;
  const rule = ev.getFirstPropertyValue("rrule") as ICAL.Recur | null;
  const first = start.toString().slice(0, 10);
  let view: string;
  if (start.isDate) {
    const last = end ? isoDay(Date.parse(`${end.toString().slice(0, 10)}T00:00:00Z`) - DAY) : first;
    view = [first, last, null, null].join("|");
  } else {
    const days = rule?.count ?? 1;
    const last = isoDay(Date.parse(`${first}T00:00:00Z`) + (days - 1) * DAY);
    view = [
      first,
      last,
      start.toString().slice(11, 16),
      end?.toString().slice(11, 16) ?? null,
    ].join("|");
  }
  const place = (ev.getFirstPropertyValue("location") as string | null) ?? "";
  return {
    method: String(cal.getFirstPropertyValue("method") ?? ""),
    uid: String(ev.getFirstPropertyValue("uid")),
    sequence: Number(ev.getFirstPropertyValue("sequence")),
    view: `${view}|${place}`,
    summary: String(ev.getFirstPropertyValue("summary") ?? ""),
    description: String(ev.getFirstPropertyValue("description") ?? ""),
  };
}

/** Why the last calendar message does not show `want`, or null when it does. */
function mismatch(last: Got | undefined, want: Holding | undefined): string | null {
  const shows = last?.method === "CANCEL" ? null : last?.shows;
  const got = last === undefined ? "nothing" : shows ? shows.view : "cancelled";
  if (want === undefined || want.kind === "cancelled") {
    const wanted = want === undefined ? "nothing" : "cancelled";
    return got === wanted ? null : `${got}, the model says ${wanted}`;
  }
  const m = JSON.parse(want.material) as Material;
  const titles: (string | null)[] = [m.titleAr, m.titleEn].filter((t) => t !== null);
  const description = shows?.description ?? "";
  const linkRight =
    m.link === null ? !description.includes("meet.example/") : description.includes(m.link);
  if (got !== modelView(m) || !titles.includes(shows?.summary ?? null) || !linkRight)
    return `${got} (${shows?.summary}), the model says ${want.material}`;
  return null;
}

/** The Worker, SES and the feed as one sequence sees them. */
class Run {
  readonly model: ModelState = emptyModel();
  readonly sheet: Sheet;
  readonly got: Got[] = [];
  private read = 0;
  private height = 0;
  syncs = 0;
  now = START;
  /** Drains so far: each brings the consumer's stamps a millisecond further past the cron's clock. */
  drains = 0;
  /** Mail faults that met a batch (a sync that queued nothing leaves its fault unused). */
  readonly landed: Record<string, number> = {};

  readonly world: World;

  constructor(world: World, sender: boolean) {
    this.world = world;
    this.sheet = initialSheet(sender);
  }

  fail(what: string): never {
    throw new Violation(`after sync ${this.syncs}: ${what}`);
  }

  /** Staff's sheet into the emulator: every tab the model holds, old rows blanked. */
  async write(): Promise<void> {
    const book = workbook(this.sheet);
    const meetings = book.Meetings ?? [];
    this.height = Math.max(this.height, meetings.length);
    const width = meetings[0]?.length ?? 1;
    const padded = Array.from({ length: this.height }, (_, i) =>
      Array.from({ length: width }, (_, j) => String(meetings[i]?.[j] ?? "")),
    );
    const ranges = Object.entries({ ...book, Meetings: padded }).map(([title, values]) => {
      const w = Math.max(1, ...values.map((r) => r.length));
      return {
        range: a1Range(title, `A1:${columnLetter(w - 1)}${values.length}`),
        values: values.map((r) => Array.from({ length: w }, (_, j) => String(r[j] ?? ""))),
      };
    });
    const written = await this.world.staff.batchUpdate(ranges);
    if (!written.ok) throw new Error(written.error.detail);
  }

  /** A cron tick, then delivery of what it queued; `fault` is Google failing at read or write-back. */
  async tick(fault?: "read" | "write", mail: DeliveryFault | null = null): Promise<string> {
    await this.write();
    if (fault === "read") await injectFault({ status: 403, count: 1 });
    if (fault === "write") {
      await injectFault({ hangMs: 1, count: 2 });
      await injectFault({ status: 403, count: 1 });
    }
    const run = await cron(this.world);
    if (fault) await this.dropFaults();
    else expect(run.outcome, JSON.stringify(run.problems)).toBe("ok");
    await this.drain(mail);
    return run.outcome;
  }

  /** Faults a sync did not use up (an unchanged sheet writes nothing) must not meet the staff's next edit. */
  async dropFaults(): Promise<void> {
    const before = ((await control("clock")) as { nowMs: number }).nowMs;
    await control("reset");
    const after = ((await control("clock")) as { nowMs: number }).nowMs;
    await advanceEmulatorClock(Math.round((before - after) / 1000));
  }

  /**
   * The queue handler sends what the ticks queued. On the real clock: the SES
   * stand-in refuses, as AWS does, a request signed 15 minutes off its own.
   */
  async drain(mail: DeliveryFault | null = null): Promise<void> {
    vi.useRealTimers();
    try {
      for (let i = 0; i < 5; i++) {
        const queued = this.world.queue.take();
        if (queued.length === 0) break;
        // The fault meets the sync's own batch; what its delivery queued goes cleanly.
        await deliverWith(this.world, queued, i === 0 ? mail : null);
        if (i === 0 && mail) this.landed[mail.t] = (this.landed[mail.t] ?? 0) + 1;
      }
    } finally {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(this.now);
    }
    // The consumer ran on the real clock, years before the cron's: its stamps would
    // not move the change marker (MAX(updated_at)) the unchanged short cut compares,
    // as they do where both share one clock and a send comes after the sync that
    // queued it. Brought just after the cron's clock, a millisecond later each
    // drain, so each drain's outcomes are newer than everything before them.
    this.drains += 1;
    await env.DB.prepare("UPDATE outbox SET updated_at = ? WHERE updated_at < ?")
      .bind(new Date(this.now + this.drains).toISOString(), new Date(this.now).toISOString())
      .run();
    const { results } = await env.DB.prepare(
      "SELECT idempotency_key, state FROM outbox WHERE state IN ('pending', 'claimed', 'failed_transient')",
    ).all<{ idempotency_key: string; state: string }>();
    if (results.length > 0)
      this.fail(`rows not final once the queue drained: ${JSON.stringify(results)}`);
  }

  /** What SES received since the last look, read as an invitee's software reads it. */
  async received(): Promise<Got[]> {
    const mails = await sentMails(this.read);
    this.read += mails.length;
    // By Message-ID, which the row's key fixes: an unconfirmed row never learnt SES's MessageId.
    const { results } = await env.DB.prepare(
      "SELECT idempotency_key, kind, meeting_id, sequence FROM outbox",
    ).all<{ idempotency_key: string; kind: string; meeting_id: string; sequence: number }>();
    const byId = new Map<string, (typeof results)[number]>();
    for (const r of results) byId.set(await messageIdFor(r.idempotency_key), r);
    const out: Got[] = [];
    for (const m of mails) {
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(m.raw)?.[1] ?? m.id;
      const row = byId.get(messageId);
      if (!row) this.fail(`SES received ${messageId}, which no outbox row sent`);
      if (row.kind === "digest") continue;
      const cal = m.ics === null ? null : calendarView(m.ics);
      const key = cal ? idKey(cal.uid.replace(/@[^@]*$/, "")) : idKey(row.meeting_id);
      if (key !== idKey(row.meeting_id))
        this.fail(`${m.id} carries UID ${cal?.uid} for ${row.meeting_id}`);
      out.push({
        key,
        email: m.to,
        kind: row.kind,
        sequence: cal?.sequence ?? row.sequence,
        method: cal?.method ?? null,
        shows: cal,
      });
    }
    this.got.push(...out);
    return out;
  }

  /** The model's sync beside the Worker's, then every check. */
  async sync(fault?: "read" | "write", mail: DeliveryFault | null = null): Promise<void> {
    if (fault === "read") {
      await this.tick("read", mail);
      await this.received();
      if (this.got.length !== this.sent) this.fail("a sync Google stopped at its read sent mail");
      return;
    }
    const proposed = proposing(this.sheet, this.model);
    const expected = modelSync(this.sheet, this.model, this.now);
    this.syncs += 1;
    // The fault lands on the write-back when the sync writes at all (an unchanged sheet does not).
    const outcome = await this.tick(fault, mail);
    this.remember();
    await this.checkMail(expected.invalid);
    await this.writtenBack(outcome === "ok" ? proposed : []);
    await this.checkFeed();
  }

  private sent = 0;
  /** Per `key|email`, what the model said the invitee holds after each sync (mayHold's history). */
  private readonly history = new Map<string, (Holding | undefined)[]>();

  remember(): void {
    const pairs = new Set(this.history.keys());
    for (const [m, byEmail] of this.model.holds)
      for (const e of byEmail.keys()) pairs.add(`${m}|${e}`);
    for (const pair of pairs) {
      const [key, email] = pair.split("|") as [string, string];
      const list = this.history.get(pair) ?? [undefined];
      const now = this.model.holds.get(key)?.get(email);
      if (JSON.stringify(list.at(-1)) !== JSON.stringify(now)) list.push(now);
      this.history.set(pair, list);
    }
  }

  /** Per `key|email`, whether the newest calendar email (invite, update, cancel) never reached SES. */
  async lost(): Promise<Set<string>> {
    const { results } = await env.DB.prepare(
      "SELECT meeting_id, email, state FROM outbox WHERE kind IN ('invite', 'update', 'cancel') ORDER BY id",
    ).all<{ meeting_id: string; email: string; state: string }>();
    const newest = new Map<string, string>();
    for (const r of results) newest.set(`${idKey(r.meeting_id)}|${r.email}`, r.state);
    return new Set(
      [...newest].filter(([, state]) => state === "dead" || state === "rejected").map(([p]) => p),
    );
  }

  async checkMail(invalid: Set<string>): Promise<void> {
    for (const g of await this.received()) {
      if (invalid.has(g.key) && g.kind !== "reminder")
        this.fail(`${g.kind} ${g.key} to ${g.email} while its row is invalid`);
    }
    this.sent = this.got.length;
    const once = new Set<string>();
    const history = new Map<string, Got[]>();
    for (const g of this.got) {
      const k = `${g.key}|${g.email}|${g.kind}|${g.sequence}`;
      if (once.has(k)) this.fail(`${g.email} got ${g.kind} ${g.key} SEQUENCE ${g.sequence} twice`);
      once.add(k);
      if (g.method === null) continue;
      const list = history.get(`${g.key}|${g.email}`) ?? [];
      list.push(g);
      history.set(`${g.key}|${g.email}`, list);
    }
    const pairs = new Set(history.keys());
    for (const [m, byEmail] of this.model.holds)
      for (const e of byEmail.keys()) pairs.add(`${m}|${e}`);
    const lost = await this.lost();
    for (const pair of pairs) {
      const list = history.get(pair) ?? [];
      for (let i = 1; i < list.length; i++)
        if (list[i]!.sequence <= list[i - 1]!.sequence)
          this.fail(
            `${pair}: SEQUENCE not rising: ${list.map((g) => `${g.method}#${g.sequence}`)}`,
          );
      const [key, email] = pair.split("|") as [string, string];
      const last = list.at(-1);
      const may = mayHold(this.history.get(pair) ?? [undefined], lost.has(pair));
      const misses = may.map((want) => mismatch(last, want));
      if (!misses.includes(null))
        this.fail(
          `${email}'s calendar for ${key}: ${misses.join("; or ")}${lost.has(pair) ? " (its newest email was lost)" : ""}`,
        );
    }
  }

  /** IDs the write-back wrote into blank cells: on the rows the model says, none taken. */
  async writtenBack(proposed: number[]): Promise<void> {
    const cells = await tab(this.world, "Meetings");
    const wrote: number[] = [];
    this.sheet.rows.forEach((row: Row, i) => {
      const id = String(cells[i + 1]?.[0] ?? "").trim();
      if (row.id.trim() !== "" || id === "") return;
      if (!freshId(this.sheet, this.model, i, id))
        this.fail(`row ${i} was given ID ${id}, which is taken`);
      row.id = id;
      wrote.push(i);
    });
    if (wrote.join(",") !== proposed.join(","))
      this.fail(`IDs written into rows [${wrote}], the model says [${proposed}]`);
  }

  async checkFeed(): Promise<void> {
    const response = await worker.fetch(
      // The handler's type wants an incoming request's cf properties; a test request has none.
      new Request("https://liqaa.example.org/feed.json?when=all&limit=200") as Request<
        unknown,
        IncomingRequestCfProperties
      >,
      this.world.env,
      createExecutionContext(),
    );
    const items = ((await response.json()) as JsonFeed).items;
    const got = items
      .map((i) => `${idKey(i.id)}=${i.id}`)
      .sort()
      .join(",");
    const want = [...this.model.published]
      .map(([k, id]) => `${k}=${id}`)
      .sort()
      .join(",");
    if (got !== want) this.fail(`/feed.json lists [${got}], the model says [${want}]`);
  }

  async wait(hours: number): Promise<void> {
    this.now += hours * 3600 * 1000;
    vi.setSystemTime(this.now);
    await advanceEmulatorClock(hours * 3600);
  }
}

/** A world whose spreadsheet holds only the model's tabs, at START on every clock. */
async function modelWorld(): Promise<World> {
  // newWorld puts the emulator's clock back: the Worker's goes back with it first.
  vi.useRealTimers();
  const base = await newWorld();
  const sheetId = await createSpreadsheet({
    properties: { title: "Liqaa model" },
    sheets: TABS.map((title) => ({ properties: { title } })),
  });
  // The feed routes cache what this isolate last served; a world starts with none.
  await deleteSnapshot(env.FEED);
  const real = Date.now();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
  await advanceEmulatorClock(Math.round((START - real) / 1000));
  return { ...base, sheetId, staff: staffClient(sheetId), env: { ...base.env, SHEET_ID: sheetId } };
}

/** What the sequences exercised, printed at the end so a weak sample shows. */
const seen = {
  syncs: 0,
  faults: 0,
  overlaps: 0,
  mail: {} as Record<string, number>,
  states: {} as Record<string, number>,
  byKind: {} as Record<string, number>,
};

/** A sequence and the mail fault each of its steps meets if it is a sync (index by step). */
type Faulted = { seq: Sequence; mail: (DeliveryFault | null)[] };

const faultedArb = (steps: number): fc.Arbitrary<Faulted> =>
  fc.record({
    seq: sequenceArb(steps),
    mail: fc.array(deliveryFaultArb, { minLength: steps, maxLength: steps }),
  });

/** A sequence as lines, each sync with its mail fault, for a failure report (and a replay). */
function show({ seq, mail }: Faulted): string {
  const lines = seq.steps.map((s, i) => {
    const f = s.t === "sync" ? mail[i] : null;
    return `  ${String(i + 1).padStart(2)}. ${describe(s)}${f ? `; ${describeFault(f)}` : ""}`;
  });
  return [
    `sheet starts ${seq.sender ? "with" : "without"} a sender; rows M1, M2, M3`,
    ...lines,
    "  then SYNC, and up to three more edit-free syncs until the invariant holds",
  ].join("\n");
}

async function play({ seq, mail }: Faulted): Promise<void> {
  const run = new Run(await modelWorld(), seq.sender);
  const clip: Row[] = [];
  const added = { n: 0 };
  for (const [i, s] of seq.steps.entries()) {
    if (s.t === "wait") await run.wait(s.hours);
    else if (s.t === "sync") await run.sync(s.fault, mail[i] ?? null);
    else if (s.t === "overlap") {
      // Two ticks side by side in one isolate; whichever records second is refused or finds
      // nothing to do. The one that reads after the other's write-back sees the IDs it wrote,
      // so the model catches up with one more sync before anything is checked.
      await run.write();
      const proposed = proposing(run.sheet, run.model);
      await Promise.all([cron(run.world), cron(run.world)]);
      await run.drain();
      modelSync(run.sheet, run.model, run.now);
      run.remember();
      await run.writtenBack(proposed);
      await run.sync();
    } else if (s.t !== "rsvp") edit(run.sheet, clip, s, added);
  }
  // Every sequence ends checked: what its last edits did reaches the Worker and the checks;
  // the next edit-free syncs write the last delivery outcomes into Responses for the
  // invariant. A row that just got its ID is invited one sync later (the ID must be in
  // the sheet first), and its outcomes reach Responses one sync after that: so the
  // invariant must hold within three edit-free syncs, not necessarily after the first.
  await run.sync();
  let wrong: string | null = null;
  for (let i = 0; i < 3; i++) {
    await run.sync();
    wrong = await unaccounted(run.world);
    if (!wrong) break;
  }
  if (wrong) run.fail(`the invariant: ${wrong}`);
  for (const r of await outboxRows()) seen.states[r.state] = (seen.states[r.state] ?? 0) + 1;
  for (const [t, n] of Object.entries(run.landed)) seen.mail[t] = (seen.mail[t] ?? 0) + n;
  seen.syncs += run.syncs;
  seen.faults += seq.steps.filter((s) => s.t === "sync" && s.fault !== undefined).length;
  seen.overlaps += seq.steps.filter((s) => s.t === "overlap").length;
  for (const g of run.got) seen.byKind[g.kind] = (seen.byKind[g.kind] ?? 0) + 1;
}

it(
  `any sequence of staff edits, through the real Worker, keeps every calendar and the feed as the model says (${RUNS} × ${STEPS})`,
  async () => {
    const sequences = fc.sample(faultedArb(STEPS), { numRuns: RUNS, seed: SEED });
    for (const [i, seq] of sequences.entries()) {
      try {
        await play(seq);
      } catch (error) {
        if (!(error instanceof Violation)) throw error;
        throw new Error(`sequence ${i} (seed ${SEED}): ${error.message}\n${show(seq)}`);
      }
    }
    console.log(
      `workerd model: ${RUNS} × ${STEPS}, seed ${SEED}: ${seen.syncs} syncs, ${seen.faults} Google faults, ${seen.overlaps} overlaps, mail faults ${JSON.stringify(seen.mail)}, outbox ${JSON.stringify(seen.states)}, emails ${JSON.stringify(seen.byKind)}`,
    );
  },
  RUNS * STEPS * 5_000 + 30_000,
);
