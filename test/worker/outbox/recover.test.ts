// Getting rows out of states nobody moves them from (src/outbox/recover.ts): the
// stale-claim sweep, a staff resend, a dead-lettered Queue message.
import { beforeEach, describe, expect, it } from "vitest";
import { deadLetter, resend, sweepStaleClaims } from "../../../src/outbox/recover.ts";
import { claim, markSending, recordOutcome } from "../../../src/outbox/send.ts";
import { db, later, MINUTE, reset, rows, seed, t0 } from "./helpers.ts";

beforeEach(reset);

describe("the outbox", () => {
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

  it("a dead-lettered message makes its waiting row dead, and leaves a finished row alone", async () => {
    const [first, second] = await seed();
    await claim(db, second?.id ?? -1, "c1", t0);
    await recordOutcome(db, second?.id ?? -1, "c1", { type: "sent", sesMessageId: "m" }, t0);
    await deadLetter(db, { outbox_id: first?.id ?? -1 }, later(MINUTE));
    await deadLetter(db, { outbox_id: second?.id ?? -1 }, later(MINUTE));
    expect((await rows()).map((r) => [r.state, r.last_error])).toEqual([
      ["dead", "dead-lettered by the mail queue"],
      ["sent", null],
    ]);
    expect(await resend(db, first?.idempotency_key ?? "", later(2 * MINUTE))).toMatchObject({
      state: "pending",
    });
  });
});
