// The staff's resend requests: the Responses tab's Resend cells that say yes
// (`yes`, `نعم`, a ticked checkbox's TRUE), each naming its line by the line's
// Meeting ID and Email cells, never by row number (Liqaa rewrites the tab
// whole, so a row number means another line after the next sync). Pure: reads
// the workbook the sync already read.
import { RESPONSES_COLUMNS } from "./contract.ts";
import { normalizeEmail, parseEmail, parseYesNo } from "./fields.ts";
import { findTab, readLayout, rowAt } from "./layout.ts";
import { cleanText } from "./text.ts";
import type { Workbook } from "./types.ts";

/** One line staff asked to send again. */
export interface ResendRequest {
  meetingId: string;
  email: string;
  /** The row it was typed in, for messages only. */
  row: number;
}

/** The identity of a Responses line: what the resend memory and the line's answer are keyed by. */
export const lineKey = (meetingId: string, email: string) => `${meetingId}|${email}`;

/**
 * Every line whose Resend cell says yes, once per (meeting, address): the same
 * request typed on two lines of one invitation (an earlier unsent email's line
 * and the latest one) is one request. A tab without the column asks for nothing.
 */
export function resendRequests(workbook: Workbook): ResendRequest[] {
  const found = findTab(workbook, "responses", []);
  if (!found) return [];
  const { layout } = readLayout(found, RESPONSES_COLUMNS, []);
  const { resend, meeting_id: idCol, email: emailCol } = layout.columns;
  if (resend === undefined || idCol === undefined || emailCol === undefined) return [];
  const requests = new Map<string, ResendRequest>();
  for (let index = 1; index < found.grid.length; index++) {
    const cells = rowAt(found.grid, index);
    if (parseYesNo(cells[resend] ?? null) !== true) continue;
    const meetingId = cleanText(cells[idCol]);
    const email = parseEmail(cells[emailCol] ?? null);
    if (meetingId === "" || email === null) continue;
    const normalized = normalizeEmail(email);
    const key = lineKey(meetingId, normalized);
    if (!requests.has(key)) requests.set(key, { meetingId, email: normalized, row: index + 1 });
  }
  return [...requests.values()];
}
