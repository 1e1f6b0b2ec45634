// Stopping queued mail (src/outbox/stop.ts): only rows still to go, only the
// kinds asked for, with a typed reason and the words people read.
import { beforeEach, describe, expect, it } from "vitest";
import { claim } from "../../../src/outbox/send.ts";
import { stopQueuedMail } from "../../../src/outbox/stop.ts";
import { db, reset, rows, seed, t0 } from "./helpers.ts";

beforeEach(reset);

describe("stopping queued mail", () => {
  it("rejects the address's waiting rows of the kinds asked for, with a typed reason", async () => {
    const [amal] = await seed();
    const email = amal?.email ?? "";
    expect(
      await stopQueuedMail(db, {
        email: email.toUpperCase(),
        reason: "unsubscribed",
        detail: "reminder",
        at: t0,
        kinds: ["reminder"],
      }),
    ).toBe(0);
    expect(
      await stopQueuedMail(db, { email, reason: "suppressed", detail: "bounce", at: t0 }),
    ).toBe(1);
    expect((await rows()).map((r) => [r.email, r.state, r.stop_reason, r.last_error])).toEqual([
      [email, "rejected", "suppressed", "suppressed: bounce"],
      ["bilal@ngo.example", "pending", null, null],
    ]);
  });

  it("leaves a row in flight to the mailer", async () => {
    const [amal] = await seed();
    await claim(db, amal?.id ?? -1, "c1", t0);
    expect(
      await stopQueuedMail(db, {
        email: amal?.email ?? "",
        reason: "suppressed",
        detail: "complaint",
        at: t0,
      }),
    ).toBe(0);
    expect((await rows())[0]).toMatchObject({ state: "claimed", stop_reason: null });
  });
});
