// A row keeps its last good version. A Meetings row that was valid once (D1
// knows its ID) and that an edit made invalid is "kept": invitees and the
// website go on with what the row last said while valid (D1's
// meetings.last_good), nothing new is sent for it, and its Sync status says
// what is wrong and since when. This module finds those rows and gives the
// other steps the sheet as invitees and the website know it; the plan
// (plan.ts) decides what a kept row sends (its pending reminders only).
import { SLOT_SEPARATOR } from "../series/ids.ts";
import { TABS } from "../sheet/contract.ts";
import { idKey } from "../sheet/ids.ts";
import type { Bilingual, Meeting, ParsedSheet, Problem } from "../sheet/types.ts";
import type { StoredMeeting, StoredState } from "./types.ts";

/** A rejected Meetings row whose ID D1 knows: the meeting it was stays as it was. */
export interface KeptRow {
  /** The row number as the sheet shows it now. */
  row: number;
  /** The ID cell as the sheet has it now, which keys the row's Sync status. */
  sheetId: string;
  stored: StoredMeeting;
}

/**
 * The rejected rows whose ID D1 knows, each ID once (two rows with one ID are
 * both rejected; the meeting they name is kept once, under the first).
 */
export function keptRows(sheet: ParsedSheet, state: StoredState): KeptRow[] {
  const valid = new Set(sheet.meetings.map((m) => idKey(m.id)));
  const seen = new Set<string>();
  const kept: KeptRow[] = [];
  for (const rejected of sheet.rejected) {
    if (rejected.id === null) continue;
    const key = idKey(rejected.id);
    const stored = state.meetings.get(key);
    if (stored === undefined || valid.has(key) || seen.has(key)) continue;
    seen.add(key);
    kept.push({ row: rejected.row, sheetId: rejected.id, stored });
  }
  return kept;
}

/** The last good meetings of kept rows, placed at the row each is on now. */
export function keptMeetings(rows: readonly KeptRow[]): Meeting[] {
  return rows.flatMap(({ row, stored }) =>
    stored.last_good === null ? [] : [{ ...stored.last_good, row }],
  );
}

/**
 * The sheet as invitees and the website know it: its valid meetings and the
 * last good version of each kept row, in row order. Composing mail (a kept
 * meeting's reminder) and publishing the feed read this one; the plan and the
 * write-back read the sheet as it is.
 */
export function asKnown(sheet: ParsedSheet, kept: readonly Meeting[]): ParsedSheet {
  if (kept.length === 0) return sheet;
  const meetings = [...sheet.meetings, ...kept].sort((a, b) => a.row - b.row);
  return { ...sheet, meetings };
}

/**
 * Meetings someone is still invited to (an invitation not cancelled), by idKey:
 * for these a blank Status is an error, never a draft (which would cancel).
 */
export function invitedIds(state: StoredState): Set<string> {
  const ids = new Set<string>();
  for (const [key, byEmail] of state.invitations) {
    for (const inv of byEmail.values()) {
      if (inv.last_kind !== "cancel") {
        ids.add(key);
        // An organisation's meeting of a bilateral series (src/series/ids.ts): its
        // series row is invited to as well, so a cleared Status there is an error
        // that keeps the series, not a draft that would cancel every organisation.
        const cut = key.lastIndexOf(SLOT_SEPARATOR);
        if (cut > 0) ids.add(key.slice(0, cut));
        break;
      }
    }
  }
  return ids;
}

/**
 * Whether two versions of a meeting say the same, wherever their row is now:
 * their JSON with the row set aside is the same. The plan asks it of every
 * meeting each full sync, so the common case (same keys in the same order,
 * each value the same) is checked field by field without serialising both;
 * anything else is decided by the JSON itself, so the answer never differs.
 */
export function sameMeeting(a: Meeting | null, b: Meeting): boolean {
  if (a === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length === kb.length && ka.every((k, i) => k === kb[i])) {
    const x = a as unknown as Record<string, unknown>;
    const y = b as unknown as Record<string, unknown>;
    const same = ka.every(
      (k) =>
        k === "row" ||
        x[k] === y[k] ||
        (typeof x[k] === "object" &&
          typeof y[k] === "object" &&
          JSON.stringify(x[k]) === JSON.stringify(y[k])),
    );
    if (same) return true;
  }
  return JSON.stringify({ ...a, row: 0 }) === JSON.stringify({ ...b, row: 0 });
}

const INVALID_ROW: Bilingual = { ar: "صف غير صالح", en: "invalid row" };

/**
 * What is wrong with a rejected row, for its Sync status: its first error with
 * the column it is in, or the tab's first error when the row has none of its
 * own (a required column is missing).
 */
export function rowError(sheet: ParsedSheet, row: number): Bilingual {
  const tab = sheet.layout.meetings?.title ?? TABS.meetings.en;
  let tabError: Problem | undefined;
  for (const p of sheet.problems) {
    if (p.tab !== tab || p.severity !== "error") continue;
    if (p.row === row) return withColumn(p);
    if (p.row === null || p.row === 1) tabError ??= p;
  }
  return tabError ? withColumn(tabError) : INVALID_ROW;
}

function withColumn(p: Problem): Bilingual {
  const column = p.column ? `${p.column}: ` : "";
  return { ar: `${column}${p.message.ar}`, en: `${column}${p.message.en}` };
}
