// A sync that plans more than a thousand emails (one meeting inviting a group of
// 1,100 generated contacts): every email is recorded, prepared for composing,
// queued and sendable in one run, in chunked statements, not one statement per
// email, to stay inside D1's per-invocation query limit; the mailer renders each.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { fakeMessages } from "../ses/context.ts";
import { cron, deliver, MEETINGS_TAB, tab, type World, worldPerTest } from "../support/index.ts";

const CONTACTS_TAB = "جهات الاتصال";
const GROUP = "قائمة كبيرة";
const MANY = 1100;

const world = worldPerTest();

async function inviteManyToRow11(w: World): Promise<void> {
  const contacts = await tab(w, CONTACTS_TAB);
  const generated = Array.from({ length: MANY }, (_, i) => [
    `منظمة ${i}`,
    `شخص ${i}`,
    `member${i}@example.net`,
    i % 3 === 0 ? "en" : "ar",
    GROUP,
    "نعم",
  ]);
  const [headers = []] = await tab(w, MEETINGS_TAB);
  const invite = headers.indexOf("المدعوون");
  const written = await w.staff.batchUpdate([
    {
      range: a1Range(CONTACTS_TAB, `A${contacts.length + 1}:F${contacts.length + MANY}`),
      values: generated,
    },
    { range: a1Range(MEETINGS_TAB, `${columnLetter(invite)}11`), values: [[GROUP]] },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

describe("a sync that plans thousands of emails", () => {
  it("records and queues every one of more than a thousand emails in one run, rendering none of them", async () => {
    await inviteManyToRow11(world);
    const run = await cron(world);
    expect(run.outcome).toBe("ok");
    const planned = run.counts?.planned ?? 0;
    expect(planned).toBeGreaterThan(MANY);
    expect(run.counts).toMatchObject({ recorded: planned, composed: planned, enqueued: planned });
    // The cron stored what rendering needs; the mailer renders each email.
    const awaiting = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM outbox WHERE raw IS NULL AND input_snapshot IS NOT NULL",
    ).first<number>("n");
    expect(awaiting).toBe(planned);
    const queued = world.queue.take();
    expect(queued).toHaveLength(planned);

    await deliver(world, queued.slice(0, 10));
    const sent = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM outbox WHERE raw IS NOT NULL AND state = 'sent'",
    ).first<number>("n");
    expect(sent).toBe(10);
    expect(await fakeMessages()).toHaveLength(10);
  }, 120_000);

  it("sends the composed bytes of a generated contact's invitation", async () => {
    await inviteManyToRow11(world);
    await cron(world);
    const id = await env.DB.prepare("SELECT id FROM outbox WHERE email = ?")
      .bind("member1099@example.net")
      .first<number>("id");
    world.queue.take();
    await deliver(world, [{ outbox_id: id ?? -1 }]);
    const [sent] = await fakeMessages();
    expect(sent?.to).toEqual(["member1099@example.net"]);
    expect(sent?.raw).toMatch(/^Content-Type: text\/calendar;.*method=REQUEST/im);
  }, 120_000);
});
