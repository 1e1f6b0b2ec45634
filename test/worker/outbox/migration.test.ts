// Migration 0005 on a D1 that ran 0001–0004 and holds what the code before it
// wrote: every outbox row, invitation and RSVP is still there afterwards, a
// stopped row's reason is read back from its last_error, and each row that
// was still to go is sent exactly once (one claim wins, the next is refused).
import { applyD1Migrations, type D1Migration, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { claim } from "../../../src/outbox/send.ts";
import { recordDeliveryEvent } from "../../../src/sync/store.ts";

const testEnv = env as unknown as { DB: D1Database; TEST_MIGRATIONS: D1Migration[] };
const db = testEnv.DB;
const before = testEnv.TEST_MIGRATIONS.filter((m) => m.name < "0005");
const after = testEnv.TEST_MIGRATIONS.filter((m) => m.name >= "0005");

const at = "2026-11-30T09:00:00.000Z";
const now = new Date("2026-12-01T09:00:00Z");

/** The setup file migrated this D1 fully: start again from nothing. */
async function emptyDatabase(): Promise<void> {
  const { results } = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    )
    .all<{ name: string }>();
  if (results.length > 0) {
    await db.batch(results.map((t) => db.prepare(`DROP TABLE "${t.name}"`)));
  }
}

const OLD_COLUMNS = `id, idempotency_key, meeting_id, email, kind, sequence, language, state, attempts,
  resends, next_attempt_at, enqueued_at, claim_id, claimed_at, sending_at, ses_message_id,
  last_error, run_id, created_at, updated_at, raw, mail_from`;

/** Outbox rows in every state, as recordPlan, composePending, queueDigest, the mailer and the stop paths wrote them. */
const OUTBOX: [string, string, string, number, string, string | null, string | null][] = [
  // key parts: meeting, email, kind, sequence; state; last_error; raw
  ["m1", "amal@ngo.example", "invite", 0, "pending", null, "Subject: invite amal"],
  ["m1", "bilal@ngo.example", "invite", 0, "pending", null, null],
  ["m1", "chadi@ngo.example", "invite", 0, "claimed", null, "Subject: invite chadi"],
  ["m1", "dana@ngo.example", "invite", 0, "sent", null, "Subject: invite dana"],
  [
    "m1",
    "eyad@ngo.example",
    "update",
    1,
    "failed_transient",
    "Throttling: slow down",
    "Subject: u",
  ],
  ["m1", "fadi@ngo.example", "update", 1, "dead", "503; dead-lettered by the mail queue", "S: u"],
  ["m1", "ghada@ngo.example", "cancel", 1, "unconfirmed", "timeout", "Subject: cancel"],
  ["m1", "hiba@ngo.example", "reminder", 0, "rejected", "unsubscribed: reminder", "S: r"],
  ["m1", "iman@ngo.example", "summary", 0, "rejected", "suppressed: bounce", "S: s"],
  ["m1", "jad@ngo.example", "invite", 0, "rejected", "MessageRejected: bad address", "S: i"],
  ["", "staff@network.example", "digest", 1, "pending", null, "Subject: digest"],
  ["", "boss@network.example", "digest", 1, "rejected", "unsubscribed: digest", "S: d"],
];

async function fillAsBefore(): Promise<void> {
  const statements = OUTBOX.map(([meeting, email, kind, sequence, state, error, raw], i) =>
    db
      .prepare(
        `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state,
           attempts, claim_id, claimed_at, sending_at, ses_message_id, last_error, run_id,
           created_at, updated_at, raw, mail_from, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'ar', ?6, ?7, ?8, ?9, ?9, ?10, ?11, 'run-old', ?12, ?12, ?13, ?14, ?15)`,
      )
      .bind(
        kind === "digest"
          ? `digest|${email}|${sequence}|hash`
          : `${meeting}|${email}|${kind}|${sequence}`,
        meeting,
        email,
        kind,
        sequence,
        state,
        state === "pending" ? 0 : 1,
        state === "claimed" ? "claim-old" : null,
        state === "claimed" ? at : null,
        state === "sent" ? `ses-${i}` : null,
        error,
        at,
        raw,
        raw === null ? null : "liqaa@network.example",
        state === "failed_transient" ? at : null,
      ),
  );
  await db.batch([
    ...statements,
    db.prepare(
      `INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at)
       VALUES ('m1', 'fp', 1, 'scheduled', '2026-12-10T07:00:00.000Z', '${at}')`,
    ),
    db.prepare(
      `INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, response, responded_at, updated_at) VALUES
       ('m1', 'amal@ngo.example', 'ar', 0, 'invite', 'accepted', '${at}', '${at}'),
       ('m1', 'dana@ngo.example', 'en', 1, 'update', 'declined', '${at}', '${at}'),
       ('m1', 'ghada@ngo.example', 'ar', 1, 'cancel', NULL, NULL, '${at}')`,
    ),
    db.prepare(
      `INSERT INTO rsvps (meeting_id, email, response, at) VALUES
       ('m1', 'amal@ngo.example', 'tentative', '${at}'),
       ('m1', 'amal@ngo.example', 'accepted', '${at}'),
       ('m1', 'dana@ngo.example', 'declined', '${at}')`,
    ),
    // The same SNS event twice: the check-then-insert could let a copy in.
    db.prepare(
      `INSERT INTO deliveries (ses_message_id, email, event, permanent, detail, at) VALUES
       ('ses-3', 'dana@ngo.example', 'delivery', 0, NULL, '${at}'),
       ('ses-9', 'iman@ngo.example', 'bounce', 1, 'mailbox gone', '${at}'),
       ('ses-9', 'iman@ngo.example', 'bounce', 1, 'mailbox gone', '${at}'),
       (NULL, 'kamal@ngo.example', 'complaint', 0, NULL, '${at}')`,
    ),
    db.prepare(
      `INSERT INTO suppressions (email, reason, detail, at) VALUES
       ('iman@ngo.example', 'bounce', 'mailbox gone', '${at}'),
       ('kamal@ngo.example', 'complaint', NULL, '${at}')`,
    ),
    db.prepare(
      `INSERT INTO unsubscribes (email, kind, at) VALUES
       ('hiba@ngo.example', 'reminder', '${at}'), ('boss@network.example', 'digest', '${at}')`,
    ),
    db.prepare(
      `INSERT INTO sync_runs (id, started_at, finished_at, duration_ms, outcome, counts, problems) VALUES
       ('run-ok', '${at}', '${at}', 10, 'ok', '{}', '[]'),
       ('run-failed', '${at}', '${at}', 10, 'failed', '{}', '[{"kind":"forbidden","outcome":"write_failed"}]'),
       ('run-running', '${at}', NULL, NULL, 'running', NULL, NULL)`,
    ),
    db
      .prepare("INSERT INTO sync_meta (key, value, updated_at) VALUES ('digest:s', '{}', ?)")
      .bind(at),
  ]);
}

// The columns written before; 0010 adds each answer's source (then 'link', the only kind).
const INVITATION_COLUMNS =
  "meeting_id, email, language, sequence, last_kind, response, responded_at, updated_at";
const RSVP_COLUMNS = "id, meeting_id, email, response, at";

const all = async <T>(sql: string) => (await db.prepare(sql).all<T>()).results;

let outboxBefore: unknown[];
let invitationsBefore: unknown[];
let rsvpsBefore: unknown[];
let runsBefore: unknown[];

beforeAll(async () => {
  await emptyDatabase();
  await applyD1Migrations(db, before);
  await fillAsBefore();
  outboxBefore = await all(`SELECT ${OLD_COLUMNS} FROM outbox ORDER BY id`);
  invitationsBefore = await all(
    `SELECT ${INVITATION_COLUMNS} FROM invitations ORDER BY meeting_id, email`,
  );
  rsvpsBefore = await all(`SELECT ${RSVP_COLUMNS} FROM rsvps ORDER BY id`);
  runsBefore = await all("SELECT * FROM sync_runs ORDER BY id");
  expect(after.map((m) => m.name)).toContain("0005_generic_outbox.sql");
  await applyD1Migrations(db, after);
});

describe("migration 0005 on a database written before it", () => {
  it("keeps every outbox row as it was, ids included", async () => {
    expect(outboxBefore).toHaveLength(OUTBOX.length);
    expect(await all(`SELECT ${OLD_COLUMNS} FROM outbox ORDER BY id`)).toEqual(outboxBefore);
  });

  it("keeps every invitation, with its answer, and every RSVP, and every sync run", async () => {
    expect(invitationsBefore).toHaveLength(3);
    expect(
      await all(`SELECT ${INVITATION_COLUMNS} FROM invitations ORDER BY meeting_id, email`),
    ).toEqual(invitationsBefore);
    expect(rsvpsBefore).toHaveLength(3);
    expect(await all(`SELECT ${RSVP_COLUMNS} FROM rsvps ORDER BY id`)).toEqual(rsvpsBefore);
    expect(
      await all("SELECT DISTINCT response IS NULL AS unanswered, response_source FROM invitations"),
    ).toEqual(expect.arrayContaining([{ unanswered: 0, response_source: "link" }]));
    expect(await all("SELECT DISTINCT source, counted FROM rsvps")).toEqual([
      { source: "link", counted: 1 },
    ]);
    expect(await all("SELECT * FROM sync_runs ORDER BY id")).toEqual(runsBefore);
  });

  it("reads each stopped row's reason from its last_error, once", async () => {
    const stopped = await all<{ email: string; stop_reason: string | null }>(
      "SELECT email, stop_reason FROM outbox WHERE stop_reason IS NOT NULL ORDER BY id",
    );
    expect(stopped).toEqual([
      { email: "hiba@ngo.example", stop_reason: "unsubscribed" },
      { email: "iman@ngo.example", stop_reason: "suppressed" },
      { email: "boss@network.example", stop_reason: "unsubscribed" },
    ]);
  });

  it("sends each row that was still to go exactly once: one claim wins, the next is refused", async () => {
    const waiting = await all<{ id: number; email: string }>(
      "SELECT id, email FROM outbox WHERE state IN ('pending', 'failed_transient') ORDER BY id",
    );
    expect(waiting.map((r) => r.email)).toEqual([
      "amal@ngo.example",
      "bilal@ngo.example",
      "eyad@ngo.example",
      "staff@network.example",
    ]);
    for (const row of waiting) {
      const first = await claim(db, row.id, `a-${row.id}`, now);
      expect(first, row.email).toMatchObject({ type: "claimed", row: { id: row.id } });
      expect(await claim(db, row.id, `b-${row.id}`, now), row.email).toEqual({ type: "nothing" });
    }
    const finished = await all<{ id: number }>(
      "SELECT id FROM outbox WHERE state NOT IN ('pending', 'failed_transient', 'claimed')",
    );
    for (const row of finished) {
      expect(await claim(db, row.id, "late", now)).toEqual({ type: "nothing" });
    }
  });

  it("keeps one of each SNS event and ignores a copy with one insert", async () => {
    expect(await all("SELECT ses_message_id, email, event FROM deliveries ORDER BY id")).toEqual([
      { ses_message_id: "ses-3", email: "dana@ngo.example", event: "delivery" },
      { ses_message_id: "ses-9", email: "iman@ngo.example", event: "bounce" },
      { ses_message_id: null, email: "kamal@ngo.example", event: "complaint" },
    ]);
    const copy = {
      ses_message_id: null,
      email: "kamal@ngo.example",
      event: "complaint" as const,
      permanent: false,
      detail: null,
      at: now,
    };
    expect(await recordDeliveryEvent(db, copy)).toBe(false);
    expect(await recordDeliveryEvent(db, { ...copy, email: "lina@ngo.example" })).toBe(true);
  });

  it("takes a kind the schema never heard of, and a write_failed run", async () => {
    await db
      .prepare(
        `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, created_at, updated_at)
         VALUES ('x', '', 'a@b.example', 'newsletter', 0, 'en', ?1, ?1)`,
      )
      .bind(at)
      .run();
    await db
      .prepare("INSERT INTO sync_runs (id, started_at, outcome) VALUES ('w', ?, 'write_failed')")
      .bind(at)
      .run();
    expect(await all("SELECT kind FROM outbox WHERE idempotency_key = 'x'")).toEqual([
      { kind: "newsletter" },
    ]);
  });
});
