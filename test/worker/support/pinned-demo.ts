// The demo Meetings tab as it was when the output and interval pins were taken.
// The demo sheet has grown since: the English location, counterpart and agenda
// columns, the Part of and Follows columns with the Hizma meeting's row, the
// bilateral series' Slot, Break and Publish schedule columns with the June 2027 series, and the
// UNDP 2019 record retold as a held bilateral series. A deploy meets sheets
// without any of that, so the pins keep saying that such a sheet parses, plans
// and fingerprints byte for byte as before; what was added is tested on its own.
import { MEETING_COLUMNS } from "../../../src/sheet/contract.ts";
import type { MeetingKey } from "../../../src/sheet/contract-meetings.ts";

const LATER_COLUMNS: readonly MeetingKey[] = [
  "part_of",
  "follows",
  "slot_minutes",
  "break_minutes",
  "publish_schedule",
];
const ENGLISH_COLUMNS: readonly MeetingKey[] = ["location_en", "counterpart_en", "agenda_en"];
const LATER_ROWS = new Set(["ocha-hizma", "2027-06-07-undp-bilaterals"]);
/** Rows whose cells were changed later: the column's Arabic header and the value it had. */
const EARLIER_CELLS: Record<string, Record<string, string>> = {
  "2019-11-18-undp-mansour": { النوع: "ثنائي" },
};

/** The grid (header first) with what came later taken out; English columns kept when asked. */
export function pinnedDemoGrid(grid: string[][], keepEnglish = false): string[][] {
  const drop = new Set<MeetingKey>([...LATER_COLUMNS, ...(keepEnglish ? [] : ENGLISH_COLUMNS)]);
  const dropped = new Set(MEETING_COLUMNS.filter((c) => drop.has(c.key)).map((c) => c.ar));
  const header = grid[0] ?? [];
  const keep = header.map((h) => !dropped.has(String(h)));
  return grid
    .filter((row) => !LATER_ROWS.has(String(row[0])))
    .map((row) => {
      const earlier = EARLIER_CELLS[String(row[0])];
      const restored = earlier ? row.map((cell, i) => earlier[String(header[i])] ?? cell) : row;
      return restored.filter((_, i) => keep[i] ?? true);
    });
}
