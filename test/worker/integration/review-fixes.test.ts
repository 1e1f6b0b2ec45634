// Review findings on the sync run, one behaviour per test, through the Worker's
// scheduled handler against the Sheets emulator and the demo sheet: what the
// feed, the Sync log and the run record say when the sheet's structure breaks.
import { env } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { readSnapshot } from "../../../src/feed/snapshot.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { DIGEST_LISTED, renderDigest } from "../../../src/mail/render.ts";
import { RESPONSES_COLUMNS, SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import type { Problem } from "../../../src/sheet/types.ts";
import { lastRuns } from "../../../src/sync/store.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { recordUnsubscribe } from "../../../src/unsubscribe/store.ts";
import { faultyD1 } from "../faults/faulty-d1.ts";
import { now as fixedNow, settings } from "../mail/fixtures.ts";
import {
  cron,
  decodedParts,
  deliver,
  injectFault,
  MEETINGS_TAB,
  newWorld,
  RESPONSES_TAB,
  resetCalls,
  SYNC_LOG_TAB,
  tab,
  type World,
} from "./harness.ts";

let world: World;
beforeEach(async () => {
  world = await newWorld();
});

/** Replaces a tab's grid from A1, padding rows to one width so no old cell is left behind. */
async function writeGrid(w: World, title: string, grid: string[][]): Promise<void> {
  const width = Math.max(1, ...grid.map((r) => r.length));
  const written = await w.staff.batchUpdate([
    {
      range: a1Range(title, `A1:${columnLetter(width - 1)}${grid.length + 1}`),
      values: [...grid, []].map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")),
    },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

const codes = (grid: string[][]) => {
  const col = SYNC_LOG_COLUMNS.findIndex((c) => c.key === "code");
  return grid.slice(1).map((line) => line[col]);
};

it("keeps the feed and says why in the Sync log when a title row is inserted above the header", async () => {
  await cron(world);
  await deliver(world, world.queue.take());
  const before = await readSnapshot(env.FEED);
  expect(before?.snapshot.meetings.length).toBeGreaterThan(0);

  const grid = await tab(world, MEETINGS_TAB);
  await writeGrid(world, MEETINGS_TAB, [["اجتماعات الشبكة ٢٠٢٦"], ...grid]);
  const run = await cron(world);

  expect((await readSnapshot(env.FEED))?.text).toBe(before?.text);
  expect(run.counts?.snapshotKept).toBe(1);
  expect(codes(await tab(world, SYNC_LOG_TAB))).toContain("feed.kept");
}, 60_000);

it("records a run that throws as failed, not running", async () => {
  const faulty = faultyD1(env.DB, /INSERT INTO outbox/);
  const broken = { ...world, env: { ...world.env, DB: faulty.db } };
  await expect(cron(broken)).rejects.toThrow(/injected fault/);

  const [run] = await lastRuns(env.DB, 1);
  expect(run?.outcome).toBe("failed");
  expect(JSON.stringify(run?.problems)).toContain("injected fault");
}, 60_000);

it("lists at most DIGEST_LISTED problems in a digest and counts the rest", () => {
  const problems: Problem[] = Array.from({ length: DIGEST_LISTED + 37 }, (_, i) => ({
    tab: "Meetings",
    row: i + 2,
    column: "Date",
    value: `bad-${i}`,
    code: "date.invalid",
    severity: "error",
    message: { ar: `تاريخ غير صالح ${i}`, en: `not a date ${i}` },
  }));
  const mail = renderDigest({
    settings,
    problems,
    to: "staff@network.example.org",
    now: fixedNow,
    messageId: "<digest@liqaa>",
  });
  expect(mail.text).toContain(`bad-${DIGEST_LISTED - 1}`);
  expect(mail.text).not.toContain(`bad-${DIGEST_LISTED}`);
  expect(mail.text).toContain("and 37 more");
  expect(mail.subject).toContain(`(${DIGEST_LISTED + 37})`);
});

/** What the outbox plans, without meeting ids (a dry run writes the ids it proposes, a fresh sheet gets new ones). */
async function plannedMail(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT email, kind, sequence FROM outbox WHERE kind <> 'digest'",
  ).all<{ email: string; kind: string; sequence: number }>();
  return results.map((r) => `${r.email}|${r.kind}|${r.sequence}`).sort();
}

it("plans exactly a first sync's mail after dry runs, with no backlog from them", async () => {
  // Two syncs: a meeting whose ID the first one proposes is invited once the ID is in the sheet.
  await cron(world);
  await cron(world);
  const firstSync = await plannedMail();
  expect(firstSync.length).toBeGreaterThan(0);

  world = await newWorld();
  const dry = { ...world, env: { ...world.env, DRY_RUN: "true" } };
  const dryRun = await cron(dry);
  await cron(dry);
  expect(dryRun.counts?.planned).toBeGreaterThan(0);
  expect(await plannedMail()).toEqual([]);

  await cron(world);
  await cron(world);
  expect(await plannedMail()).toEqual(firstSync);
}, 60_000);

/** A failed run two hours ago, so this one is an hour into an outage. */
async function failedTwoHoursAgo(): Promise<void> {
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
  await env.DB.prepare(
    "INSERT INTO sync_runs (id, started_at, finished_at, outcome) VALUES ('earlier', ?, ?, 'failed')",
  )
    .bind(twoHoursAgo, twoHoursAgo)
    .run();
}

/** A first sync calls getSpreadsheet, batchGet, the fresh re-read, then batchUpdate: the fourth call is refused. */
async function refuseTheWrite(): Promise<void> {
  await injectFault({ hangMs: 1, count: 3 });
  await injectFault({ status: 403, count: 1 });
}

it("tells staff a 403 on the write-back means sharing the sheet as Editor, and still queues the mail", async () => {
  await refuseTheWrite();
  const run = await cron(world);
  await resetCalls();

  expect(run.outcome).toBe("write_failed");
  const error = run.problems?.[0] as { kind: string; outcome: string; message: { en: string } };
  expect(error).toMatchObject({ kind: "forbidden", outcome: "write_failed" });
  expect(error.message.en).toMatch(/Viewer\. Share the sheet with it as Editor/);
  expect(world.queue.take().length).toBeGreaterThan(0);
});

it("does not claim in the outage digest that no mail went out when only the write-back fails", async () => {
  await failedTwoHoursAgo();
  await refuseTheWrite();
  await cron(world);
  await resetCalls();

  const row = await env.DB.prepare(
    "SELECT raw FROM outbox WHERE kind = 'digest' AND idempotency_key LIKE '%|write-outage|%'",
  ).first<{ raw: string }>();
  const text = decodedParts(row?.raw ?? "");
  expect(text).toContain("have not been written into the sheet");
  expect(text).not.toContain("no new mail went out");
});

it("queues due mail when the sheet cannot be read", async () => {
  await cron(world);
  expect(world.queue.take().length).toBeGreaterThan(0);
  // As a stale-claim sweep leaves a row it released: pending, composed, not on the Queue.
  await env.DB.prepare("UPDATE outbox SET enqueued_at = NULL").run();
  await injectFault({ status: 503, count: 20 });
  const run = await cron(world);
  await resetCalls();

  expect(run.outcome).toBe("failed");
  expect(world.queue.take().length).toBeGreaterThan(0);
}, 30_000);

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

it("writes emails that cannot be composed into the Sync log", async () => {
  // A row a crashed run left unrendered, for a meeting staff have since deleted from the sheet.
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state, created_at, updated_at)
     VALUES ('gone-meeting|a@example.org|invite|0', 'gone-meeting', 'a@example.org', 'invite', 0, 'ar', 'pending', ?, ?)`,
  )
    .bind(now, now)
    .run();
  const run = await cron(world);

  expect(run.counts?.uncomposed).toBe(1);
  expect(codes(await tab(world, SYNC_LOG_TAB))).toContain("compose.meeting.missing");
});

it("writes a staff digest that was not sent into the Sync log", async () => {
  const blanked = await world.staff.batchUpdate([
    { range: a1Range(MEETINGS_TAB, "D13"), values: [["2019/13/40"]] },
  ]);
  if (!blanked.ok) throw new Error(blanked.error.detail);
  const run = await cron(world);
  expect(run.counts?.digests).toBeGreaterThan(0);
  await env.DB.prepare(
    "UPDATE outbox SET state = 'rejected', last_error = 'MessageRejected' WHERE kind = 'digest'",
  ).run();
  await cron(world);

  expect(codes(await tab(world, SYNC_LOG_TAB))).toContain("digest.not_sent");
});

/** A Meetings row with a date no calendar has: a problem, so the sync queues a staff digest. */
async function breakADate(): Promise<void> {
  const written = await world.staff.batchUpdate([
    { range: a1Range(MEETINGS_TAB, "D13"), values: [["2019/13/40"]] },
  ]);
  if (!written.ok) throw new Error(written.error.detail);
}

it("puts a one-click unsubscribe link in the staff digest's footer", async () => {
  await breakADate();
  await cron(world);
  const row = await env.DB.prepare("SELECT raw FROM outbox WHERE kind = 'digest' LIMIT 1").first<{
    raw: string;
  }>();
  const raw = row?.raw ?? "";

  const url = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)?.[1];
  expect(url).toMatch(/^https:\/\/liqaa\.example\.org\//);
  expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  expect(decodedParts(raw)).toContain(url);
});

it("stops a staff address's queued digest when it unsubscribes from the digest", async () => {
  await breakADate();
  await cron(world);
  const { stopped } = await recordUnsubscribe(env.DB, {
    email: "secretariat@example.org",
    kind: "digest",
    at: new Date(),
  });

  expect(stopped).toBe(1);
  const row = await env.DB.prepare(
    "SELECT state FROM outbox WHERE kind = 'digest' AND email = 'secretariat@example.org'",
  ).first<{ state: string }>();
  expect(row?.state).toBe("rejected");
});

it("keeps the last good default time zone when staff erase it, and emails no update", async () => {
  // Two syncs: the second invites the meetings whose IDs the first one wrote.
  await cron(world);
  await cron(world);
  await deliver(world, world.queue.take());
  const erased = await world.staff.batchUpdate([
    { range: a1Range("الإعدادات", "B6"), values: [["Europe/Nowhere"]] },
  ]);
  if (!erased.ok) throw new Error(erased.error.detail);
  const run = await cron(world);

  expect(run.counts?.planned).toBe(0);
  expect(JSON.stringify(run.problems)).toContain("settings.last_good");
});
