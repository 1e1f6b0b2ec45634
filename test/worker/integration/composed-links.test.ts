// What the composed emails carry that the Worker answers: a reminder's one-click
// List-Unsubscribe URL (POSTed back through the real Worker, it records the
// unsubscribe) and RSVP links that expire a day after the meeting ends.
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { verifyRsvp } from "../../../src/delivery/links.ts";
import worker from "../../../workers/index.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  cron,
  decodedParts,
  deliver,
  SETTINGS_TAB,
  setCell,
  type World,
  worldPerTest,
  writeCells,
} from "../support/index.ts";
import { sheetDate } from "./round-trips-helpers.ts";

const SECRET = "test-signing-secret-0123456789abcdef";

const world = worldPerTest();

async function syncAndDeliver(w: World) {
  const run = await cron(w);
  const queued = w.queue.take();
  if (queued.length > 0) await deliver(w, queued);
  return run;
}

/** The raw message SES got for the first outbox row of this kind. */
async function sentOfKind(kind: string) {
  const row = await env.DB.prepare(
    "SELECT email, ses_message_id FROM outbox WHERE kind = ? AND state = 'sent' ORDER BY id LIMIT 1",
  )
    .bind(kind)
    .first<{ email: string; ses_message_id: string }>();
  if (!row) throw new Error(`no ${kind} was sent`);
  const message = (await fakeMessages()).find((m) => m.id === row.ses_message_id);
  if (!message) throw new Error(`SES has no message ${row.ses_message_id}`);
  return { email: row.email, raw: message.raw };
}

describe("links in the composed emails", () => {
  it("a reminder carries one-click List-Unsubscribe, and POSTing it through the Worker unsubscribes that address from reminders", async () => {
    // The workshop (row 12) moves to ten days from now and is invited to.
    await setCell(world, 12, "التاريخ", sheetDate(10));
    await syncAndDeliver(world);
    await syncAndDeliver(world);
    // Its invitations are a month old, and reminders now go 30 days ahead.
    await env.DB.prepare("UPDATE invitations SET updated_at = ?")
      .bind(new Date(Date.now() - 31 * 86_400_000).toISOString())
      .run();
    await writeCells(world, SETTINGS_TAB, "B7", [["720"]]);
    const run = await syncAndDeliver(world);
    expect(run.outcome).toBe("ok");

    const { email, raw } = await sentOfKind("reminder");
    const url = /^List-Unsubscribe: <([^>]+)>\r$/m.exec(raw)?.[1];
    expect(url).toMatch(/^https:\/\/liqaa\.example\.org\/unsubscribe\//);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);

    const ctx = createExecutionContext();
    const response = await worker.fetch(
      // The handler's type wants an incoming request's cf properties; a test request has none.
      new Request(url ?? "", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }) as Request<unknown, IncomingRequestCfProperties>,
      world.env,
      ctx,
    );
    expect(response.status).toBe(200);
    const left = await env.DB.prepare("SELECT kind FROM unsubscribes WHERE email = ?")
      .bind(email)
      .all<{ kind: string }>();
    expect(left.results).toEqual([{ kind: "reminder" }]);
  }, 60_000);

  it("an invitation's RSVP links expire a day after the meeting ends", async () => {
    await syncAndDeliver(world);
    await syncAndDeliver(world);
    const row = await env.DB.prepare(
      "SELECT ses_message_id FROM outbox WHERE kind = 'invite' AND meeting_id = '2027-03-10-ocha-briefing' LIMIT 1",
    ).first<{ ses_message_id: string }>();
    const message = (await fakeMessages()).find((m) => m.id === row?.ses_message_id);
    const token =
      /\/rsvp\/([\w-]+\.[\w-]+)\?r=accepted/.exec(decodedParts(message?.raw ?? ""))?.[1] ?? "";
    // The briefing ends 2027-03-10 11:30 in Istanbul (UTC+3): 08:30 UTC.
    const ends = Date.parse("2027-03-10T08:30:00Z");
    const before = await verifyRsvp(SECRET, token, new Date(ends + 23 * 3_600_000));
    expect(before.ok && before.claim.expires).toBe((ends + 86_400_000) / 1000);
    expect(await verifyRsvp(SECRET, token, new Date(ends + 25 * 3_600_000))).toEqual({
      ok: false,
      reason: "expired",
    });
  }, 60_000);
});
