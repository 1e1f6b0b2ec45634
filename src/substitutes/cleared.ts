// Staff's refusals of substitutes, read from the Responses tab the sync
// already read: a line naming an active substitute (its Meeting ID and Email
// cells) whose Substitute cell is blank. Liqaa writes that cell on every line
// of a substitute, so blank there means a person cleared it. Lines are named
// by their cells, never by row number (the tab is rewritten whole). Pure.
import { RESPONSES_COLUMNS } from "../sheet/contract.ts";
import { normalizeEmail, parseEmail } from "../sheet/fields.ts";
import { findTab, readLayout, rowAt } from "../sheet/layout.ts";
import { cleanText } from "../sheet/text.ts";
import type { Workbook } from "../sheet/types.ts";
import type { Substitute } from "./types.ts";

/**
 * The active substitutes whose Substitute cell staff cleared. A tab without
 * the column (a sheet from before it, not yet rewritten) refuses nobody, and a
 * substitute with no line yet (never written) is not refused either.
 */
export function clearedSubstitutes(
  workbook: Workbook,
  active: readonly Substitute[],
): { meetingId: string; email: string }[] {
  if (active.length === 0) return [];
  const found = findTab(workbook, "responses", []);
  if (!found) return [];
  const { layout } = readLayout(found, RESPONSES_COLUMNS, []);
  const { substitute: col, meeting_id: idCol, email: emailCol } = layout.columns;
  if (col === undefined || idCol === undefined || emailCol === undefined) return [];
  const wanted = new Map(active.map((s) => [`${s.meeting_id}|${s.email}`, s]));
  const out = new Map<string, { meetingId: string; email: string }>();
  for (let index = 1; index < found.grid.length; index++) {
    const cells = rowAt(found.grid, index);
    const email = parseEmail(cells[emailCol] ?? null);
    if (email === null) continue;
    const key = `${cleanText(cells[idCol])}|${normalizeEmail(email)}`;
    const sub = wanted.get(key);
    if (sub === undefined || cleanText(cells[col]) !== "") continue;
    out.set(key, { meetingId: sub.meeting_id, email: sub.email });
  }
  return [...out.values()];
}
