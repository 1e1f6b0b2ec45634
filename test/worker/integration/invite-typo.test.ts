// A typo in the Invite cell of a meeting already invited to, through the real
// scheduled handler: it is a warning next to the row, the invitees keep their
// invitations (nobody is mailed again, nobody is cancelled), the meeting stays
// in the public feed, and a valid address written beside the typo is invited.
import { createExecutionContext, env } from "cloudflare:test";
import { expect, it } from "vitest";
import type { JsonFeed } from "../../../src/feed/json-feed.ts";
import { SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import worker from "../../../workers/index.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  cron,
  deliver,
  MEETINGS_TAB,
  SYNC_LOG_TAB,
  setCell,
  tab,
  type World,
  worldPerTest,
} from "../support/index.ts";
import { meetingValue } from "./round-trips-helpers.ts";

const world = worldPerTest();

/** The demo sheet's OCHA briefing: scheduled, published, with an ID, on row 11. */
const BRIEFING = "2027-03-10-ocha-briefing";
const ROW = 11;
const INVITE = "المدعوون";
const INVITED = "شبكات، منصات، UN";

async function syncAndDeliver(w: World) {
  const run = await cron(w);
  expect(run.outcome).toBe("ok");
  const queued = w.queue.take();
  if (queued.length > 0) await deliver(w, queued);
}

/** The briefing's outbox rows as `email|kind|sequence`, sorted. */
async function briefingMail(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT email, kind, sequence FROM outbox WHERE meeting_id = ?",
  )
    .bind(BRIEFING)
    .all<{ email: string; kind: string; sequence: number }>();
  return results.map((r) => `${r.email}|${r.kind}|${r.sequence}`).sort();
}

/** Everyone SES mailed about the briefing. */
async function briefingRecipients(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT ses_message_id FROM outbox WHERE meeting_id = ? AND ses_message_id IS NOT NULL",
  )
    .bind(BRIEFING)
    .all<{ ses_message_id: string }>();
  const ids = new Set(results.map((r) => r.ses_message_id));
  return (await fakeMessages())
    .filter((m) => ids.has(m.id))
    .flatMap((m) => m.to)
    .sort();
}

async function feedIds(): Promise<string[]> {
  const response = await worker.fetch(
    // The handler's type wants an incoming request's cf properties; a test request has none.
    new Request("https://liqaa.example.org/feed.json?when=all&limit=200") as Request<
      unknown,
      IncomingRequestCfProperties
    >,
    world.env,
    createExecutionContext(),
  );
  return ((await response.json()) as JsonFeed).items.map((i) => i.id);
}

/** The Sync log's lines about the briefing's row, as `severity|code|value`. */
async function rowLog(): Promise<string[]> {
  const col = (key: string) => SYNC_LOG_COLUMNS.findIndex((c) => c.key === key);
  return (await tab(world, SYNC_LOG_TAB))
    .slice(1)
    .filter((line) => line[col("tab")] === MEETINGS_TAB && line[col("row")] === String(ROW))
    .map((line) => `${line[col("severity")]}|${line[col("code")]}|${line[col("value")]}`);
}

it("keeps a meeting's invitations and its place in the feed when a typo joins its Invite cell, and invites a valid address written beside it", async () => {
  await syncAndDeliver(world);
  const invited = await briefingMail();
  expect(invited.length).toBeGreaterThan(0);
  expect(invited.every((line) => line.endsWith("|invite|0"))).toBe(true);
  const recipients = await briefingRecipients();
  expect(await feedIds()).toContain(BRIEFING);

  await setCell(world, ROW, INVITE, `${INVITED}، yara.haddad@example`);
  await syncAndDeliver(world);
  expect(await briefingMail()).toEqual(invited);
  expect(await briefingRecipients()).toEqual(recipients);
  expect(await feedIds()).toContain(BRIEFING);
  // Staff are told of the typo, as a warning on the row.
  expect(await rowLog()).toEqual(["تنبيه|invite.email_invalid|yara.haddad@example"]);
  // ...and next to the row: its Sync status says what went and what was left out.
  expect(await meetingValue(world, ROW, "حالة المزامنة")).toMatch(
    /^✓ .* · ⚠ لم يُدعَ: yara\.haddad@example · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[+-]\d/,
  );

  await setCell(world, ROW, INVITE, `${INVITED}، yara.haddad@example، new.partner@example.org`);
  await syncAndDeliver(world);
  expect(await briefingMail()).toEqual([...invited, "new.partner@example.org|invite|0"].sort());
  expect(await briefingRecipients()).toEqual([...recipients, "new.partner@example.org"].sort());
  expect(await feedIds()).toContain(BRIEFING);
}, 60_000);
