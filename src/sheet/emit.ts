// A parsed sheet written back as a workbook of normalised values: English
// headers, ISO dates, 24-hour times, canonical dropdown words, each row on the
// row it came from. Reading it again gives the same meetings (the contract is
// idempotent); the demo and tests use it to make clean sheets.
import {
  CONTACT_COLUMNS,
  MEETING_COLUMNS,
  SETTINGS_COLUMNS,
  SETTINGS_KEYS,
  TABS,
} from "./contract.ts";
import { formatDate } from "./dates.ts";
import type { Cell, Contact, Meeting, ParsedSheet, Settings, Workbook } from "./types.ts";

function meetingCells(m: Meeting): Record<string, Cell> {
  return {
    id: m.id,
    title_ar: m.title_ar,
    title_en: m.title_en,
    date: formatDate(m.date, m.date_end),
    start: m.start,
    end: m.end,
    timezone: m.timezone,
    location: m.location,
    location_en: m.location_en,
    online_url: m.online_url,
    organization: m.organization,
    counterpart: m.counterpart,
    counterpart_en: m.counterpart_en,
    kind: m.kind,
    invite: m.invite.map((ref) => (ref.type === "group" ? ref.name : ref.email)).join(", "),
    agenda: m.agenda,
    agenda_en: m.agenda_en,
    status: m.status,
    publish: m.publish ? "yes" : "no",
    summary_ar: m.summary_ar,
    summary_en: m.summary_en,
    part_of: m.part_of,
    follows: m.follows,
  };
}

function contactCells(c: Contact): Record<string, Cell> {
  return {
    organization: c.organization,
    name: c.name,
    email: c.email,
    language: c.language,
    groups: c.groups.join(", "),
    active: c.active ? "yes" : "no",
  };
}

function settingValue(settings: Settings, key: keyof Settings): string {
  const value = settings[key];
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** Rows placed at their sheet row numbers, blank rows between, trailing blanks dropped as Google does. */
function placeRows(
  headers: string[],
  keys: readonly string[],
  items: readonly { row: number; cells: Record<string, Cell> }[],
): Cell[][] {
  const grid: Cell[][] = [headers];
  for (const item of items) {
    while (grid.length < item.row - 1) grid.push([]);
    const row = keys.map((key) => item.cells[key] ?? "");
    while (row.length > 0 && (row[row.length - 1] === "" || row[row.length - 1] === null))
      row.pop();
    grid[item.row - 1] = row;
  }
  return grid;
}

export function toWorkbook(parsed: ParsedSheet): Workbook {
  const meetingKeys = MEETING_COLUMNS.map((c) => c.key);
  const contactKeys = CONTACT_COLUMNS.map((c) => c.key);
  return {
    [TABS.meetings.en]: placeRows(
      MEETING_COLUMNS.map((c) => c.en),
      meetingKeys,
      parsed.meetings.map((m) => ({ row: m.row, cells: meetingCells(m) })),
    ),
    [TABS.contacts.en]: placeRows(
      CONTACT_COLUMNS.map((c) => c.en),
      contactKeys,
      parsed.contacts.map((c) => ({ row: c.row, cells: contactCells(c) })),
    ),
    [TABS.settings.en]: [
      SETTINGS_COLUMNS.map((c) => c.en),
      ...SETTINGS_KEYS.map((def) => [def.en, settingValue(parsed.settings, def.key)]),
    ],
  };
}
