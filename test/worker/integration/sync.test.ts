// The whole sync through the Worker's real entry points: the scheduled handler
// against the Sheets emulator with the demo sheet, D1, KV and the queue handler
// sending through the SES fake. One behaviour of the sync per test.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readSnapshot } from "../../../src/feed/snapshot.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { RESPONSES_COLUMNS, SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import { lastRuns } from "../../../src/sync/store.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  accessToken,
  cron,
  cronHeldBeforeWrite,
  deliver,
  emulator,
  emulatorCalls,
  failedRunHoursAgo,
  injectFault,
  MEETINGS_TAB,
  newWorld,
  outboxStates,
  RESPONSES_TAB,
  resetCalls,
  SETTINGS_TAB,
  SYNC_LOG_TAB,
  setCell,
  tab,
  tick,
  type World,
  worldPerTest,
  writeCells,
} from "../support/index.ts";

const world = worldPerTest();

/** Settling takes several syncs and deliveries: seconds on a loaded machine, beyond the 5 s default. */
const STEADY_TIMEOUT_MS = 30_000;

/** Syncs and delivers until a sync finds nothing to write: the sheet and D1 agree. */
async function steady(w: World): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const run = await cron(w);
    expect(run.outcome).toBe("ok");
    const messages = w.queue.take();
    if (messages.length > 0) await deliver(w, messages);
    if (run.counts?.writes === 0 && messages.length === 0) return;
  }
  throw new Error("the sync did not settle");
}

/** The text/calendar part of a raw message, decoded from its base64. */
function calendarOf(raw: string): string {
  const part = /Content-Type: text\/calendar[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
  if (!part?.[1]) throw new Error("no calendar in the message");
  const bytes = Uint8Array.from(atob(part[1].replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

async function meetingsRow(w: World, row: number, header: string): Promise<string> {
  const grid = await tab(w, MEETINGS_TAB);
  return grid[row - 1]?.[grid[0]?.indexOf(header) ?? -1] ?? "";
}

describe("the cron sync", () => {
  it("invites the demo sheet's scheduled meetings and sends each email once", async () => {
    const run = await cron(world);
    expect(run.outcome).toBe("ok");
    const planned = run.counts?.planned ?? 0;
    expect(planned).toBeGreaterThan(0);
    const messages = world.queue.take();
    expect(messages).toHaveLength(planned);

    const result = await deliver(world, messages);
    expect(result.explicitAcks).toHaveLength(planned);
    const sent = await fakeMessages();
    expect(sent).toHaveLength(planned);
    expect(new Set(sent.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1])).size).toBe(planned);
    expect(await outboxStates()).toEqual({ sent: planned });
  });

  it("writes a new meeting's ID into its blank cell and invites to it on the next sync", async () => {
    await cron(world);
    expect(await meetingsRow(world, 12, "المعرف")).toMatch(/^2027-04-14-/);
    world.queue.take();
    const second = await cron(world);
    const { results } = await env.DB.prepare(
      "SELECT DISTINCT meeting_id FROM outbox WHERE run_id = ?",
    )
      .bind(second.id)
      .all<{ meeting_id: string }>();
    expect(results.map((r) => r.meeting_id)).toEqual([await meetingsRow(world, 12, "المعرف")]);
  });

  it(
    "makes one read and no write when nothing changed since the last sync",
    async () => {
      await steady(world);
      await resetCalls();
      const run = await cron(world);
      expect(run.counts).toMatchObject({ reads: 1, writes: 0, planned: 0 });
      const calls = await emulatorCalls();
      expect({ reads: calls.reads, writes: calls.writes }).toEqual({ reads: 1, writes: 0 });
    },
    STEADY_TIMEOUT_MS,
  );

  it(
    "keeps the calendar UID when staff retype an ID in another case, and updates under it",
    async () => {
      await steady(world);
      const id = await meetingsRow(world, 11, "المعرف");
      await setCell(world, 11, "المعرف", id.toUpperCase());
      await setCell(world, 11, "البداية", "10:30");
      const run = await cron(world);
      const { results } = await env.DB.prepare(
        "SELECT DISTINCT meeting_id, kind, sequence FROM outbox WHERE run_id = ?",
      )
        .bind(run.id)
        .all<{ meeting_id: string; kind: string; sequence: number }>();
      expect(results).toEqual([{ meeting_id: id, kind: "update", sequence: 1 }]);
      const before = (await fakeMessages()).length;
      await deliver(world, world.queue.take());
      const updates = (await fakeMessages()).slice(before);
      expect(updates.length).toBe(run.counts?.planned);
      for (const m of updates) expect(calendarOf(m.raw)).toContain(`UID:${id}@example.org\r\n`);
    },
    STEADY_TIMEOUT_MS,
  );

  it(
    "sends an update with the next SEQUENCE when a meeting's time is edited",
    async () => {
      await steady(world);
      await setCell(world, 11, "البداية", "10:30");
      const run = await cron(world);
      const { results } = await env.DB.prepare(
        "SELECT DISTINCT kind, sequence FROM outbox WHERE run_id = ?",
      )
        .bind(run.id)
        .all<{ kind: string; sequence: number }>();
      expect(results).toEqual([{ kind: "update", sequence: 1 }]);
      const before = (await fakeMessages()).length;
      await deliver(world, world.queue.take());
      const updates = (await fakeMessages()).slice(before);
      expect(updates.length).toBe(run.counts?.planned);
      for (const m of updates) {
        const ics = calendarOf(m.raw);
        expect(ics).toContain("METHOD:REQUEST");
        expect(ics).toContain("SEQUENCE:1\r\n");
      }
    },
    STEADY_TIMEOUT_MS,
  );

  it("records the plan once when two syncs overlap, and each email is sent once", async () => {
    // Both runs' reads are held until both have asked, so they run side by side. Which
    // one records is a race: the other is refused by the state version (skipped) or,
    // loading after it, finds everything planned already. Either way: once.
    await injectFault({ hangMs: 400, count: 4 });
    const runs = [0, 1].map(() => tick(world));
    await Promise.all(runs);
    const recorded = await lastRuns(env.DB, 2);
    const planned = Math.max(...recorded.map((r) => r.counts?.recorded ?? 0));
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox").first<{ n: number }>();
    expect(rows?.n).toBe(planned);
    expect(recorded.map((r) => r.counts?.recorded ?? 0).sort()).toEqual([0, planned]);

    await deliver(world, world.queue.take());
    expect(await fakeMessages()).toHaveLength(planned);
  });

  it("sends once when the queue delivers the same message twice", async () => {
    await cron(world);
    const messages = world.queue.take();
    await deliver(world, messages);
    const again = await deliver(world, messages);
    expect(again.explicitAcks).toHaveLength(messages.length);
    expect(again.retryMessages).toHaveLength(0);
    expect(await fakeMessages()).toHaveLength(messages.length);
  });

  it("writes no ID into the wrong row when a row is inserted above a new meeting between read and write", async () => {
    // getSpreadsheet and the read answer at once; the re-read before writing hangs
    // long enough for staff to insert a row above the new meeting (row 12).
    const { running } = await cronHeldBeforeWrite(world, 2500, 5000);
    const grid = await tab(world, MEETINGS_TAB);
    const inserted = ["2027-02-01-inserted", "صف أُدرج", "Inserted row", "2027/02/01"];
    const moved = [...grid.slice(0, 11), inserted, ...grid.slice(11)];
    const width = Math.max(...moved.map((r) => r.length));
    const written = await world.staff.batchUpdate([
      {
        range: a1Range(MEETINGS_TAB, `A1:${columnLetter(width - 1)}${moved.length}`),
        values: moved.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")),
      },
    ]);
    expect(written.ok).toBe(true);
    const run = await running;

    expect(run.counts?.rowsHeldBack).toBeGreaterThan(0);
    expect(await meetingsRow(world, 12, "المعرف")).toBe("2027-02-01-inserted");
    expect(await meetingsRow(world, 13, "المعرف")).toBe("");
    // The next sync finds the meeting where it now is.
    await cron(world);
    expect(await meetingsRow(world, 13, "المعرف")).toMatch(/^2027-04-14-/);
    expect(await meetingsRow(world, 12, "المعرف")).toBe("2027-02-01-inserted");
  });

  it.each([500, 429] as const)(
    "ends the run failed and keeps the last snapshot when Google answers %i",
    async (status) => {
      await cron(world);
      const before = await readSnapshot(env.FEED);
      expect(before?.snapshot.meetings.length).toBeGreaterThan(0);
      await setCell(world, 11, "العنوان بالإنجليزية", "A title the feed must not see yet");
      await injectFault({ status, count: 20 });
      const run = await cron(world);
      expect(run.outcome).toBe("failed");
      expect(run.problems?.[0]).toMatchObject({ kind: status === 429 ? "quota" : "unavailable" });
      expect((await readSnapshot(env.FEED))?.text).toBe(before?.text);
    },
    30_000,
  );

  it("reports a garbage row in its Sync status and the Sync log, and syncs the others", async () => {
    await setCell(world, 13, "التاريخ", "2019/13/40");
    const run = await cron(world);
    expect(run.counts?.rejected).toBe(1);
    expect(run.counts?.planned).toBeGreaterThan(0);
    const status = await meetingsRow(world, 13, "حالة المزامنة");
    expect(status).toMatch(/^✗ /);
    expect(status).toContain("2019/13/40");
    const log = await tab(world, SYNC_LOG_TAB);
    expect(log.slice(1).some((row) => row.includes("13") && row.includes("2019/13/40"))).toBe(true);
    expect(await meetingsRow(world, 11, "حالة المزامنة")).toMatch(/^✓ /);
  });

  it("warns staff once Google has failed every sync for an hour", async () => {
    await failedRunHoursAgo(2);
    await injectFault({ status: 503, count: 20 });
    const run = await cron(world);
    expect(run.outcome).toBe("failed");
    expect(run.problems).toContainEqual(expect.objectContaining({ code: "google.outage" }));
  }, 30_000);

  it("writes the outage that just ended into the Sync log when the sheet is readable again", async () => {
    await failedRunHoursAgo(2);
    await cron(world);
    const log = await tab(world, SYNC_LOG_TAB);
    expect(log.some((row) => row.includes("google.outage"))).toBe(true);
  });

  it("syncs the good rows of a sheet with a thousand bad ones, in one write", async () => {
    const grid = await tab(world, MEETINGS_TAB);
    const width = grid[0]?.length ?? 1;
    const bad = Array.from({ length: 1000 }, (_, i) => {
      const row = Array.from({ length: width }, () => "");
      row[1] = `اجتماع ${i}`;
      row[3] = `2027/13/${(i % 28) + 1}`;
      return row;
    });
    const all = [...grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")), ...bad];
    const written = await world.staff.batchUpdate([
      { range: a1Range(MEETINGS_TAB, `A1:${columnLetter(width - 1)}${all.length}`), values: all },
    ]);
    expect(written.ok).toBe(true);
    await resetCalls();

    const run = await cron(world);
    expect(run.outcome).toBe("ok");
    expect(run.counts).toMatchObject({ rejected: 1000, writes: 1 });
    expect(run.counts?.planned).toBeGreaterThan(0);
    const statuses = (await tab(world, MEETINGS_TAB)).slice(grid.length).map((r) => r.at(-1) ?? "");
    expect(statuses.filter((s) => s.startsWith("✗ "))).toHaveLength(1000);
  }, 60_000);

  it("looks the tab titles up again when a tab was renamed since the last sync", async () => {
    await cron(world);
    const info = await world.staff.getSpreadsheet();
    const meetings = info.ok ? info.value.sheets.find((t) => t.title === MEETINGS_TAB) : undefined;
    if (!meetings) throw new Error("no Meetings tab");
    const token = await accessToken();
    const renamed = await fetch(`${emulator().url}/v4/spreadsheets/${world.sheetId}:batchUpdate`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        requests: [
          {
            updateSheetProperties: {
              properties: { sheetId: meetings.sheetId, title: "Meetings" },
              fields: "title",
            },
          },
        ],
      }),
    });
    expect(renamed.status).toBe(200);
    const run = await cron(world);
    expect(run.outcome).toBe("ok");
    expect(run.counts?.meetings).toBeGreaterThan(0);
  });

  it("creates the Responses and Sync log tabs, titled in Arabic, with headers and rows, when the sheet has neither", async () => {
    Object.assign(world, await newWorld({}, { ownTabs: false }));
    // The demo sheet has no problem of its own: one bad date gives the Sync log a row.
    await setCell(world, 13, "التاريخ", "2019/13/40");
    const run = await cron(world);
    expect(run.outcome).toBe("ok");
    // And the Schedule tab: the demo sheet has a bilateral series.
    expect(run.counts).toMatchObject({ tabsCreated: 3, tabsWritten: 3 });
    const info = await world.staff.getSpreadsheet();
    const titles = info.ok ? info.value.sheets.map((t) => t.title) : [];
    expect(titles).toEqual(expect.arrayContaining([RESPONSES_TAB, SYNC_LOG_TAB]));
    const responses = await tab(world, RESPONSES_TAB);
    expect(responses[0]).toEqual(RESPONSES_COLUMNS.map((c) => c.ar));
    expect(responses.length - 1).toBe(run.counts?.planned);
    const log = await tab(world, SYNC_LOG_TAB);
    expect(log[0]).toEqual(SYNC_LOG_COLUMNS.map((c) => c.ar));
    expect(log.length - 1).toBe(run.counts?.problems);
    expect(log.slice(1).some((row) => row.includes("2019/13/40"))).toBe(true);
  });

  it(
    "creates its tabs once: the next unchanged sync makes no write",
    async () => {
      Object.assign(world, await newWorld({}, { ownTabs: false }));
      await steady(world);
      await resetCalls();
      const run = await cron(world);
      expect(run.counts).toMatchObject({ reads: 1, writes: 0, tabsCreated: 0 });
      const info = await world.staff.getSpreadsheet();
      const titles = info.ok ? info.value.sheets.map((t) => t.title) : [];
      expect(titles.filter((t) => t === RESPONSES_TAB || t === SYNC_LOG_TAB)).toHaveLength(2);
    },
    STEADY_TIMEOUT_MS,
  );

  it(
    "counts as queued exactly the emails that then reach SES, over the syncs that mail a new meeting",
    async () => {
      let enqueued = 0;
      for (let i = 0; i < 3; i++) {
        const run = await cron(world);
        enqueued += run.counts?.enqueued ?? 0;
        const messages = world.queue.take();
        if (messages.length > 0) await deliver(world, messages);
      }
      expect(enqueued).toBeGreaterThan(0);
      expect(await fakeMessages()).toHaveLength(enqueued);
    },
    STEADY_TIMEOUT_MS,
  );

  it(
    "counts an email whose Queue message seems lost as requeued, not as newly queued",
    async () => {
      await cron(world);
      const [lost, ...rest] = world.queue.take();
      await deliver(world, rest);
      await env.DB.prepare("UPDATE outbox SET enqueued_at = ? WHERE id = ?")
        .bind(new Date(Date.now() - 20 * 60 * 1000).toISOString(), lost?.outbox_id)
        .run();
      // This sync also mails the meeting whose ID the first one wrote: those are new.
      const run = await cron(world);
      const queued = world.queue.take();
      expect(queued).toContainEqual(lost);
      expect(run.counts).toMatchObject({ enqueued: queued.length - 1, requeued: 1 });
    },
    STEADY_TIMEOUT_MS,
  );
});

it("keeps the last good default time zone when staff erase it, and emails no update", async () => {
  // Two syncs: the second invites the meetings whose IDs the first one wrote.
  await cron(world);
  await cron(world);
  await deliver(world, world.queue.take());
  await writeCells(world, SETTINGS_TAB, "B6", [["Europe/Nowhere"]]);
  const run = await cron(world);

  expect(run.counts?.planned).toBe(0);
  expect(JSON.stringify(run.problems)).toContain("settings.last_good");
});
