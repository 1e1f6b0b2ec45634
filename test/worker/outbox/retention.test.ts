// The retention sweep (src/outbox/retention.ts): old history goes, every fact
// the plan decides with stays, and the sheet shows the same afterwards.
import { beforeEach, describe, expect, it } from "vitest";
import { storeSnapshot } from "../../../src/outbox/inputs.ts";
import { deadLetter } from "../../../src/outbox/recover.ts";
import { sweepIfDue, sweepRetention } from "../../../src/outbox/retention.ts";
import { claim, recordOutcome } from "../../../src/outbox/send.ts";
import { finishRun, loadState, recordDeliveryEvent, startRun } from "../../../src/sync/store.ts";
import { composeAll, db, reset, rows, seed, t0 } from "./helpers.ts";

beforeEach(reset);

const DAY = 24 * 60 * 60 * 1000;
const inDays = (n: number) => new Date(t0.getTime() + n * DAY);

async function run(id: string, at: Date, outcome: "ok" | "failed") {
  await startRun(db, id, at);
  await finishRun(db, id, { now: at, outcome, counts: {}, problems: [] });
}

describe("the retention sweep", () => {
  it("removes old sent messages and keeps every row, key, invitation and sequence", async () => {
    const [first] = await seed();
    await composeAll();
    await claim(db, first?.id ?? -1, "c1", t0);
    await recordOutcome(db, first?.id ?? -1, "c1", { type: "sent", sesMessageId: "ses-1" }, t0);
    const state = await loadState(db);

    expect(await sweepRetention(db, inDays(179), { days: 180 })).toMatchObject({ bodies: 0 });
    expect(await sweepRetention(db, inDays(181), { days: 180 })).toMatchObject({ bodies: 1 });
    const { results } = await db
      .prepare("SELECT state, raw FROM outbox ORDER BY id")
      .all<{ state: string; raw: string | null }>();
    // The row still to go keeps its message.
    expect(results).toEqual([
      { state: "sent", raw: null },
      { state: "pending", raw: "Subject: test" },
    ]);
    expect(await rows()).toHaveLength(2);
    expect(await loadState(db)).toEqual(state);
  });

  it("removes old SES events but the bounce the Responses tab shows", async () => {
    const event = { email: "a@x.example", permanent: true, detail: null, at: t0 };
    await recordDeliveryEvent(db, { ...event, ses_message_id: "m1", event: "delivery" });
    await recordDeliveryEvent(db, { ...event, ses_message_id: "m2", event: "bounce" });
    await recordDeliveryEvent(db, { ...event, ses_message_id: null, event: "complaint" });
    expect(await sweepRetention(db, inDays(31), { days: 30 })).toMatchObject({ deliveries: 2 });
    const { results } = await db.prepare("SELECT ses_message_id, event FROM deliveries").all();
    expect(results).toEqual([{ ses_message_id: "m2", event: "bounce" }]);
  });

  it("removes old runs but the last good one and those after it", async () => {
    await run("old-ok", t0, "ok");
    await run("last-ok", inDays(1), "ok");
    await run("failing", inDays(2), "failed");
    expect(await sweepRetention(db, inDays(400), { days: 180 })).toMatchObject({ runs: 1 });
    const { results } = await db.prepare("SELECT id FROM sync_runs ORDER BY started_at").all();
    expect(results).toEqual([{ id: "last-ok" }, { id: "failing" }]);
  });

  it("lets go of a composing snapshot once no row can be rendered from it, and keeps it while one can", async () => {
    const [dead, waiting] = await seed();
    const entries = [{ ref: "context", body: "{}" }];
    await db.batch([
      ...storeSnapshot(db, "run-a", entries, [dead?.id ?? -1]),
      ...storeSnapshot(db, "run-b", entries, [waiting?.id ?? -1]),
    ]);
    // Dead-lettered before the mailer rendered it: it will never be rendered from run-a.
    await deadLetter(db, { outbox_id: dead?.id ?? -1 }, t0);
    await sweepRetention(db, inDays(1), { days: 180 });
    const { results } = await db
      .prepare("SELECT DISTINCT snapshot FROM mail_inputs ORDER BY snapshot")
      .all<{ snapshot: string }>();
    expect(results.map((r) => r.snapshot)).toEqual(["run-b"]);
    const pointers = await db
      .prepare("SELECT state, input_snapshot FROM outbox ORDER BY id")
      .all<{ state: string; input_snapshot: string | null }>();
    expect(pointers.results).toEqual([
      { state: "dead", input_snapshot: null },
      { state: "pending", input_snapshot: "run-b" },
    ]);
  });

  it("removes old messages to the replies address", async () => {
    await db.batch(
      [t0, inDays(200)].map((at, i) =>
        db
          .prepare("INSERT INTO reply_events (outcome, reason, at) VALUES ('refused', ?, ?)")
          .bind(`r${i}`, at.toISOString()),
      ),
    );
    expect(await sweepRetention(db, inDays(201), { days: 180 })).toMatchObject({ replyEvents: 1 });
    const { results } = await db.prepare("SELECT reason FROM reply_events").all();
    expect(results).toEqual([{ reason: "r1" }]);
  });

  it("lets a run's problem list go after a day, keeping the run", async () => {
    await run("yesterday", t0, "ok");
    await db.prepare('UPDATE sync_runs SET problems = \'[{"code":"date.invalid"}]\'').run();
    expect(await sweepRetention(db, new Date(t0.getTime() + DAY / 2), { days: 180 })).toMatchObject(
      { runProblems: 0 },
    );
    expect(await sweepRetention(db, inDays(1.5), { days: 180 })).toMatchObject({ runProblems: 1 });
    const { results } = await db.prepare("SELECT id, problems FROM sync_runs").all();
    expect(results).toEqual([{ id: "yesterday", problems: null }]);
  });

  it("sweeps at most once an hour, however many ticks ask", async () => {
    await db.prepare("DELETE FROM sync_meta WHERE key = 'retention:swept_at'").run();
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect(await sweepIfDue(db, at(0), { days: 180 })).not.toBeNull();
    expect(await sweepIfDue(db, at(5), { days: 180 })).toBeNull();
    expect(await sweepIfDue(db, at(55), { days: 180 })).toBeNull();
    expect(await sweepIfDue(db, at(60), { days: 180 })).not.toBeNull();
    expect(await sweepIfDue(db, at(65), { days: 180 })).toBeNull();
  });
});
