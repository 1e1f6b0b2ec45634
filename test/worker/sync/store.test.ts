import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { plan } from "../../../src/sync/plan.ts";
import {
  addSuppression,
  finishRun,
  lastRuns,
  listSuppressions,
  loadState,
  recordDeliveryEvent,
  recordPlan,
  recordRsvp,
  startRun,
} from "../../../src/sync/store.ts";
import { contact, sheet } from "./fixtures.ts";

const db = env.DB;
const now = new Date("2026-12-01T09:00:00Z");

const count = async (sql: string) =>
  (await db.prepare(sql).first<{ n: number }>())?.n ?? Number.NaN;

beforeEach(async () => {
  await db.batch([
    db.prepare("DELETE FROM outbox"),
    db.prepare("DELETE FROM invitations"),
    db.prepare("DELETE FROM meetings"),
    db.prepare("DELETE FROM suppressions"),
    db.prepare("DELETE FROM rsvps"),
    db.prepare("DELETE FROM deliveries"),
    db.prepare("DELETE FROM unsubscribes"),
  ]);
});

describe("the D1 store", () => {
  it("records a plan's outbox rows, meetings and invitations, and loads them back", async () => {
    const state = await loadState(db);
    const p = plan({ sheet: sheet(), state, now });
    const result = await recordPlan(db, p, { version: state.version, runId: "run-1", now });
    expect(result).toEqual({ ok: true, inserted: 2, after: [] });

    const after = await loadState(db);
    expect(after.version).toBe(state.version + 1);
    expect(after.meetings.get("m1")).toMatchObject({ revision: 0, status: "scheduled" });
    expect([...(after.invitations.get("m1")?.keys() ?? [])].sort()).toEqual([
      "amal@ngo.example",
      "bilal@ngo.example",
    ]);
    expect(after.sentKeys).toEqual(new Set(p.emails.map((e) => e.key)));
  });

  it("loads meetings and invitations keyed by the ID whatever its case, keeping the stored spelling", async () => {
    const state = await loadState(db);
    const upper = sheet({ meetings: [{ ...sheet().meetings[0]!, id: "M1" }] });
    await recordPlan(db, plan({ sheet: upper, state, now }), {
      version: state.version,
      runId: "run-1",
      now,
    });
    const after = await loadState(db);
    expect(after.meetings.get("m1")?.id).toBe("M1");
    expect(after.invitations.get("m1")?.size).toBe(2);
  });

  it("a second plan from the same state (an overlapping sync) is refused and inserts nothing more", async () => {
    const state = await loadState(db);
    const p = plan({ sheet: sheet(), state, now });
    await recordPlan(db, p, { version: state.version, runId: "run-1", now });
    const second = await recordPlan(db, p, { version: state.version, runId: "run-2", now });
    expect(second).toEqual({ ok: false, reason: "stale" });
    expect(await count("SELECT COUNT(*) AS n FROM outbox")).toBe(2);
  });

  it("the outbox key is unique: replaying a recorded plan on the current version inserts no email twice", async () => {
    const state = await loadState(db);
    const p = plan({ sheet: sheet(), state, now });
    await recordPlan(db, p, { version: state.version, runId: "run-1", now });
    const current = await loadState(db);
    const replay = await recordPlan(db, p, { version: current.version, runId: "run-2", now });
    expect(replay).toEqual({ ok: true, inserted: 0, after: [] });
    expect(await count("SELECT COUNT(*) AS n FROM outbox")).toBe(2);
  });

  it("a plan with nothing to record leaves the state version alone", async () => {
    const state = await loadState(db);
    const empty = plan({ sheet: sheet({ meetings: [] }), state, now });
    expect(await recordPlan(db, empty, { version: state.version, runId: "r", now })).toEqual({
      ok: true,
      inserted: 0,
      after: null,
    });
    expect((await loadState(db)).version).toBe(state.version);
  });

  it("runs the caller's statements after the plan's, in its transaction: they see its rows", async () => {
    const state = await loadState(db);
    const p = plan({ sheet: sheet(), state, now });
    const count = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE input_snapshot IS NULL");
    const result = await recordPlan(db, p, { version: state.version, runId: "r", now }, [count]);
    expect(result.ok && result.after?.[0]?.results).toEqual([{ n: 2 }]);
    // A refused plan runs them not at all.
    const stale = await recordPlan(db, p, { version: state.version, runId: "r2", now }, [
      db.prepare("INSERT INTO sync_meta (key, value, updated_at) VALUES ('x', 'y', 'z')"),
    ]);
    expect(stale.ok).toBe(false);
    const meta = await db.prepare("SELECT COUNT(*) AS n FROM sync_meta WHERE key = 'x'").first();
    expect(meta).toEqual({ n: 0 });
  });

  it("a suppressed address is loaded into the state and the next plan sends it nothing", async () => {
    await addSuppression(db, { email: "Amal@NGO.example", reason: "unsubscribe", at: now });
    const state = await loadState(db);
    expect(state.suppressed.get("amal@ngo.example")).toBe("unsubscribe");
    const p = plan({ sheet: sheet(), state, now });
    expect(p.emails.map((e) => e.email)).toEqual(["bilal@ngo.example"]);
    expect(await listSuppressions(db)).toMatchObject([
      { email: "amal@ngo.example", reason: "unsubscribe" },
    ]);
  });

  it("a permanent bounce suppresses the address; a transient one does not", async () => {
    const base = { ses_message_id: "ses-1", detail: null, at: now };
    await recordDeliveryEvent(db, {
      ...base,
      email: "a@x.example",
      event: "bounce",
      permanent: false,
    });
    await recordDeliveryEvent(db, {
      ...base,
      email: "b@x.example",
      event: "bounce",
      permanent: true,
    });
    await recordDeliveryEvent(db, {
      ...base,
      email: "c@x.example",
      event: "complaint",
      permanent: false,
    });
    expect((await listSuppressions(db)).map((s) => [s.email, s.reason])).toEqual([
      ["b@x.example", "bounce"],
      ["c@x.example", "complaint"],
    ]);
    expect(await count("SELECT COUNT(*) AS n FROM deliveries")).toBe(3);
  });

  it("loads each unsubscribe as an address and kind of mail, for the plan to skip", async () => {
    await db.batch([
      db
        .prepare("INSERT INTO unsubscribes (email, kind, at) VALUES (?, ?, ?)")
        .bind("amal@ngo.example", "reminder", now.toISOString()),
      db
        .prepare("INSERT INTO unsubscribes (email, kind, at) VALUES (?, ?, ?)")
        .bind("bilal@ngo.example", "summary", now.toISOString()),
    ]);
    const state = await loadState(db);
    expect(state.unsubscribed).toEqual(
      new Set(["amal@ngo.example|reminder", "bilal@ngo.example|summary"]),
    );
  });

  it("an RSVP updates the invitation and is kept in the history", async () => {
    const state = await loadState(db);
    await recordPlan(db, plan({ sheet: sheet(), state, now }), {
      version: state.version,
      runId: "r",
      now,
    });
    const ok = await recordRsvp(db, {
      meeting_id: "m1",
      email: "bilal@ngo.example",
      response: "declined",
      at: now,
    });
    expect(ok).toBe(true);
    const after = await loadState(db);
    expect(after.invitations.get("m1")?.get("bilal@ngo.example")?.response).toBe("declined");
    expect(await count("SELECT COUNT(*) AS n FROM rsvps")).toBe(1);
  });

  it("an RSVP for an invitation that does not exist is refused and not recorded", async () => {
    const ok = await recordRsvp(db, {
      meeting_id: "nope",
      email: "someone@x.example",
      response: "accepted",
      at: now,
    });
    expect(ok).toBe(false);
    expect(await count("SELECT COUNT(*) AS n FROM rsvps")).toBe(0);
  });

  it("records a sync run with its duration, counts and problems", async () => {
    await startRun(db, "run-9", new Date("2026-12-01T09:00:00.000Z"));
    await finishRun(db, "run-9", {
      now: new Date("2026-12-01T09:00:02.500Z"),
      outcome: "ok",
      counts: { emails: 3 },
      problems: [{ row: 4, code: "date.invalid" }],
    });
    const [run] = await lastRuns(db, 1);
    expect(run).toMatchObject({
      id: "run-9",
      outcome: "ok",
      duration_ms: 2500,
      counts: { emails: 3 },
      problems: [{ row: 4, code: "date.invalid" }],
    });
  });

  it("a re-invitation after a cancellation forgets the old answer", async () => {
    let state = await loadState(db);
    await recordPlan(db, plan({ sheet: sheet(), state, now }), {
      version: state.version,
      runId: "a",
      now,
    });
    await recordRsvp(db, {
      meeting_id: "m1",
      email: "amal@ngo.example",
      response: "declined",
      at: now,
    });
    state = await loadState(db);
    const without = sheet({ contacts: [contact("bilal@ngo.example")] });
    await recordPlan(db, plan({ sheet: without, state, now }), {
      version: state.version,
      runId: "b",
      now,
    });
    state = await loadState(db);
    await recordPlan(db, plan({ sheet: sheet(), state, now }), {
      version: state.version,
      runId: "c",
      now,
    });
    const amal = (await loadState(db)).invitations.get("m1")?.get("amal@ngo.example");
    expect(amal).toMatchObject({ last_kind: "invite", sequence: 2, response: null });
  });
});
