// The Schedule tab (src/sheet/contract-schedule.ts): what the sync writes there
// (one line per organisation's slot: series, organisation, day, time,
// invitees, their answers, pinned), and the one column it reads back, Pinned.
// Lines are named by their Series ID and Organisation cells, never by row
// number: Liqaa rewrites the tab whole, so a row means another line next time.
import {
  normalizeHeader,
  RESPONSE_CHOICES,
  SCHEDULE_COLUMNS,
  SCHEDULE_TAB,
} from "../sheet/contract.ts";
import { parseYesNo } from "../sheet/fields.ts";
import { idKey } from "../sheet/ids.ts";
import { type FoundTab, readLayout, rowAt } from "../sheet/layout.ts";
import { cleanText } from "../sheet/text.ts";
import type { Lang, Workbook } from "../sheet/types.ts";
import type { StoredState } from "../sync/types.ts";
import type { SeriesView } from "./expand.ts";
import { organisationKey } from "./organisations.ts";

/** The sheet's Schedule tab, by either of its names; null when it has none. */
export function findScheduleTab(workbook: Workbook): FoundTab | null {
  const names = new Set([normalizeHeader(SCHEDULE_TAB.en), normalizeHeader(SCHEDULE_TAB.ar)]);
  for (const [title, grid] of Object.entries(workbook)) {
    if (names.has(normalizeHeader(title))) return { title, grid: Array.isArray(grid) ? grid : [] };
  }
  return null;
}

/** How a Schedule line is named: its series (by idKey) and organisation (by organisationKey). */
export const pinKey = (seriesId: string, orgKey: string) => `${idKey(seriesId)}|${orgKey}`;

/**
 * What the Pinned column says on each line the tab holds: true for yes (or a
 * ticked box), false for anything else. A line that is not there says nothing.
 */
export function readPins(workbook: Workbook): Map<string, boolean> {
  const pins = new Map<string, boolean>();
  const found = findScheduleTab(workbook);
  if (found === null) return pins;
  const { layout } = readLayout(found, SCHEDULE_COLUMNS, []);
  const { series_id: idCol, organisation: orgCol, pinned } = layout.columns;
  if (idCol === undefined || orgCol === undefined || pinned === undefined) return pins;
  for (let index = 1; index < found.grid.length; index++) {
    const cells = rowAt(found.grid, index);
    const id = cleanText(cells[idCol]);
    const org = cleanText(cells[orgCol]);
    if (id === "" || org === "") continue;
    pins.set(pinKey(id, organisationKey(org)), parseYesNo(cells[pinned] ?? null) === true);
  }
  return pins;
}

const NO_ANSWER: Record<Lang, string> = { ar: "لم يُردّ", en: "no answer" };
const YES: Record<Lang, string> = { ar: "نعم", en: "yes" };

/** The tab as this sync writes it: the header in the staff's language, then every series' slots. */
export function scheduleValues(
  views: readonly SeriesView[],
  state: StoredState,
  lang: Lang,
): string[][] {
  const values = [SCHEDULE_COLUMNS.map((c) => c[lang])];
  for (const view of views) {
    for (const slot of view.slots) {
      const invitations = state.invitations.get(idKey(slot.slotMeetingId));
      const answers = new Map<string, number>();
      for (const invitee of slot.organisation.invitees) {
        const response = invitations?.get(invitee.email)?.response ?? null;
        const word =
          response === null
            ? NO_ANSWER[lang]
            : (RESPONSE_CHOICES.find((c) => c.value === response)?.[lang] ?? response);
        answers.set(word, (answers.get(word) ?? 0) + 1);
      }
      const answer = [...answers]
        .map(([word, n]) => `${word} ${n}`)
        .join(lang === "ar" ? "، " : ", ");
      const line: Record<(typeof SCHEDULE_COLUMNS)[number]["key"], string> = {
        series_id: view.meeting.id,
        organisation: slot.organisation.name,
        day: slot.day.replaceAll("-", "/"),
        time: `${slot.start}-${slot.end}`,
        invitees: slot.organisation.invitees.map((i) => i.email).join(", "),
        answer,
        pinned: slot.pinned ? YES[lang] : "",
      };
      values.push(SCHEDULE_COLUMNS.map((c) => line[c.key]));
    }
  }
  return values;
}
