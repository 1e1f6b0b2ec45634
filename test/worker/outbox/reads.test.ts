// What other modules read of the outbox (src/outbox/reads.ts): the plan's keys,
// rows awaiting their message, the mailer's payload, the Responses tab's rows
// and the Sync log's unsent digests.
import { beforeEach, describe, expect, it } from "vitest";
import { insertComposed } from "../../../src/outbox/insert.ts";
import {
  awaitingCompose,
  idempotencyKeys,
  payload,
  responseRows,
  unsentDigestRows,
} from "../../../src/outbox/reads.ts";
import { claim, recordOutcome } from "../../../src/outbox/send.ts";
import { stopQueuedMail } from "../../../src/outbox/stop.ts";
import { recordDeliveryEvent } from "../../../src/sync/store.ts";
import { composeAll, db, later, MINUTE, reset, seed, t0 } from "./helpers.ts";

beforeEach(reset);

const digest = (email: string) => ({
  key: `digest|${email}|1|h`,
  meeting_id: "",
  email,
  kind: "digest" as const,
  sequence: 1,
  language: "ar" as const,
  raw: "Subject: digest",
  from: "liqaa@x.example",
});

describe("reading the outbox", () => {
  it("gives the plan every key and the composer only the rows without a message", async () => {
    const seeded = await seed();
    const keys = await idempotencyKeys(db).all<{ idempotency_key: string }>();
    expect(keys.results.map((r) => r.idempotency_key)).toEqual(
      seeded.map((r) => r.idempotency_key),
    );
    expect((await awaitingCompose(db)).map((r) => r.id)).toEqual(seeded.map((r) => r.id));
    await composeAll();
    expect(await awaitingCompose(db)).toEqual([]);
  });

  it("tells the mailer whether a row has its message, awaits it, is finished or is gone", async () => {
    const [first, second] = await seed();
    expect(await payload(db, first?.id ?? -1)).toEqual({ type: "awaiting_compose" });
    expect(await payload(db, 999_999)).toEqual({ type: "missing" });
    await composeAll();
    expect(await payload(db, first?.id ?? -1)).toEqual({
      type: "composed",
      raw: "Subject: test",
      from: "liqaa@example.org",
      email: first?.email,
    });
    await db
      .prepare("UPDATE outbox SET raw = NULL, state = 'sent' WHERE id = ?")
      .bind(second?.id)
      .run();
    expect(await payload(db, second?.id ?? -1)).toEqual({ type: "finished" });
  });

  it("gives each invitation its latest email and that message's last SES event", async () => {
    const [first] = await seed();
    await claim(db, first?.id ?? -1, "c1", t0);
    await recordOutcome(db, first?.id ?? -1, "c1", { type: "sent", sesMessageId: "ses-1" }, t0);
    await recordDeliveryEvent(db, {
      ses_message_id: "ses-1",
      email: first?.email ?? "",
      event: "bounce",
      permanent: true,
      detail: null,
      at: t0,
    });
    const [latest, unsent] = await responseRows(db);
    expect(latest.results).toMatchObject([
      { email: "amal@ngo.example", kind: "invite", state: "sent", event: "bounce" },
      { email: "bilal@ngo.example", kind: "invite", state: "pending", event: null },
    ]);
    expect(unsent.results).toEqual([]);
  });

  it("lists digests that ended unsent lately, but not one the address unsubscribed from", async () => {
    await db.batch(
      insertComposed(db, ["a@x.example", "b@x.example", "c@x.example"].map(digest), {
        runId: "r",
        now: t0,
      }),
    );
    await stopQueuedMail(db, {
      email: "a@x.example",
      reason: "unsubscribed",
      detail: "digest",
      at: t0,
    });
    await stopQueuedMail(db, {
      email: "b@x.example",
      reason: "suppressed",
      detail: "bounce",
      at: t0,
    });
    expect(await unsentDigestRows(db, later(-MINUTE))).toEqual({
      results: [{ email: "b@x.example", state: "rejected", last_error: "suppressed: bounce" }],
    });
    expect(await unsentDigestRows(db, later(MINUTE))).toEqual({ results: [] });
  });
});
