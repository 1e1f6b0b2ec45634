// What the Responses tab shows staff for an invitee nothing could be sent to:
// a suppressed address says why, and a dead invitation stays listed after a
// later email to the same invitee went.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { RESPONSES_COLUMNS } from "../../../src/sheet/contract.ts";
import { cron, deliver, RESPONSES_TAB, tab, worldPerTest } from "../support/index.ts";

const world = worldPerTest();

const responsesCol = (key: string) => RESPONSES_COLUMNS.findIndex((c) => c.key === key);

it("lists a suppressed invitee in Responses with why nothing was sent", async () => {
  await env.DB.prepare(
    "INSERT INTO suppressions (email, reason, detail, at) VALUES ('aleppo.network@example.org', 'bounce', NULL, ?)",
  )
    .bind(new Date().toISOString())
    .run();
  await cron(world);

  const lines = (await tab(world, RESPONSES_TAB)).slice(1);
  const mine = lines.filter((l) => l[responsesCol("email")] === "aleppo.network@example.org");
  expect(mine.length).toBeGreaterThan(0);
  expect(mine.every((l) => l[responsesCol("delivery")]?.startsWith("لم يُرسل"))).toBe(true);
});

it("keeps a dead invitation in Responses after a later email to the same invitee went", async () => {
  await cron(world);
  await deliver(world, world.queue.take());
  const first = await env.DB.prepare(
    "SELECT id, meeting_id, email FROM outbox WHERE kind = 'invite' ORDER BY id LIMIT 1",
  ).first<{ id: number; meeting_id: string; email: string }>();
  if (!first) throw new Error("no invitation was planned");
  await env.DB.prepare("UPDATE outbox SET state = 'dead' WHERE id = ?").bind(first.id).run();
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state, created_at, updated_at)
     VALUES (?, ?, ?, 'update', 1, 'ar', 'sent', ?, ?)`,
  )
    .bind(`${first.meeting_id}|${first.email}|update|1`, first.meeting_id, first.email, now, now)
    .run();
  await cron(world);

  const lines = (await tab(world, RESPONSES_TAB))
    .slice(1)
    .filter(
      (l) =>
        l[responsesCol("meeting_id")] === first.meeting_id &&
        l[responsesCol("email")] === first.email,
    );
  expect(lines.map((l) => l[responsesCol("delivery")])).toEqual(["فشل الإرسال", "أُرسل"]);
});
