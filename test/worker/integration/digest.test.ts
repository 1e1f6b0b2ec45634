// The staff's problem digest through the real Worker: queued by the cron sync
// when the sheet's problems change, sent by the queue handler through the SES
// fake, never twice for one change, not to staff who left it, and sent during
// a Google outage of an hour from the last good sync's Settings.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DIGEST_LISTED, renderDigest } from "../../../src/mail/render.ts";
import type { Problem } from "../../../src/sheet/types.ts";
import { recordUnsubscribe } from "../../../src/unsubscribe/store.ts";
import { now as fixedNow, settings } from "../mail/fixtures.ts";
import {
  cron,
  decodedParts,
  failedRunHoursAgo,
  injectFault,
  MEETINGS_TAB,
  setCell,
  syncAndDeliver,
  worldPerTest,
  writeCells,
} from "../support/index.ts";

const STAFF = "secretariat@example.org";

const world = worldPerTest();

async function digestRows() {
  const { results } = await env.DB.prepare(
    "SELECT id, email, idempotency_key, raw FROM outbox WHERE kind = 'digest' ORDER BY id",
  ).all<{ id: number; email: string; idempotency_key: string; raw: string }>();
  return results;
}

/** Moves every digest `minutes` into the past, as if that much time had gone by since it went. */
async function digestsAged(minutes: number) {
  const at = new Date(Date.now() - minutes * 60 * 1000).toISOString();
  await env.DB.prepare("UPDATE outbox SET created_at = ?1, updated_at = ?1 WHERE kind = 'digest'")
    .bind(at)
    .run();
}

/** A message's Subject header, its RFC 2047 words decoded. */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? "";
  return header
    .replace(/\r\n[ \t]/g, " ")
    .replace(/\?= =\?/g, "?==?")
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) =>
      new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))),
    );
}

const digestsIn = (sent: { raw: string; to: string[] }[]) =>
  sent.filter(
    (m) => m.to.includes(STAFF) && /^Subject: .*/m.test(m.raw) && !/text\/calendar/.test(m.raw),
  );

describe("the staff problem digest", () => {
  it("is not sent for a sheet with no problems", async () => {
    const { run } = await syncAndDeliver(world);
    expect(run.counts?.problems).toBe(0);
    expect(await digestRows()).toEqual([]);
  });

  it("is sent to the staff address once the sheet has a problem, with a one-click unsubscribe", async () => {
    await setCell(world, 13, "التاريخ", "2019/13/40");
    const { run, sent } = await syncAndDeliver(world);
    expect(run.counts?.digests).toBe(1);
    const digests = digestsIn(sent);
    expect(digests).toHaveLength(1);
    const raw = digests[0]?.raw ?? "";
    expect(decodedParts(raw)).toContain("2019/13/40");
    expect(raw).toMatch(
      /^List-Unsubscribe: <https:\/\/liqaa\.example\.org\/unsubscribe\/[\w.-]+>\r$/m,
    );
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  }, 30_000);

  it("is not sent again while the problems stay the same", async () => {
    await setCell(world, 13, "التاريخ", "2019/13/40");
    await syncAndDeliver(world);
    const { run } = await syncAndDeliver(world);
    expect(run.counts?.digests).toBe(0);
    expect(await digestRows()).toHaveLength(1);
  }, 30_000);

  it("is sent again when the problems change, and again when they come back after a fix", async () => {
    await setCell(world, 13, "التاريخ", "2019/13/40");
    await syncAndDeliver(world);
    // Past the interval, so the clean sheet becomes what the next digest is compared with.
    await digestsAged(16);
    await setCell(world, 13, "التاريخ", "2027/04/14");
    const fixed = await syncAndDeliver(world);
    expect(fixed.run.counts?.digests).toBe(0);
    await setCell(world, 13, "التاريخ", "2019/13/40");
    const again = await syncAndDeliver(world);
    expect(again.run.counts?.digests).toBe(1);
    expect(new Set((await digestRows()).map((r) => r.idempotency_key)).size).toBe(2);
  }, 30_000);

  it("sends one digest for six edits in two minutes, then the last state once the interval passed", async () => {
    const dates = [
      "2019/13/40",
      "2019/13/41",
      "2019/13/42",
      "2019/13/43",
      "2019/13/44",
      "2019/13/45",
    ];
    let digests = 0;
    for (const date of dates) {
      await setCell(world, 13, "التاريخ", date);
      digests += digestsIn((await syncAndDeliver(world)).sent).length;
    }
    expect(digests).toBe(1);
    await digestsAged(16);
    const later = await syncAndDeliver(world);
    const [last] = digestsIn(later.sent);
    expect(digestsIn(later.sent)).toHaveLength(1);
    expect(decodedParts(last?.raw ?? "")).toContain("2019/13/45");
    // Against the first digest: 2019/13/40 fixed, 2019/13/45 new.
    expect(subjectOf(last?.raw ?? "")).toContain(": 1 new, 1 fixed");
    expect(subjectOf(last?.raw ?? "")).toContain(": 1 جديدة، 1 صُحّحت");
  }, 90_000);

  it("sends nothing for a set that changed and changed back within the interval", async () => {
    await setCell(world, 13, "التاريخ", "2019/13/40");
    expect(digestsIn((await syncAndDeliver(world)).sent)).toHaveLength(1);
    await setCell(world, 13, "التاريخ", "2019/13/41");
    await syncAndDeliver(world);
    await setCell(world, 13, "التاريخ", "2019/13/40");
    await syncAndDeliver(world);
    await digestsAged(16);
    expect(digestsIn((await syncAndDeliver(world)).sent)).toEqual([]);
    expect(await digestRows()).toHaveLength(1);
  }, 60_000);

  it("compares with the last digest sent, not one only queued, and counts new and fixed in its subject", async () => {
    await setCell(world, 13, "التاريخ", "2019/13/40");
    await cron(world);
    // That digest never went (the address's mailbox refused it).
    await env.DB.prepare("UPDATE outbox SET state = 'rejected' WHERE kind = 'digest'").run();
    world.queue.take();
    await digestsAged(16);
    await setCell(world, 12, "التاريخ", "2019/14/40");
    const { sent } = await syncAndDeliver(world);
    const [digest] = digestsIn(sent);
    // Both problems are new to staff: nothing had reached them (the count also
    // has the warning that a digest was not sent, which is not news by email).
    expect(subjectOf(digest?.raw ?? "")).toContain(": 2 new, 0 fixed");
    await digestsAged(16);
    await setCell(world, 13, "التاريخ", "2027/04/14");
    const fixed = digestsIn((await syncAndDeliver(world)).sent);
    expect(fixed.map((m) => subjectOf(m.raw))).toEqual([
      expect.stringContaining(": 0 new, 1 fixed"),
    ]);
  }, 60_000);

  it("is not sent to a staff address that unsubscribed from it", async () => {
    await env.DB.prepare("INSERT INTO unsubscribes (email, kind, at) VALUES (?, 'digest', ?)")
      .bind(STAFF, new Date().toISOString())
      .run();
    await setCell(world, 13, "التاريخ", "2019/13/40");
    const { run } = await syncAndDeliver(world);
    expect(run.counts?.digests).toBe(0);
    expect(await digestRows()).toEqual([]);
  }, 30_000);

  it("warns staff by email, once, when Google has failed every sync for an hour", async () => {
    await syncAndDeliver(world);
    // The last good sync was three hours ago, and every one since failed.
    const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString();
    await env.DB.prepare("UPDATE sync_runs SET started_at = ?, finished_at = ?")
      .bind(threeHoursAgo, threeHoursAgo)
      .run();
    await failedRunHoursAgo(2);
    await injectFault({ status: 503, count: 40 });
    const first = await syncAndDeliver(world);
    expect(first.run.outcome).toBe("failed");
    const digests = digestsIn(first.sent);
    expect(digests).toHaveLength(1);
    expect((await digestRows()).map((r) => r.idempotency_key)).toEqual([
      expect.stringMatching(/^digest\|secretariat@example\.org\|1\|outage:/),
    ]);
    const second = await syncAndDeliver(world);
    expect(second.run.outcome).toBe("failed");
    expect(digestsIn(second.sent)).toHaveLength(0);
  }, 60_000);
});

/** A Meetings row with a date no calendar has: a problem, so the sync queues a staff digest. */
const breakADate = () => writeCells(world, MEETINGS_TAB, "D13", [["2019/13/40"]]);

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
