// The mail path through the Worker's queue handler and admin routes: what each
// SES answer does to the outbox, that nothing the mailer cannot confirm is
// resent without a person, and the admin surface that lets staff resend it.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../../src/outbox/row.ts";
import worker from "../../../workers/index.ts";
import { fakeMessages, scriptFake } from "../ses/context.ts";
import {
  cron,
  cronAndTakeFirst,
  deliver,
  RESPONSES_TAB,
  tab,
  worldPerTest,
} from "../support/index.ts";

const world = worldPerTest();

async function rowOf(message: OutboxMessage) {
  return env.DB.prepare("SELECT idempotency_key, state, attempts FROM outbox WHERE id = ?")
    .bind(message.outbox_id)
    .first<{ idempotency_key: string; state: string; attempts: number }>();
}

async function admin(path: string, init: RequestInit = {}, token = "test-admin-token-0123456789") {
  const ctx = createExecutionContext();
  return worker.fetch(
    // The handler's type wants an incoming request's cf properties; a test request has none.
    new Request(`https://liqaa.example.org${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
    }) as Request<unknown, IncomingRequestCfProperties>,
    world.env,
    ctx,
  );
}

/** A sync, then its first queued email delivered while the SES fake gives `answer`. */
async function firstSentWhenSesAnswers(answer: Parameters<typeof scriptFake>[0][number]) {
  const first = await cronAndTakeFirst(world);
  await scriptFake([answer]);
  const result = await deliver(world, [first]);
  return { first, result };
}

describe("the mail queue consumer", () => {
  it("marks an email unconfirmed when SES accepted it and never answered, and does not resend it on redelivery", async () => {
    const { first, result } = await firstSentWhenSesAnswers("accept-then-hang");
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect((await rowOf(first))?.state).toBe("unconfirmed");

    await deliver(world, [first]);
    expect(await fakeMessages()).toHaveLength(1);
    expect((await rowOf(first))?.state).toBe("unconfirmed");
  }, 40_000);

  it("shows an unconfirmed email in the Responses tab so staff can resend it", async () => {
    await firstSentWhenSesAnswers("accept-then-hang");
    await cron(world);
    const responses = await tab(world, RESPONSES_TAB);
    expect(responses.filter((row) => row.some((c) => c.startsWith("غير مؤكد")))).toHaveLength(1);
  }, 40_000);

  it("sends an unconfirmed email again, once, when staff resend it", async () => {
    const { first } = await firstSentWhenSesAnswers("accept-then-hang");
    const key = (await rowOf(first))?.idempotency_key ?? "";

    const response = await admin(`/admin/outbox/${encodeURIComponent(key)}/resend`, {
      method: "POST",
    });
    expect(response.status).toBe(200);
    const again = world.queue.take();
    expect(again).toEqual([first]);
    await deliver(world, again);
    await deliver(world, again);
    expect(await fakeMessages()).toHaveLength(2);
    expect((await rowOf(first))?.state).toBe("sent");
  }, 40_000);

  it("retries a throttled email later, with backoff, and sends nothing meanwhile", async () => {
    const { first, result } = await firstSentWhenSesAnswers("throttle");
    expect(result.retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect((await rowOf(first))?.state).toBe("failed_transient");
    const due = await env.DB.prepare("SELECT next_attempt_at FROM outbox WHERE id = ?")
      .bind(first.outbox_id)
      .first<string>("next_attempt_at");
    expect(Date.parse(due ?? "") - Date.now()).toBeGreaterThan(50_000);
    // Delivered again before its time, it finds nothing due: no send, no second attempt.
    await deliver(world, [first]);
    expect(await fakeMessages()).toHaveLength(0);
    expect((await rowOf(first))?.attempts).toBe(1);
  });

  it("records a rejected email as rejected and does not retry it", async () => {
    const { first, result } = await firstSentWhenSesAnswers("reject");
    expect(result.retryMessages).toEqual([]);
    expect((await rowOf(first))?.state).toBe("rejected");
  });

  it("marks a dead-lettered message's email dead, for staff to see", async () => {
    const first = await cronAndTakeFirst(world);
    const batch = createMessageBatch<OutboxMessage>("liqaa-mail-dlq", [
      { id: "dlq-0", timestamp: new Date(), attempts: 1, body: first },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, world.env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["dlq-0"]);
    expect((await rowOf(first))?.state).toBe("dead");
  });
});

describe("the admin routes", () => {
  it("refuse a request without the admin token", async () => {
    const response = await admin("/admin/sync", { method: "POST" }, "not-the-token-at-all");
    expect(response.status).toBe(401);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM sync_runs").first("n")).toBe(0);
  });

  it("run the same sync on demand and answer its summary", async () => {
    const response = await admin("/admin/sync", { method: "POST" });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { outcome: string; counts: { planned: number } };
    expect(summary.outcome).toBe("ok");
    expect(summary.counts.planned).toBe(world.queue.take().length);
  });

  it("list the last runs, newest first", async () => {
    await cron(world);
    await cron(world);
    const response = await admin("/admin/runs");
    const { runs } = (await response.json()) as { runs: { outcome: string }[] };
    expect(runs.map((r) => r.outcome)).toEqual(["ok", "ok"]);
  });

  it("answer 404 when asked to resend an email that was sent", async () => {
    await cron(world);
    const messages = world.queue.take();
    await deliver(world, messages);
    const key = (await rowOf(messages[0] as OutboxMessage))?.idempotency_key ?? "";
    const response = await admin(`/admin/outbox/${encodeURIComponent(key)}/resend`, {
      method: "POST",
    });
    expect(response.status).toBe(404);
    expect(await fakeMessages()).toHaveLength(messages.length);
  });

  it("serve the feed the sync published from the same Worker", async () => {
    await cron(world);
    const response = await admin("/feed.json", {}, "");
    expect(response.status).toBe(200);
    const feed = (await response.json()) as { items: { id: string }[] };
    expect(feed.items.map((i) => i.id)).toContain("2027-03-10-ocha-briefing");
    expect(JSON.stringify(feed)).not.toContain("@example.org");
  });
});
