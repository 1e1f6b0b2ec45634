import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  claim,
  enqueueDue,
  MAX_ATTEMPTS,
  markSending,
  type OutboxMessage,
  type OutboxRow,
  recordOutcome,
  resend,
  sweepStaleClaims,
} from "../../../src/sync/outbox.ts";
import { plan } from "../../../src/sync/plan.ts";
import { addSuppression, loadState, recordPlan } from "../../../src/sync/store.ts";
import { sheet } from "./fixtures.ts";

const db = env.DB;
const t0 = new Date("2026-12-01T09:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);
const MINUTE = 60 * 1000;

async function rows(): Promise<OutboxRow[]> {
  return (await db.prepare("SELECT * FROM outbox ORDER BY id").all<OutboxRow>()).results;
}

/** Plans and records the fixture sheet: two invitations, amal's first. */
async function seed(): Promise<OutboxRow[]> {
  const state = await loadState(db);
  await recordPlan(db, plan({ sheet: sheet(), state, now: t0 }), {
    version: state.version,
    runId: "run-1",
    now: t0,
  });
  const seeded = await rows();
  if (seeded.length !== 2) throw new Error(`seed planned ${seeded.length} emails, expected 2`);
  return seeded;
}

/** Gives every row a message, as composePending would: only composed rows are sent. */
async function composeAll(): Promise<void> {
  await db
    .prepare("UPDATE outbox SET raw = 'Subject: test', mail_from = 'liqaa@example.org'")
    .run();
}

/** A stand-in for the Queue producer that keeps what it was given. */
function recordingQueue() {
  const sent: OutboxMessage[] = [];
  return {
    sent,
    async sendBatch(messages: Iterable<MessageSendRequest<OutboxMessage>>) {
      for (const m of messages) sent.push(m.body);
    },
  };
}

beforeEach(async () => {
  await db.batch(
    ["outbox", "suppressions", "invitations", "meetings"].map((t) =>
      db.prepare(`DELETE FROM ${t}`),
    ),
  );
});

describe("the outbox", () => {
  it("a second claim of the same row (a Queue message delivered twice) gets nothing", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    const first = await claim(db, id, "claim-a", t0);
    const second = await claim(db, id, "claim-b", t0);
    expect(first).toMatchObject({
      type: "claimed",
      row: { id, state: "claimed", claim_id: "claim-a" },
    });
    expect(second).toEqual({ type: "nothing" });
  });

  it("a sent row cannot be claimed again", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    await markSending(db, id, "c1", t0);
    expect(await recordOutcome(db, id, "c1", { type: "sent", sesMessageId: "ses-1" }, t0)).toBe(
      "sent",
    );
    expect(await claim(db, id, "c2", later(MINUTE))).toEqual({ type: "nothing" });
    expect((await rows())[0]).toMatchObject({
      state: "sent",
      ses_message_id: "ses-1",
      attempts: 1,
    });
  });

  it("a stale claim that reached the send step becomes unconfirmed and is not claimable", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    await markSending(db, id, "c1", t0);
    expect(await sweepStaleClaims(db, later(11 * MINUTE))).toEqual({ unconfirmed: 1, released: 0 });
    expect((await rows())[0]?.state).toBe("unconfirmed");
    expect(await claim(db, id, "c2", later(12 * MINUTE))).toEqual({ type: "nothing" });
  });

  it("a stale claim that never reached the send step goes back to pending", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    expect(await sweepStaleClaims(db, later(11 * MINUTE))).toEqual({ unconfirmed: 0, released: 1 });
    expect((await rows())[0]).toMatchObject({ state: "pending", claim_id: null });
  });

  it("a claim younger than the lease is left alone by the sweep", async () => {
    const [row] = await seed();
    await claim(db, row?.id ?? -1, "c1", t0);
    expect(await sweepStaleClaims(db, later(5 * MINUTE))).toEqual({ unconfirmed: 0, released: 0 });
  });

  it("an unknown outcome (no answer from SES) is marked unconfirmed, not retried", async () => {
    const [row] = await seed();
    await composeAll();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    await markSending(db, id, "c1", t0);
    expect(await recordOutcome(db, id, "c1", { type: "unknown", error: "timeout" }, t0)).toBe(
      "unconfirmed",
    );
    const queue = recordingQueue();
    expect(await enqueueDue(db, queue, later(60 * MINUTE))).toMatchObject({ enqueued: 1 });
    expect(queue.sent).not.toContainEqual({ outbox_id: id });
  });

  it("a staff resend puts an unconfirmed email back to pending, and it can be claimed once", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    await markSending(db, id, "c1", t0);
    await recordOutcome(db, id, "c1", { type: "unknown", error: "timeout" }, t0);
    const again = await resend(db, row?.idempotency_key ?? "", later(MINUTE));
    expect(again).toMatchObject({ state: "pending", resends: 1, attempts: 0 });
    expect(await claim(db, id, "c2", later(2 * MINUTE))).toMatchObject({ type: "claimed" });
    expect(await claim(db, id, "c3", later(2 * MINUTE))).toEqual({ type: "nothing" });
  });

  it("resend refuses an email that was sent", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    await recordOutcome(db, id, "c1", { type: "sent", sesMessageId: "m" }, t0);
    expect(await resend(db, row?.idempotency_key ?? "", t0)).toBeNull();
  });

  it("a transient failure is retried after a backoff, not before", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    await markSending(db, id, "c1", t0);
    expect(await recordOutcome(db, id, "c1", { type: "transient", error: "Throttling" }, t0)).toBe(
      "failed_transient",
    );
    expect(await claim(db, id, "c2", later(30 * 1000))).toEqual({ type: "nothing" });
    expect(await claim(db, id, "c2", later(MINUTE))).toMatchObject({ type: "claimed" });
  });

  it("transient failures end dead after the last attempt, never dropped", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    let at = t0;
    let state: string | null = null;
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const claimed = await claim(db, id, `c${i}`, at);
      expect(claimed.type).toBe("claimed");
      await markSending(db, id, `c${i}`, at);
      state = await recordOutcome(db, id, `c${i}`, { type: "transient", error: "503" }, at);
      at = new Date(at.getTime() + 2 * 60 * MINUTE);
    }
    expect(state).toBe("dead");
    expect((await rows())[0]).toMatchObject({
      state: "dead",
      attempts: MAX_ATTEMPTS,
      last_error: "503",
    });
  });

  it("a worker whose claim was swept and re-claimed cannot record an outcome", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claim(db, id, "old", t0);
    await sweepStaleClaims(db, later(11 * MINUTE));
    await claim(db, id, "new", later(12 * MINUTE));
    expect(
      await recordOutcome(db, id, "old", { type: "sent", sesMessageId: "x" }, later(13 * MINUTE)),
    ).toBeNull();
    expect((await rows())[0]).toMatchObject({ state: "claimed", claim_id: "new" });
  });

  it("an address suppressed after the plan is rejected at claim time, not sent", async () => {
    const [row] = await seed();
    await addSuppression(db, { email: row?.email ?? "", reason: "bounce", at: t0 });
    expect(await claim(db, row?.id ?? -1, "c1", t0)).toEqual({ type: "suppressed" });
    expect((await rows())[0]).toMatchObject({
      state: "rejected",
      last_error: "suppressed: bounce",
    });
  });

  it("enqueues each due row once, and again only when its message seems lost", async () => {
    const seeded = await seed();
    await composeAll();
    const queue = recordingQueue();
    expect(await enqueueDue(db, queue, t0)).toEqual({ enqueued: 2, requeued: 0 });
    expect(await enqueueDue(db, queue, later(MINUTE))).toEqual({ enqueued: 0, requeued: 0 });
    expect(queue.sent.map((m) => m.outbox_id)).toEqual(seeded.map((r) => r.id));
  });

  it("counts a row sent to the Queue again, its message seemingly lost, as requeued and not as newly queued", async () => {
    await seed();
    await composeAll();
    const queue = recordingQueue();
    await enqueueDue(db, queue, t0);
    expect(await enqueueDue(db, queue, later(20 * MINUTE))).toEqual({ enqueued: 0, requeued: 2 });
    expect(queue.sent).toHaveLength(4);
  });

  it("does not enqueue a row that has no composed message", async () => {
    const [first] = await seed();
    await db
      .prepare(
        "UPDATE outbox SET raw = 'Subject: test', mail_from = 'liqaa@example.org' WHERE id = ?",
      )
      .bind(first?.id)
      .run();
    const queue = recordingQueue();
    expect(await enqueueDue(db, queue, t0)).toEqual({ enqueued: 1, requeued: 0 });
    expect(queue.sent).toEqual([{ outbox_id: first?.id }]);
  });
});
