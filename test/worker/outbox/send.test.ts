// One attempt at a row (src/outbox/send.ts): a claim only one claimant wins, the
// mark before SES, and the outcome only the claim's owner may record.
import { beforeEach, describe, expect, it } from "vitest";
import { enqueueDue } from "../../../src/outbox/enqueue.ts";
import { sweepStaleClaims } from "../../../src/outbox/recover.ts";
import { backoffMs, MAX_ATTEMPTS } from "../../../src/outbox/row.ts";
import { claim, claimToSend, markSending, recordOutcome } from "../../../src/outbox/send.ts";
import { addSuppression } from "../../../src/sync/store.ts";
import { composeAll, db, later, MINUTE, recordingQueue, reset, rows, seed, t0 } from "./helpers.ts";

beforeEach(reset);

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
      stop_reason: "suppressed",
    });
  });

  it("each retry waits its backoff from the attempt's end, and the last one is dead", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    let at = t0;
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await claim(db, id, `c${i}`, at);
      await markSending(db, id, `c${i}`, at);
      expect(await recordOutcome(db, id, `c${i}`, { type: "transient", error: "503" }, at)).toBe(
        "failed_transient",
      );
      expect((await rows())[0]?.next_attempt_at).toBe(
        new Date(at.getTime() + backoffMs(i)).toISOString(),
      );
      at = new Date(at.getTime() + 2 * 60 * MINUTE);
    }
  });
});

describe("claimToSend: the mailer's claim, mark and bytes in one statement", () => {
  const message = { raw: "Subject: one", from: "liqaa@example.org" };

  it("one claimant wins; the row is marked sending, counts the attempt and keeps the bytes", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    const first = await claimToSend(db, id, "a", t0, message);
    const second = await claimToSend(db, id, "b", t0, { ...message, raw: "Subject: two" });
    expect(first).toEqual({ type: "claimed", attempts: 1, ...message });
    expect(second).toEqual({ type: "nothing" });
    expect((await rows())[0]).toMatchObject({
      state: "claimed",
      claim_id: "a",
      claimed_at: t0.toISOString(),
      sending_at: t0.toISOString(),
      attempts: 1,
    });
    expect(
      await db.prepare("SELECT raw, mail_from FROM outbox WHERE id = ?").bind(id).first(),
    ).toEqual({ raw: message.raw, mail_from: message.from });
    // Marked sending: a worker that dies now leaves it unconfirmed, never resent.
    await sweepStaleClaims(db, later(11 * MINUTE));
    expect((await rows())[0]?.state).toBe("unconfirmed");
  });

  it("sends the bytes a row already holds, not a second rendering", async () => {
    const [row] = await seed();
    await composeAll();
    const claimed = await claimToSend(db, row?.id ?? -1, "a", t0, message);
    expect(claimed).toMatchObject({ type: "claimed", raw: "Subject: test" });
    const kept = await db.prepare("SELECT raw FROM outbox WHERE id = ?").bind(row?.id).first("raw");
    expect(kept).toBe("Subject: test");
  });

  it("claims nothing for a row with no bytes when none are given", async () => {
    const [row] = await seed();
    expect(await claimToSend(db, row?.id ?? -1, "a", t0, null)).toEqual({ type: "nothing" });
    expect((await rows())[0]).toMatchObject({ state: "pending", attempts: 0, claim_id: null });
  });

  it("a failed attempt is claimed again once due, with its attempts counted", async () => {
    const [row] = await seed();
    const id = row?.id ?? -1;
    await claimToSend(db, id, "a", t0, message);
    await recordOutcome(db, id, "a", { type: "transient", error: "503" }, t0);
    expect(await claimToSend(db, id, "b", later(30 * 1000), null)).toEqual({ type: "nothing" });
    expect(await claimToSend(db, id, "b", later(MINUTE), null)).toEqual({
      type: "claimed",
      attempts: 2,
      ...message,
    });
  });

  it("an address suppressed after the plan is rejected, not claimed", async () => {
    const [row] = await seed();
    await addSuppression(db, { email: row?.email ?? "", reason: "complaint", at: t0 });
    expect(await claimToSend(db, row?.id ?? -1, "a", t0, message)).toEqual({ type: "suppressed" });
    expect((await rows())[0]).toMatchObject({
      state: "rejected",
      stop_reason: "suppressed",
      last_error: "suppressed: complaint",
      claim_id: null,
      attempts: 0,
      sending_at: null,
    });
  });
});
