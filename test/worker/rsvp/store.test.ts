// recordAnswer: one answer per invitation, the latest wins, and the history of
// answers is bounded however often a link is replayed.
import { env } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { HISTORY_KEPT, recordAnswer } from "../../../src/rsvp/store.ts";

const at = (minutes: number) => new Date(Date.UTC(2027, 0, 1, 9, minutes));

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM rsvps"),
    env.DB.prepare("DELETE FROM invitations"),
    env.DB.prepare("DELETE FROM outbox"),
    env.DB.prepare(
      "INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at) VALUES ('M-1', 'huda@example.org', 'ar', 1, 'invite', '2027-01-01T00:00:00Z')",
    ),
  ]);
});

const answer = { meeting_id: "M-1", email: "Huda@Example.org", response: "accepted" as const };

it("keeps the latest HISTORY_KEPT answers of one invitation however often one is replayed", async () => {
  for (let i = 0; i < HISTORY_KEPT + 15; i++) {
    await recordAnswer(env.DB, { ...answer, source: "link", at: at(i) });
  }
  const { results } = await env.DB.prepare("SELECT at FROM rsvps ORDER BY id").all<{
    at: string;
  }>();
  expect(results).toHaveLength(HISTORY_KEPT);
  expect(results.at(-1)?.at).toBe(at(HISTORY_KEPT + 14).toISOString());
});

it("takes a calendar reply only if it is not older than the answer recorded nor for an older SEQUENCE", async () => {
  expect(await recordAnswer(env.DB, { ...answer, source: "link", at: at(10) })).toBe("recorded");
  const older = { ...answer, response: "declined" as const, source: "calendar" as const };
  expect(await recordAnswer(env.DB, { ...older, at: at(5), sequence: 1 })).toBe("history");
  expect(await recordAnswer(env.DB, { ...older, at: at(20), sequence: 0 })).toBe("history");
  expect(await recordAnswer(env.DB, { ...older, at: at(20), sequence: 1 })).toBe("recorded");
  expect(await env.DB.prepare("SELECT response, response_source FROM invitations").first()).toEqual(
    { response: "declined", response_source: "calendar" },
  );
  expect(
    await recordAnswer(env.DB, { ...answer, meeting_id: "M-2", source: "link", at: at(30) }),
  ).toBe("missing");
});

it("takes a calendar reply to the version the invitee holds while the update planned after it has not gone", async () => {
  const row = (kind: string, sequence: number, state: string) =>
    env.DB.prepare(
      `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state, created_at, updated_at)
       VALUES (?, 'M-1', 'huda@example.org', ?, ?, 'ar', ?, '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')`,
    ).bind(`M-1|huda@example.org|${kind}|${sequence}`, kind, sequence, state);
  // Invited at SEQUENCE 0 (sent); the update to SEQUENCE 1 is planned, still in the queue.
  await env.DB.batch([row("invite", 0, "sent"), row("update", 1, "pending")]);
  const reply = { ...answer, source: "calendar" as const };
  expect(await recordAnswer(env.DB, { ...reply, at: at(1), sequence: 0 })).toBe("recorded");
  // Once the update went, an answer to SEQUENCE 0 answers a version the invitee no longer holds.
  await env.DB.prepare("UPDATE outbox SET state = 'sent' WHERE kind = 'update'").run();
  const later = { ...reply, response: "declined" as const, at: at(2) };
  expect(await recordAnswer(env.DB, { ...later, sequence: 0 })).toBe("history");
  expect(await recordAnswer(env.DB, { ...later, sequence: 1 })).toBe("recorded");
});
