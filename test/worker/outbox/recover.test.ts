// Getting rows out of states nobody moves them from (src/outbox/recover.ts): the
// stale-claim sweep, a staff resend, a dead-lettered Queue message.
import { beforeEach, describe, expect, it } from "vitest";
import {
  deadLetter,
  inviteeEmail,
  resend,
  resendInvitee,
  sweepStaleClaims,
} from "../../../src/outbox/recover.ts";
import { claim, markSending, recordOutcome } from "../../../src/outbox/send.ts";
import { composeAll, db, later, MINUTE, reset, rows, seed, t0 } from "./helpers.ts";

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

describe("a resend from the sheet, by meeting and address", () => {
  /** The first seeded row, composed and sent. */
  async function sentRow() {
    const [row] = await seed();
    await composeAll();
    const id = row?.id ?? -1;
    await claim(db, id, "c1", t0);
    await recordOutcome(db, id, "c1", { type: "sent", sesMessageId: "m" }, t0);
    return row ?? (await rows())[0]!;
  }

  it("puts a sent email back to pending with new bytes, once per resends count", async () => {
    const row = await sentRow();
    const fresh = { raw: "Subject: again", from: "liqaa@example.org" };
    const moved = await resendInvitee(db, row.meeting_id, row.email, later(MINUTE), {
      resends: 0,
      message: fresh,
    });
    expect(moved).toMatchObject({
      state: "pending",
      resends: 1,
      attempts: 0,
      ses_message_id: null,
    });
    const stored = await db.prepare("SELECT raw FROM outbox WHERE id = ?").bind(row.id).first();
    expect(stored).toEqual({ raw: "Subject: again" });
    // The same request seen again with the count it saw moves nothing.
    const twice = await resendInvitee(db, row.meeting_id, row.email, later(MINUTE), {
      resends: 0,
      message: fresh,
    });
    expect(twice).toBeNull();
  });

  it("leaves a pending email alone: it is on its way", async () => {
    const [row] = await seed();
    await composeAll();
    expect(
      await resendInvitee(db, row?.meeting_id ?? "", row?.email ?? "", t0, { resends: 0 }),
    ).toBeNull();
  });

  it("lets only the request whose claim is stored move the row", async () => {
    const row = await sentRow();
    const message = { raw: "Subject: again", from: "liqaa@example.org" };
    const claim = (value: string) => ({ key: "resend:sheet:line", value });
    const [first, second] = await Promise.all([
      resendInvitee(db, row.meeting_id, row.email, t0, { resends: 0, message, claim: claim("a") }),
      resendInvitee(db, row.meeting_id, row.email, t0, { resends: 0, message, claim: claim("b") }),
    ]);
    expect([first, second].filter((r) => r !== null)).toHaveLength(1);
    // A later request under the count it now sees, while the first claim stays: nothing.
    expect(
      await resendInvitee(db, row.meeting_id, row.email, t0, {
        resends: 1,
        message,
        claim: claim("c"),
      }),
    ).toBeNull();
  });

  it("finds the invitee's latest email and whether the address may be mailed", async () => {
    const row = await sentRow();
    expect(await inviteeEmail(db, row.meeting_id, row.email)).toMatchObject({
      row: { id: row.id, state: "sent" },
      suppressed: false,
      unsubscribed: false,
    });
    await db
      .prepare("INSERT INTO suppressions (email, reason, detail, at) VALUES (?, 'bounce', NULL, ?)")
      .bind(row.email, t0.toISOString())
      .run();
    expect((await inviteeEmail(db, row.meeting_id, row.email)).suppressed).toBe(true);
    expect((await inviteeEmail(db, "no-such-meeting", row.email)).row).toBeNull();
  });
});
