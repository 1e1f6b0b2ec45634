// The unchanged-sheet short cut's parts: the digest, the decision, the next
// due instant, the change marker, and what a full sync leaves in D1.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { finishRun, recordRsvp, startRun } from "../../../src/sync/store.ts";
import {
  FULL_SYNC_AT_LEAST_EVERY_MS,
  isUnchanged,
  lookUnchanged,
  nextDueFrom,
  type Remembered,
  rememberFullSync,
  sheetDigest,
} from "../../../src/sync/unchanged.ts";
import { meeting } from "./fixtures.ts";

const db = env.DB;
const config = { publicUrl: "https://liqaa.example.org", dryRun: false, sheetUrl: null };
const now = new Date("2026-12-01T09:00:00Z");
const workbook = {
  Meetings: [
    ["ID", "Title"],
    ["m1", "A"],
  ],
  Settings: [["key", "value"]],
};

const remembered = (over: Partial<Remembered> = {}): Remembered => ({
  digest: "d",
  marker: "[7]",
  nextDue: "2026-12-01T10:00:00.000Z",
  fullAt: "2026-12-01T08:30:00.000Z",
  ...over,
});

describe("sheetDigest", () => {
  it("is the same for the same workbook and config, and differs for one cell or one setting", async () => {
    const same = await sheetDigest(structuredClone(workbook), config);
    expect(await sheetDigest(workbook, config)).toBe(same);
    expect(same).toMatch(/^[0-9a-f]{64}$/);
    const edited = {
      ...workbook,
      Meetings: [
        ["ID", "Title"],
        ["m1", "B"],
      ],
    };
    expect(await sheetDigest(edited, config)).not.toBe(same);
    expect(await sheetDigest(workbook, { ...config, dryRun: true })).not.toBe(same);
    expect(await sheetDigest(workbook, { ...config, publicUrl: null })).not.toBe(same);
    expect(await sheetDigest(workbook, { ...config, sheetUrl: "https://x" })).not.toBe(same);
  });
});

describe("isUnchanged", () => {
  const seen = { digest: "d", marker: "[7]" };
  it("skips when digest and marker match, the last run was ok and nothing is due", () => {
    expect(isUnchanged(remembered(), seen, true, now)).toBe(true);
    expect(isUnchanged(remembered({ nextDue: null }), seen, true, now)).toBe(true);
  });
  it("runs a full sync on any difference", () => {
    expect(isUnchanged(null, seen, true, now)).toBe(false);
    expect(isUnchanged(remembered(), seen, false, now)).toBe(false);
    expect(isUnchanged(remembered({ digest: "e" }), seen, true, now)).toBe(false);
    expect(isUnchanged(remembered({ marker: "[8]" }), seen, true, now)).toBe(false);
    expect(isUnchanged(remembered({ nextDue: now.toISOString() }), seen, true, now)).toBe(false);
  });
  it("runs a full sync once the hour has passed, and when the clock went back", () => {
    const hourAgo = new Date(now.getTime() - FULL_SYNC_AT_LEAST_EVERY_MS).toISOString();
    expect(isUnchanged(remembered({ fullAt: hourAgo, nextDue: null }), seen, true, now)).toBe(
      false,
    );
    const later = new Date(now.getTime() + 60_000).toISOString();
    expect(isUnchanged(remembered({ fullAt: later }), seen, true, now)).toBe(false);
  });
});

describe("nextDueFrom", () => {
  // 10:00–12:00 in Istanbul (UTC+3) on 2026-12-10; reminders 24 hours ahead.
  const m = meeting();
  it("is the reminder window's opening, then the start, then the end", () => {
    expect(nextDueFrom([m], 24, [], now)?.toISOString()).toBe("2026-12-09T07:00:00.000Z");
    const inWindow = new Date("2026-12-09T08:00:00Z");
    expect(nextDueFrom([m], 24, [], inWindow)?.toISOString()).toBe("2026-12-10T07:00:00.000Z");
    const started = new Date("2026-12-10T07:00:00Z");
    expect(nextDueFrom([m], 24, [], started)?.toISOString()).toBe("2026-12-10T09:00:00.000Z");
    expect(nextDueFrom([m], 24, [], new Date("2026-12-10T09:00:00Z"))).toBeNull();
  });
  it("takes the earliest of all meetings and the other instants; undated rows have none", () => {
    const soon = meeting({ id: "m2", date: "2026-12-02", start: "10:00", end: null });
    const undated = meeting({ id: "m3", date: null });
    expect(nextDueFrom([m, soon, undated], 1, [], now)?.toISOString()).toBe(
      "2026-12-02T06:00:00.000Z",
    );
    const digest = new Date("2026-12-01T09:10:00Z");
    expect(nextDueFrom([m], 24, [digest, null], now)).toEqual(digest);
    expect(nextDueFrom([undated], 24, [], now)).toBeNull();
  });
});

describe("in D1", () => {
  beforeEach(async () => {
    await db.batch([
      db.prepare("DELETE FROM rsvps"),
      db.prepare("DELETE FROM invitations"),
      db.prepare(
        `INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at)
         VALUES ('m1', 'a@ngo.example', 'en', 0, 'invite', '2026-11-30T09:00:00Z')`,
      ),
      db.prepare("DELETE FROM outbox"),
      db.prepare("DELETE FROM sync_runs"),
      db.prepare("DELETE FROM sync_meta"),
    ]);
    await startRun(db, "before", new Date(now.getTime() - 300_000));
    await finishRun(db, "before", { now, outcome: "ok", counts: {}, problems: [] });
  });
  const deps = { db, sheetId: "sheet-1", ...config };

  it("skips after a full sync left the same sheet, and not after an RSVP", async () => {
    const first = await lookUnchanged(deps, workbook, "run-1", now);
    expect(first.unchanged).toBe(false);
    await rememberFullSync(db, "sheet-1", first.seen, {
      meetings: [meeting()],
      reminderHours: 24,
      digestMinutes: 15,
      now,
    });
    const later = new Date(now.getTime() + 300_000);
    expect((await lookUnchanged(deps, workbook, "run-2", later)).unchanged).toBe(true);
    // Another spreadsheet has nothing remembered.
    expect(
      (await lookUnchanged({ ...deps, sheetId: "s2" }, workbook, "run-2", later)).unchanged,
    ).toBe(false);

    await recordRsvp(db, {
      meeting_id: "m1",
      email: "a@ngo.example",
      response: "accepted",
      at: later,
    });
    expect((await lookUnchanged(deps, workbook, "run-3", later)).unchanged).toBe(false);
  });

  it("counts a digest waiting out its interval as due", async () => {
    await db
      .prepare(
        `INSERT INTO outbox (idempotency_key, kind, meeting_id, email, sequence, language, state, created_at, updated_at)
         VALUES ('d1', 'digest', '', 'staff@ngo.example', 1, 'en', 'sent', ?, ?)`,
      )
      .bind(now.toISOString(), now.toISOString())
      .run();
    const seen = (await lookUnchanged(deps, workbook, "run-1", now)).seen;
    await rememberFullSync(db, "sheet-1", seen, {
      meetings: [],
      reminderHours: 24,
      digestMinutes: 15,
      now,
    });
    const value = await db
      .prepare("SELECT value FROM sync_meta WHERE key = 'unchanged:sheet-1'")
      .first<{ value: string }>();
    expect((JSON.parse(value?.value ?? "{}") as Remembered).nextDue).toBe(
      "2026-12-01T09:15:00.000Z",
    );
    const after = new Date("2026-12-01T09:16:00Z");
    expect((await lookUnchanged(deps, workbook, "run-2", after)).unchanged).toBe(false);
  });

  it("writes the memory as JSON of the Remembered, the earliest instant after now of meetings and digests", async () => {
    const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const day = 86_400_000;
    const digest = (key: string, state: string, created: string, updated: string) =>
      db
        .prepare(
          `INSERT INTO outbox (idempotency_key, kind, meeting_id, email, sequence, language, state, created_at, updated_at)
           VALUES (?, 'digest', '', 'staff@ngo.example', 1, 'en', ?, ?, ?)`,
        )
        .bind(key, state, created, updated);
    // An unsent digest six days old leaves the Sync log in a day; one eight days old already left.
    await db.batch([
      digest("d1", "dead", iso(-8 * day), iso(-8 * day)),
      digest("d2", "rejected", iso(-6 * day), iso(-6 * day)),
    ]);
    const seen = { digest: 'd"x', marker: '[1,"2026-12-01T09:00:00Z",null]' };
    const memory = async (meetings: ReturnType<typeof meeting>[]) => {
      await rememberFullSync(db, "sheet-1", seen, {
        meetings,
        reminderHours: 24,
        digestMinutes: 15,
        now,
        fullAt: "2026-12-01T08:00:00.000Z",
      });
      const row = await db
        .prepare("SELECT value FROM sync_meta WHERE key = 'unchanged:sheet-1'")
        .first<{ value: string }>();
      return row?.value;
    };
    expect(await memory([])).toBe(
      JSON.stringify({ ...seen, nextDue: iso(day), fullAt: "2026-12-01T08:00:00.000Z" }),
    );
    // A meeting whose start comes sooner is the next instant (its reminder is past).
    const soon = meeting({ date: "2026-12-01", start: "12:00", end: "13:00" });
    const value = JSON.parse((await memory([soon])) ?? "{}") as Remembered;
    expect(Date.parse(value.nextDue ?? "")).toBeLessThan(now.getTime() + day);
    expect(Date.parse(value.nextDue ?? "")).toBeGreaterThan(now.getTime());
    // Nothing due at all: null.
    await db.prepare("DELETE FROM outbox").run();
    expect(JSON.parse((await memory([])) ?? "{}")).toEqual({
      ...seen,
      nextDue: null,
      fullAt: "2026-12-01T08:00:00.000Z",
    });
  });
});
