// The Sync status tells staff the latest thing that happened to a meeting's
// invitees, in the sheet's language, and keeps saying it on the syncs after;
// every stamp Liqaa writes (Sync status, Responses' Sent, Sync log's Time) is
// in the Settings zone and says which. Through the scheduled handler against
// the Sheets emulator with the demo sheet (Settings: Europe/Istanbul, UTC+3).
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { RESPONSES_COLUMNS, SYNC_LOG_COLUMNS } from "../../../src/sheet/contract.ts";
import { columnLetter, withoutStamp } from "../../../src/sync/write-back.ts";
import {
  createSpreadsheet,
  cron,
  deliver,
  emulator,
  MEETINGS_TAB,
  RESPONSES_TAB,
  SYNC_LOG_TAB,
  setCell,
  staffClient,
  tab,
  type World,
  worldPerTest,
} from "../support/index.ts";

const world = worldPerTest();
const TIMEOUT_MS = 30_000;
const BRIEFING_ROW = 11;
const HISTORICAL_ROW = 3;
const SYNC_STATUS = "حالة المزامنة";
/** A stamp in Istanbul's zone, which has been UTC+3 all year since 2016. */
const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+3$/;

/** The Istanbul wall time of an instant, to the minute, as stamps write it. */
const istanbul = (ms: number) =>
  new Date(ms + 3 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");

async function syncAndDeliver(w: World): Promise<void> {
  const run = await cron(w);
  expect(run.outcome).toBe("ok");
  const messages = w.queue.take();
  if (messages.length > 0) await deliver(w, messages);
}

async function cell(w: World, title: string, row: number, header: string): Promise<string> {
  const grid = await tab(w, title);
  return grid[row - 1]?.[grid[0]?.indexOf(header) ?? -1] ?? "";
}

/** Two syncs (the new row's ID, then its invitations), delivered; how many the briefing invited, from D1. */
async function invitedToBriefing(w: World, title = MEETINGS_TAB): Promise<number> {
  await syncAndDeliver(w);
  await syncAndDeliver(w);
  const id = await cell(w, title, BRIEFING_ROW, "المعرف");
  const row = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM invitations WHERE meeting_id = ? AND last_kind <> 'cancel'",
  )
    .bind(id)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

it(
  "names a time change in the Sync status and keeps saying it on the next unchanged sync",
  async () => {
    const invited = await invitedToBriefing(world);
    expect(invited).toBeGreaterThan(0);
    expect(await cell(world, MEETINGS_TAB, BRIEFING_ROW, SYNC_STATUS)).toMatch(
      new RegExp(`^✓ دُعي ${invited} · `),
    );

    await setCell(world, BRIEFING_ROW, "البداية", "10:30");
    await syncAndDeliver(world);
    const updated = await cell(world, MEETINGS_TAB, BRIEFING_ROW, SYNC_STATUS);
    expect(withoutStamp(updated)).toBe(`✓ أُبلغ ${invited} بالتعديل (الوقت)`);

    await syncAndDeliver(world);
    const run = await cron(world);
    expect(run.counts).toMatchObject({ planned: 0 });
    expect(withoutStamp(await cell(world, MEETINGS_TAB, BRIEFING_ROW, SYNC_STATUS))).toBe(
      `✓ أُبلغ ${invited} بالتعديل (الوقت)`,
    );
    // Saying it again is no change: the sync after writes nothing.
    expect((await cron(world)).counts).toMatchObject({ planned: 0, writes: 0 });
  },
  TIMEOUT_MS,
);

it(
  "keeps a cancelled meeting's count on the syncs after the cancellation",
  async () => {
    const invited = await invitedToBriefing(world);
    await setCell(world, BRIEFING_ROW, "الحالة", "ملغى");
    await syncAndDeliver(world);
    await syncAndDeliver(world);
    await syncAndDeliver(world);
    expect(withoutStamp(await cell(world, MEETINGS_TAB, BRIEFING_ROW, SYNC_STATUS))).toBe(
      `✕ ملغى · أُبلغ ${invited}`,
    );
  },
  TIMEOUT_MS,
);

it("says just held for a historical held row with no invitees", async () => {
  await cron(world);
  const status = await cell(world, MEETINGS_TAB, HISTORICAL_ROW, SYNC_STATUS);
  expect(status).toMatch(/^منعقد · /);
  expect(status.replace(/^منعقد · /, "")).toMatch(STAMP);
});

it(
  "writes the Sync status, Responses and Sync log stamps in the Settings zone, saying which",
  async () => {
    // A date no calendar has: one error in the Sync log.
    await setCell(world, 14, "التاريخ", "2027/13/40");
    const before = Date.now();
    await syncAndDeliver(world);
    await syncAndDeliver(world);
    const after = Date.now();
    const inRun = (text: string) => {
      expect(text).toMatch(STAMP);
      const wall = text.replace(/ UTC\+3$/, "");
      expect(wall >= istanbul(before) && wall <= istanbul(after)).toBe(true);
    };

    const status = await cell(world, MEETINGS_TAB, BRIEFING_ROW, SYNC_STATUS);
    inRun(status.split(" · ").at(-1) ?? "");

    const log = (await tab(world, SYNC_LOG_TAB)).slice(1);
    const time = SYNC_LOG_COLUMNS.findIndex((c) => c.key === "time");
    expect(log.length).toBeGreaterThan(0);
    for (const line of log) inRun(line[time] ?? "");

    const col = (key: string) => RESPONSES_COLUMNS.findIndex((c) => c.key === key);
    const responses = (await tab(world, RESPONSES_TAB)).slice(1);
    const sent = responses.filter((r) => r[col("sent")] !== "");
    expect(sent.length).toBeGreaterThan(0);
    const { results } = await env.DB.prepare(
      "SELECT meeting_id, email, updated_at FROM outbox WHERE state = 'sent' AND kind <> 'digest'",
    ).all<{ meeting_id: string; email: string; updated_at: string }>();
    const sentAt = new Map(results.map((r) => [`${r.meeting_id}|${r.email}`, r.updated_at]));
    for (const r of sent) {
      const at = sentAt.get(`${r[col("meeting_id")]}|${r[col("email")]}`) ?? "";
      expect(r[col("sent")]).toBe(`${istanbul(Date.parse(at))} UTC+3`);
    }
  },
  TIMEOUT_MS,
);

it(
  "says the update in English on a sheet whose Meetings tab is titled in English",
  async () => {
    const tabs = Object.entries(emulator().expectedTabs).map(
      ([title, values]) => [title === MEETINGS_TAB ? "Meetings" : title, values] as const,
    );
    const sheetId = await createSpreadsheet({
      properties: { title: "Liqaa English" },
      sheets: tabs.map(([title]) => ({ properties: { title } })),
    });
    const staff = staffClient(sheetId);
    const written = await staff.batchUpdate(
      tabs.map(([title, values]) => ({
        range: a1Range(
          title,
          `A1:${columnLetter(Math.max(...values.map((r) => r.length)) - 1)}${values.length}`,
        ),
        values,
      })),
    );
    if (!written.ok) throw new Error(written.error.detail);
    Object.assign(world, { sheetId, staff, env: { ...world.env, SHEET_ID: sheetId } });

    const invited = await invitedToBriefing(world, "Meetings");
    const [headers = []] = await tab(world, "Meetings");
    const start = `${columnLetter(headers.indexOf("البداية"))}${BRIEFING_ROW}`;
    const moved = await staff.batchUpdate([
      { range: a1Range("Meetings", start), values: [["10:30"]] },
    ]);
    if (!moved.ok) throw new Error(moved.error.detail);
    await syncAndDeliver(world);
    await syncAndDeliver(world);
    const status = await cell(world, "Meetings", BRIEFING_ROW, SYNC_STATUS);
    expect(withoutStamp(status)).toBe(`✓ updated ${invited} (time)`);
    expect(status.split(" · ").at(-1)).toMatch(STAMP);
  },
  TIMEOUT_MS,
);
