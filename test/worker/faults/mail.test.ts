// Faults on the mail path: SES throttling, rejecting, failing and
// hanging after it accepted; the queue redelivering out of order; crons
// overlapping the consumer; a Worker dying with a claim in hand; D1 refusing a
// write. Each test breaks one thing, drives the world until it is quiet, and
// ends with the one invariant: nothing lost, nothing repeated.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { claim, markSending } from "../../../src/outbox/send.ts";
import { scriptFake } from "../ses/context.ts";
import { cron, injectFault, setCell, tick } from "../support/index.ts";
import { faultyD1 } from "./faulty-d1.ts";
import { baselinePlan, faultWorldPerTest } from "./helpers.ts";
import {
  assertNothingLostNothingRepeated,
  drainQueue,
  outboxRows,
  passTime,
  quiesce,
} from "./invariant.ts";

const world = faultWorldPerTest();

const statesOf = async () => {
  const counts: Record<string, number> = {};
  for (const row of await outboxRows()) counts[row.state] = (counts[row.state] ?? 0) + 1;
  return counts;
};

/** Nothing lost or repeated, and every planned email sent. */
async function expectEverySentOnce() {
  const planned = await baselinePlan();
  await assertNothingLostNothingRepeated(world, planned);
  expect(await statesOf()).toEqual({ sent: planned.length });
}

/** Nothing lost or repeated, one email unconfirmed, and SES holding every planned email once. */
async function expectOneUnconfirmedHeldOnce() {
  const planned = await baselinePlan();
  const ledger = await assertNothingLostNothingRepeated(world, planned);
  expect(await statesOf()).toEqual({ sent: planned.length - 1, unconfirmed: 1 });
  expect(ledger.messages).toHaveLength(planned.length);
}

describe("SES faults", () => {
  it("sends every email once when SES throttles and then accepts", async () => {
    await scriptFake(["throttle", "throttle", "throttle"]);
    await quiesce(world);
    const planned = await baselinePlan();
    const ledger = await assertNothingLostNothingRepeated(world, planned);
    expect(await statesOf()).toEqual({ sent: planned.length });
    expect(ledger.messages).toHaveLength(planned.length);
  }, 120_000);

  it("sends every email once when SES fails with a 5xx and then accepts", async () => {
    await scriptFake(["5xx", "5xx"]);
    await quiesce(world);
    await expectEverySentOnce();
  }, 120_000);

  it("shows a rejected email as rejected and sends the others once", async () => {
    await scriptFake(["reject"]);
    await quiesce(world);
    const planned = await baselinePlan();
    const ledger = await assertNothingLostNothingRepeated(world, planned);
    expect(await statesOf()).toEqual({ sent: planned.length - 1, rejected: 1 });
    expect(ledger.messages).toHaveLength(planned.length - 1);
  }, 120_000);

  it("marks an email dead and shows it once SES has throttled it five times", async () => {
    await cron(world);
    const [first, ...rest] = world.queue.take();
    if (!first) throw new Error("nothing was enqueued");
    await scriptFake(["throttle", "throttle", "throttle", "throttle", "throttle"]);
    await drainQueue(world, [first]);
    await drainQueue(world, rest);
    await quiesce(world);
    const planned = await baselinePlan();
    await assertNothingLostNothingRepeated(world, planned);
    expect(await statesOf()).toEqual({ sent: planned.length - 1, dead: 1 });
  }, 120_000);

  it("leaves an email SES accepted without answering unconfirmed, shown, and never resent", async () => {
    await scriptFake(["accept-then-hang"]);
    await quiesce(world);
    // More syncs and a redelivery of every message change nothing.
    await drainQueue(
      world,
      (await outboxRows()).map((r) => ({ outbox_id: r.id })),
    );
    await quiesce(world);
    // SES holds the unconfirmed one exactly once: it was accepted, and not sent again.
    await expectOneUnconfirmedHeldOnce();
  }, 120_000);
});

describe("queue and cron faults", () => {
  it("sends an invitation and its update once each when the queue delivers both twice, older after newer", async () => {
    await cron(world);
    const invites = world.queue.take();
    await setCell(world, 11, "البداية", "10:30");
    const run = await cron(world);
    const updates = world.queue.take();
    expect(updates).toHaveLength(run.counts?.planned ?? -1);
    expect(updates.length).toBeGreaterThan(0);

    await drainQueue(world, [...updates].reverse());
    await drainQueue(world, invites);
    await drainQueue(world, [...updates, ...invites]);
    await quiesce(world);

    const ledger = await assertNothingLostNothingRepeated(world, await baselinePlan());
    const rows = ledger.rows.filter((r) => r.meeting_id === "2027-03-10-ocha-briefing");
    // Every invitee of the edited meeting got its invitation and its update, once each.
    const invited = rows.filter((r) => r.kind === "invite").length;
    expect(invited).toBeGreaterThan(0);
    expect(rows.filter((r) => r.kind === "update")).toHaveLength(invited);
    for (const row of rows) expect(ledger.copies.get(row.idempotency_key)).toBe(1);
  }, 120_000);

  it("sends once when two cron runs overlap each other and the mail consumer", async () => {
    await cron(world);
    const invites = world.queue.take();
    await setCell(world, 11, "البداية", "10:30");
    // Both runs' reads are held until both have asked; the consumer works meanwhile.
    await injectFault({ hangMs: 400, count: 4 });
    await Promise.all([tick(world), tick(world), drainQueue(world, invites)]);
    await quiesce(world);
    const ledger = await assertNothingLostNothingRepeated(world, await baselinePlan());
    const updates = ledger.rows.filter((r) => r.kind === "update");
    expect(updates.length).toBeGreaterThan(0);
    for (const row of ledger.rows)
      expect(ledger.copies.get(row.idempotency_key), row.idempotency_key).toBe(1);
  }, 120_000);

  it("sends once an email whose worker died holding its claim, after the stale-claim sweep", async () => {
    await cron(world);
    // The batch is abandoned: its messages are never delivered, and the worker
    // that took the first row died before it reached SES.
    const [first, second] = world.queue.take();
    if (!first || !second) throw new Error("too little was enqueued");
    const taken = await claim(env.DB, first.outbox_id, "worker-that-died", new Date());
    expect(taken.type).toBe("claimed");
    // The second one's worker died after the request to SES went out: it may have gone.
    expect((await claim(env.DB, second.outbox_id, "worker-that-died-later", new Date())).type).toBe(
      "claimed",
    );
    expect(await markSending(env.DB, second.outbox_id, "worker-that-died-later", new Date())).toBe(
      true,
    );

    // Past the claim lease and the re-enqueue delay: the next sync recovers both.
    await passTime(16);
    await quiesce(world);
    const planned = await baselinePlan();
    const ledger = await assertNothingLostNothingRepeated(world, planned);
    const byId = new Map(ledger.rows.map((r) => [r.id, r]));
    expect(byId.get(first.outbox_id)?.state).toBe("sent");
    expect(byId.get(second.outbox_id)?.state).toBe("unconfirmed");
    expect(await statesOf()).toEqual({ sent: planned.length - 1, unconfirmed: 1 });
  }, 120_000);
});

describe("D1 faults", () => {
  it("records the whole plan on the next sync when D1 refuses the plan's write once", async () => {
    const d1 = faultyD1(env.DB, /INSERT INTO outbox/);
    world.env = { ...world.env, DB: d1.db };
    await expect(tick(world)).rejects.toThrow(/injected fault/);
    expect(d1.refused()).toBe(1);
    // All or nothing: the refused batch left no outbox row behind.
    expect(await outboxRows()).toEqual([]);
    expect(world.queue.take()).toEqual([]);

    await quiesce(world);
    await expectEverySentOnce();
  }, 120_000);

  it("leaves an email unconfirmed and unsent again when D1 refuses to record that SES took it", async () => {
    const d1 = faultyD1(env.DB, /ses_message_id = COALESCE/);
    world.env = { ...world.env, DB: d1.db };
    await quiesce(world);
    expect(d1.refused()).toBe(1);
    // SES did take it, once; the sweep could not know, so a person decides.
    await expectOneUnconfirmedHeldOnce();
  }, 120_000);
});

describe("the invariant itself", () => {
  it("catches an email that went to SES twice without a staff resend", async () => {
    await quiesce(world);
    const [first] = await outboxRows();
    if (!first) throw new Error("nothing was planned");
    // Forge the double send the outbox exists to prevent.
    await env.DB.prepare("UPDATE outbox SET state = 'pending', claim_id = NULL WHERE id = ?")
      .bind(first.id)
      .run();
    await drainQueue(world, [{ outbox_id: first.id }]);
    await expect(assertNothingLostNothingRepeated(world)).rejects.toThrow(first.idempotency_key);
  }, 120_000);

  it("catches a planned email with no outbox row", async () => {
    await quiesce(world);
    const [first] = await outboxRows();
    if (!first) throw new Error("nothing was planned");
    await env.DB.prepare("DELETE FROM outbox WHERE id = ?").bind(first.id).run();
    await expect(assertNothingLostNothingRepeated(world, await baselinePlan())).rejects.toThrow(
      /planned emails with no outbox row|no outbox row planned/,
    );
  }, 120_000);
});
