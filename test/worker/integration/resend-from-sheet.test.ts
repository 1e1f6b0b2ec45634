// A resend asked for in the sheet, through the real Worker: staff type yes in a
// Responses line's Resend cell, the cron sync puts that line's latest email back
// in the queue once, the queue handler sends it through the SES fake, the cell
// is cleared and the line says what happened; a request that cannot be served
// is answered in its line.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { RESPONSES_COLUMNS } from "../../../src/sheet/contract.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  cron,
  deliver,
  RESPONSES_TAB,
  syncAndDeliver,
  tab,
  type World,
  worldPerTest,
  writeCells,
} from "../support/index.ts";

const world = worldPerTest();

const col = (key: string) => RESPONSES_COLUMNS.findIndex((c) => c.key === key);

/** The Responses line of (meeting, address): its row number and cells. */
async function line(w: World, meetingId: string, email: string) {
  const grid = await tab(w, RESPONSES_TAB);
  const index = grid.findLastIndex(
    (l) => l[col("meeting_id")] === meetingId && l[col("email")] === email,
  );
  if (index < 1) throw new Error(`no line for ${meetingId} ${email}`);
  const cells = grid[index] ?? [];
  return {
    row: index + 1,
    delivery: cells[col("delivery")] ?? "",
    resend: cells[col("resend")] ?? "",
  };
}

/** Staff type `value` in the Resend cell of that line. */
async function askResend(w: World, meetingId: string, email: string, value = "نعم") {
  const { row } = await line(w, meetingId, email);
  await writeCells(w, RESPONSES_TAB, `${columnLetter(col("resend"))}${row}`, [[value]]);
}

/** An invitation that went: the first one, as D1 has it. */
async function sentInvitation() {
  const row = await env.DB.prepare(
    "SELECT meeting_id, email, raw FROM outbox WHERE kind = 'invite' AND state = 'sent' ORDER BY id LIMIT 1",
  ).first<{ meeting_id: string; email: string; raw: string }>();
  if (!row) throw new Error("no invitation went");
  return row;
}

/** The messages among `sent` addressed to `email`. */
const to = (email: string, sent: { to: string[] }[]) => sent.filter((m) => m.to.includes(email));

const messageId = (raw: string) => /^Message-ID: (.*)\r$/m.exec(raw)?.[1];

it("sends the line's latest email again, once, clears the cell and says sent again", async () => {
  await syncAndDeliver(world);
  await syncAndDeliver(world);
  const first = await sentInvitation();
  expect((await line(world, first.meeting_id, first.email)).delivery).toBe("أُرسل");

  await askResend(world, first.meeting_id, first.email, "yes");
  const asked = await cron(world);
  expect(asked.outcome).toBe("ok");
  expect(await line(world, first.meeting_id, first.email)).toMatchObject({
    delivery: "طُلبت إعادة الإرسال",
    resend: "",
  });
  const queued = world.queue.take();
  expect(queued).toHaveLength(1);
  const before = (await fakeMessages()).length;
  await deliver(world, queued);
  const sent = (await fakeMessages()).slice(before);
  expect(sent.map((m) => m.to)).toEqual([[first.email]]);
  // Composed again under a new Message-ID: a client holding the first would hide a copy.
  expect(messageId(sent[0]?.raw ?? "")).toBeDefined();
  expect(messageId(sent[0]?.raw ?? "")).not.toBe(messageId(first.raw));

  const after = await syncAndDeliver(world);
  expect(after.sent).toEqual([]);
  expect((await line(world, first.meeting_id, first.email)).delivery).toBe("أُعيد الإرسال");
  expect((await syncAndDeliver(world)).sent).toEqual([]);
}, 60_000);

it("sends once for a request two syncs read, and again only for a request typed after the cell was seen blank", async () => {
  await syncAndDeliver(world);
  await syncAndDeliver(world);
  const first = await sentInvitation();
  await askResend(world, first.meeting_id, first.email, "TRUE");
  // Two syncs at once read the same request.
  const before = (await fakeMessages()).length;
  await Promise.all([cron(world), cron(world)]);
  await deliver(world, world.queue.take());
  expect(to(first.email, (await fakeMessages()).slice(before))).toHaveLength(1);

  // A sync that read the sheet before the cell was cleared sees the request again:
  // the "yes" put back stands for that stale read.
  await askResend(world, first.meeting_id, first.email, "TRUE");
  expect(to(first.email, (await syncAndDeliver(world)).sent)).toEqual([]);
  expect((await line(world, first.meeting_id, first.email)).resend).toBe("");

  // Seen blank once, a new "yes" is a new request.
  expect(to(first.email, (await syncAndDeliver(world)).sent)).toEqual([]);
  await askResend(world, first.meeting_id, first.email);
  const again = await syncAndDeliver(world);
  expect(again.sent.map((m) => m.to)).toEqual([[first.email]]);
  const { resends } = (await env.DB.prepare(
    "SELECT resends FROM outbox WHERE meeting_id = ? AND email = ? AND kind = 'invite'",
  )
    .bind(first.meeting_id, first.email)
    .first<{ resends: number }>()) ?? { resends: -1 };
  expect(resends).toBe(2);
}, 90_000);

it("answers a request on a line that cannot be resent in the line, and sends nothing", async () => {
  const suppressed = "aleppo.network@example.org";
  await env.DB.prepare(
    "INSERT INTO suppressions (email, reason, detail, at) VALUES (?, 'bounce', NULL, ?)",
  )
    .bind(suppressed, new Date().toISOString())
    .run();
  // The second sync invites to the meeting whose ID the first one wrote.
  await syncAndDeliver(world);
  await syncAndDeliver(world);
  const grid = await tab(world, RESPONSES_TAB);
  const meetingId = grid.find((l) => l[col("email")] === suppressed)?.[col("meeting_id")] ?? "";
  expect(meetingId).not.toBe("");

  await askResend(world, meetingId, suppressed);
  const { sent } = await syncAndDeliver(world);
  expect(sent).toEqual([]);
  expect(await line(world, meetingId, suppressed)).toMatchObject({
    delivery: expect.stringContaining("لم يُعد الإرسال"),
    resend: "",
  });
  // The answer stays in the line after the next sync, which sees the cell blank.
  await syncAndDeliver(world);
  expect((await line(world, meetingId, suppressed)).delivery).toContain("لم يُعد الإرسال");
}, 60_000);
