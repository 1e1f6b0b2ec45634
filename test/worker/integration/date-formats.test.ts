// Staff re-format a date column (Format > Number > a long date, or a short one
// the parser cannot read as text): the cells keep their values, only their
// display changes, so the sync through the real scheduled handler must see no
// change and send nothing. Before Liqaa read serial numbers, such a change
// broke every row of the column.
import { describe, expect, it } from "vitest";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { columnLetter } from "../../../src/sync/write-back.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  accessToken,
  cron,
  deliver,
  emulator,
  MEETINGS_TAB,
  setNumberFormat,
  type World,
  worldPerTest,
} from "../support/index.ts";

const world = worldPerTest();

/** Settling takes several syncs and deliveries: seconds on a loaded machine. */
const TIMEOUT_MS = 30_000;

/** The demo sheet's Meetings headers. */
const DATE = "التاريخ";
const START = "البداية";
const END = "النهاية";

/**
 * Types the demo sheet's dates and times back into their cells as staff do
 * (USER_ENTERED), so they are date and time cells with serial numbers, as in
 * a real sheet; the world writes every cell RAW, which keeps them text.
 */
async function typeDatesAsStaff(w: World): Promise<Record<string, string>> {
  const grid = emulator().expectedTabs[MEETINGS_TAB]!;
  const letters: Record<string, string> = {};
  const data = [DATE, START, END].map((header) => {
    const col = grid[0]!.indexOf(header);
    letters[header] = columnLetter(col);
    return {
      range: a1Range(MEETINGS_TAB, `${letters[header]}2:${letters[header]}${grid.length}`),
      values: grid.slice(1).map((row) => [row[col] ?? ""]),
    };
  });
  const response = await fetch(
    `${emulator().url}/v4/spreadsheets/${w.sheetId}/values:batchUpdate`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ valueInputOption: "USER_ENTERED", data }),
    },
  );
  if (!response.ok) throw new Error(`typing dates: ${response.status} ${await response.text()}`);
  return letters;
}

/** Syncs, delivering what each sync enqueued, until one has nothing to send or write. */
async function settle(w: World): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const run = await cron(w);
    expect(run.outcome).toBe("ok");
    const enqueued = w.queue.take();
    if (enqueued.length === 0 && run.counts?.writes === 0) return;
    if (enqueued.length > 0) await deliver(w, enqueued);
  }
  throw new Error("the sync did not settle");
}

/** A Meetings column as the staff see it now. */
async function shown(w: World, letter: string): Promise<string[]> {
  const read = await w.staff.batchGet([a1Range(MEETINGS_TAB, `${letter}2:${letter}`)], {
    valueRenderOption: "FORMATTED_VALUE",
  });
  if (!read.ok) throw new Error(read.error.detail);
  return read.value[0]!.values.map((row) => String(row[0] ?? ""));
}

describe("a date column re-formatted in the sheet", () => {
  it.each([
    ["a long Levantine date", "dddd، d mmmm yyyy", "ar_SY", "الأربعاء، ١٠ آذار ٢٠٢٧"],
    ["a long English date", "dddd, mmmm d, yyyy", "en_US", "Wednesday, March 10, 2027"],
    ["a two-digit year", "d/m/yy", "en_GB", "10/3/27"],
  ])(
    "%s: the same serials sync with no change and no email",
    async (_, pattern, locale, first) => {
      const w = world;
      const letters = await typeDatesAsStaff(w);
      await settle(w);
      const sent = (await fakeMessages()).length;
      expect(sent).toBeGreaterThan(0);
      const before = await shown(w, letters[DATE]!);

      await setNumberFormat(w.sheetId, MEETINGS_TAB, letters[DATE]!, pattern, locale);
      await setNumberFormat(w.sheetId, MEETINGS_TAB, letters[START]!, "h:mm AM/PM", locale);
      const after = await shown(w, letters[DATE]!);
      expect(after).not.toEqual(before);
      expect(after).toContain(first);

      const run = await cron(w);
      expect(run.outcome).toBe("ok");
      expect(run.counts?.writes).toBe(0);
      expect(w.queue.take()).toEqual([]);
      expect(await fakeMessages()).toHaveLength(sent);
    },
    TIMEOUT_MS,
  );
});
