// Putting emails into the outbox (src/outbox/insert.ts): once per key, in the
// order given, composed or awaiting their message, in statements of about a
// megabyte however many there are.
import { beforeEach, describe, expect, it } from "vitest";
import {
  attachMessages,
  insertAwaitingCompose,
  insertComposed,
  insertedCount,
  jsonChunks,
  type NewEmail,
} from "../../../src/outbox/insert.ts";
import { db, reset, rows, t0 } from "./helpers.ts";

beforeEach(reset);

const email = (n: number): NewEmail => ({
  key: `m1|p${n}@x.example|invite|0`,
  meeting_id: "m1",
  email: `p${n}@x.example`,
  kind: "invite",
  sequence: 0,
  language: n % 2 === 0 ? "ar" : "en",
});

describe("inserting into the outbox", () => {
  it("stores a composed email with its bytes, pending, once per key", async () => {
    const digest = {
      ...email(1),
      key: "digest|s@x.example|1|h",
      meeting_id: "",
      kind: "digest" as const,
      sequence: 1,
      raw: "Subject: digest",
      from: "liqaa@x.example",
    };
    const opts = { runId: "run-1", now: t0 };
    expect(insertedCount(await db.batch(insertComposed(db, [digest], opts)))).toBe(1);
    expect(insertedCount(await db.batch(insertComposed(db, [digest], opts)))).toBe(0);
    expect(await rows()).toMatchObject([
      {
        idempotency_key: "digest|s@x.example|1|h",
        meeting_id: "",
        kind: "digest",
        sequence: 1,
        state: "pending",
        run_id: "run-1",
        created_at: t0.toISOString(),
      },
    ]);
    const stored = await db.prepare("SELECT raw, mail_from FROM outbox").first();
    expect(stored).toEqual({ raw: "Subject: digest", mail_from: "liqaa@x.example" });
  });

  it("records a plan's emails in the order given and attaches their bytes once", async () => {
    const emails = [3, 1, 2].map(email);
    await db.batch(insertAwaitingCompose(db, emails, { runId: "r", now: t0 }));
    const recorded = await rows();
    expect(recorded.map((r) => r.email)).toEqual(emails.map((e) => e.email));
    expect(recorded.map((r) => r.language)).toEqual(["en", "en", "ar"]);
    const [first] = recorded;
    await db.batch(attachMessages(db, [{ id: first?.id ?? -1, raw: "A", from: "f" }], t0));
    await db.batch(attachMessages(db, [{ id: first?.id ?? -1, raw: "B", from: "f" }], t0));
    const { results } = await db
      .prepare("SELECT raw FROM outbox ORDER BY id")
      .all<{ raw: string | null }>();
    expect(results.map((r) => r.raw)).toEqual(["A", null, null]);
  });

  it("keeps each statement's JSON near a megabyte, whatever the number of rows", () => {
    const big = "x".repeat(300_000);
    const chunks = jsonChunks([1, 2, 3, 4, 5].map((n) => ({ n, big })));
    expect(chunks).toHaveLength(2);
    expect(chunks.every((c) => c.length < 1_000_100)).toBe(true);
    expect(chunks.flatMap((c) => JSON.parse(c) as { n: number }[]).map((r) => r.n)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(jsonChunks([])).toEqual([]);
  });
});
