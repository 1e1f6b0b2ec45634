// The Meetings tab: one row a meeting. Each row is read field by field; any
// error sends the row to `rejected` (the sync keeps its last good state), and
// warnings let it through. Rules that depend on the status live here too.

import { readPublishSchedule, readSeries } from "../series/row.ts";
import type { ContactBook } from "./contacts.ts";
import {
  type EnglishTextKey,
  KIND_CHOICES,
  MEETING_COLUMNS,
  type MeetingKey,
  STATUS_CHOICES,
} from "./contract.ts";
import { parseDate } from "./dates.ts";
import { parseChoice, parseTimeZone, parseUrl, parseYesNo, suggestTimeZone } from "./fields.ts";
import { idKey, proposeId } from "./ids.ts";
import { type Report, readInvite } from "./invite.ts";
import { type FoundTab, missingColumnProblem, readLayout, rowAt } from "./layout.ts";
import { checkLinks, type LinkKey } from "./links.ts";
import { MESSAGES, problem } from "./problems.ts";
import { type RowReader, rowReader } from "./row.ts";
import { cellText, cleanText, fieldText, textOrNull } from "./text.ts";
import { parseTime } from "./times.ts";
import type {
  Cell,
  Meeting,
  MeetingStatus,
  Problem,
  RejectedRow,
  Settings,
  TabLayout,
} from "./types.ts";

const STATUS_SYNONYMS: Readonly<Record<string, MeetingStatus>> = {
  confirmed: "scheduled",
  canceled: "cancelled",
  done: "held",
  مسوده: "draft",
  مؤكده: "scheduled",
  مجدول: "scheduled",
  ملغي: "cancelled",
  ملغاه: "cancelled",
  منعقده: "held",
  عقد: "held",
};

const KIND_SYNONYMS = {
  "اجتماع ثنائي": "bilateral",
  ورشه: "workshop",
  مشاوره: "consultation",
  "workshop/training": "workshop",
} as const;

/** Columns whose content makes a row a meeting; a row blank in all of them is skipped. */
const CONTENT_KEYS = MEETING_COLUMNS.filter((c) => c.key !== "sync").map((c) => c.key);

export interface MeetingsResult {
  meetings: Meeting[];
  rejected: RejectedRow[];
  layout: TabLayout<MeetingKey>;
}

/** What the sync remembers of IDs, by idKey, for the rules that depend on a meeting's past. */
export interface KnownIds {
  /** IDs used before (e.g. by rows since deleted); a proposed ID never equals one of them. */
  existing: ReadonlySet<string>;
  /** IDs someone is still invited to: a blank Status on one is an error, not a draft. */
  invited: ReadonlySet<string>;
}

/**
 * parseDate and parseTime of the Date, Start and End cells a tab repeats (many
 * meetings share a day; most share a handful of times), read once per parse.
 * Both are pure functions of the cell, and their results are only read.
 */
class CellMemory {
  readonly date = memoryOf(parseDate);
  readonly time = memoryOf(parseTime);
}

/** A pure reader of a cell, remembering its answer for each string cell. */
function memoryOf<T>(read: (cell: Cell) => T): (cell: Cell) => T {
  const answers = new Map<string, T>();
  return (cell) => {
    if (typeof cell !== "string") return read(cell);
    let answer = answers.get(cell);
    if (answer === undefined) {
      answer = read(cell);
      answers.set(cell, answer);
    }
    return answer;
  };
}

export function parseMeetings(
  found: FoundTab,
  book: ContactBook,
  settings: Settings,
  zoneUsable: boolean,
  known: KnownIds,
  problems: Problem[],
): MeetingsResult {
  const { layout, missing } = readLayout(found, MEETING_COLUMNS, problems);
  // One title column is enough: the contract needs at least one title, in either language.
  const unmet = missing.filter(
    (c) => !(c.key === "title_ar" && layout.columns.title_en !== undefined),
  );
  const rows: RowReader<MeetingKey>[] = [];
  for (let index = 1; index < found.grid.length; index++) {
    const r = rowReader(layout, rowAt(found.grid, index), index + 1);
    if (!r.blank(CONTENT_KEYS)) rows.push(r);
  }
  const rowId = (r: RowReader<MeetingKey>) => cleanText(r.cell("id"));

  if (unmet.length > 0) {
    for (const column of unmet) problems.push(missingColumnProblem(found.title, column));
    return {
      meetings: [],
      rejected: rows.map((r) => ({ row: r.row, id: rowId(r) || null })),
      layout,
    };
  }

  // The ID column is optional in the contract, but without it no proposed ID can
  // be written, and the plan waits for one forever: say so once, on the tab.
  const tabPlace = { tab: found.title, row: 1, column: null };
  if (layout.columns.id === undefined) {
    problems.push(
      problem(tabPlace, "column.id_missing", "error", null, MESSAGES["column.id_missing"]()),
    );
  }
  if (layout.columns.sync === undefined) {
    problems.push(
      problem(tabPlace, "column.sync_missing", "warning", null, MESSAGES["column.sync_missing"]()),
    );
  }

  const rowsById = new Map<string, number[]>();
  for (const r of rows) {
    const id = rowId(r);
    if (id === "") continue;
    const list = rowsById.get(idKey(id)) ?? [];
    list.push(r.row);
    rowsById.set(idKey(id), list);
  }

  const meetings: Meeting[] = [];
  const rejected: RejectedRow[] = [];
  const cells = new CellMemory();
  const read: { r: RowReader<MeetingKey>; meeting: Meeting | null; error: boolean }[] = [];
  for (const r of rows) {
    // The row's problems go straight onto the list (no array of its own to copy):
    // they are the ones from `first` on.
    const first = problems.length;
    const meeting = parseRow(
      r,
      book,
      settings,
      zoneUsable,
      rowsById,
      known.invited,
      problems,
      cells,
    );
    read.push({ r, meeting, error: meeting === null || hasError(problems, first) });
  }
  // Links name other rows, so they are checked once every row is read.
  const looped = checkLinks(read, layout, problems);
  for (const { r, meeting, error } of read) {
    if (meeting === null || error || looped.has(r.row)) {
      rejected.push({ row: r.row, id: rowId(r) || null });
    } else {
      meetings.push(meeting);
    }
  }

  // IDs are proposed once every ID in the sheet is known, so a proposal never takes one.
  const taken = new Set([...rowsById.keys(), ...Array.from(known.existing, idKey)]);
  for (const meeting of meetings) {
    if (!meeting.id_proposed) continue;
    meeting.id = proposeId(meeting, taken);
    taken.add(idKey(meeting.id));
  }
  return { meetings, rejected, layout };
}

/** Whether any problem from index `first` on is an error. */
function hasError(problems: readonly Problem[], first: number): boolean {
  for (let i = first; i < problems.length; i++) if (problems[i]?.severity === "error") return true;
  return false;
}

function parseRow(
  r: RowReader<MeetingKey>,
  book: ContactBook,
  settings: Settings,
  zoneUsable: boolean,
  rowsById: ReadonlyMap<string, number[]>,
  invitedIds: ReadonlySet<string>,
  out: Problem[],
  cells: CellMemory,
): Meeting | null {
  const report: Report = (key, code, severity, value, message) => {
    out.push(problem(r.place(key), code, severity, value, message));
  };
  const raw = (key: MeetingKey) => cellText(r.cell(key));
  const present = (key: MeetingKey) => fieldText(r.cell(key)) !== "";

  const id = cleanText(r.cell("id"));
  if (id !== "") {
    const rowsWithId = rowsById.get(idKey(id));
    // Most IDs are on one row; the list of the others is only made for a duplicate.
    if (rowsWithId !== undefined && rowsWithId.length > 1) {
      const others = rowsWithId.filter((row) => row !== r.row);
      report("id", "id.duplicate", "error", id, MESSAGES["id.duplicate"](id, others));
    }
  }

  const title_ar = textOrNull(r.cell("title_ar"));
  const title_en = textOrNull(r.cell("title_en"));
  if (title_ar === null && title_en === null) {
    report("title_ar", "title.missing", "error", null, MESSAGES["title.missing"]());
  }

  let status: MeetingStatus = "draft";
  if (present("status")) {
    const parsed = parseChoice(r.cell("status"), STATUS_CHOICES, STATUS_SYNONYMS);
    if (parsed === null) {
      report(
        "status",
        "status.unknown",
        "error",
        raw("status"),
        MESSAGES["status.unknown"](raw("status")),
      );
    } else {
      status = parsed;
    }
  } else if (id !== "" && invitedIds.has(idKey(id))) {
    // Blank means draft only for a meeting nobody was invited to: for one that
    // was, a draft would cancel it for everyone, and a cleared cell is far
    // likelier a slip than a decision. Cancelling takes the word.
    report("status", "status.blank_invited", "error", null, MESSAGES["status.blank_invited"]());
  }

  let date: string | null = null;
  let date_end: string | null = null;
  if (present("date")) {
    const parsed = cells.date(r.cell("date"));
    if (parsed.ok) {
      date = parsed.date;
      date_end = parsed.date_end;
    } else {
      const code = `date.${parsed.reason}` as const;
      report("date", code, "error", raw("date"), MESSAGES[code](raw("date")));
    }
  } else if (status === "scheduled") {
    report("date", "date.missing", "error", null, MESSAGES["date.missing"]());
  }

  let start: string | null = null;
  let end: string | null = null;
  for (const key of ["start", "end"] as const) {
    if (!present(key)) continue;
    const parsed = cells.time(r.cell(key));
    if (parsed.ok) {
      if (key === "start") start = parsed.time;
      else end = parsed.time;
    } else {
      report(key, "time.invalid", "error", raw(key), MESSAGES["time.invalid"](raw(key)));
    }
  }
  if (end !== null && start === null && !present("start")) {
    report(
      "end",
      "time.end_without_start",
      "error",
      raw("end"),
      MESSAGES["time.end_without_start"](),
    );
  }
  // Within one day the end must come after the start; a range's last day may end earlier.
  if (start !== null && end !== null && date_end === null && end <= start) {
    report(
      "end",
      "time.end_before_start",
      "error",
      raw("end"),
      MESSAGES["time.end_before_start"](start, end),
    );
  }

  let timezone = settings.timezone;
  if (present("timezone")) {
    const zone = parseTimeZone(r.cell("timezone"));
    if (zone === null) {
      const value = raw("timezone");
      report(
        "timezone",
        "timezone.invalid",
        "error",
        value,
        MESSAGES["timezone.invalid"](value, suggestTimeZone(value)),
      );
    } else {
      timezone = zone;
    }
  } else if (!zoneUsable && date !== null) {
    // Guessing a zone would send times that may be hours off, and mend them later
    // with an update to everyone: the row waits for a default that is real.
    report("timezone", "timezone.no_default", "error", null, MESSAGES["timezone.no_default"]());
  }

  let online_url: string | null = null;
  if (present("online_url")) {
    online_url = parseUrl(r.cell("online_url"));
    if (online_url === null) {
      report(
        "online_url",
        "url.invalid",
        "error",
        raw("online_url"),
        MESSAGES["url.invalid"](raw("online_url")),
      );
    }
  }

  let kind: Meeting["kind"] = null;
  if (present("kind")) {
    kind = parseChoice(r.cell("kind"), KIND_CHOICES, KIND_SYNONYMS);
    if (kind === null) {
      report("kind", "kind.unknown", "warning", raw("kind"), MESSAGES["kind.unknown"](raw("kind")));
    }
  }

  let publish = false;
  const publishCell = r.cell("publish");
  if (typeof publishCell === "boolean" || present("publish")) {
    const parsed = parseYesNo(publishCell);
    if (parsed === null) {
      report(
        "publish",
        "publish.unknown",
        "warning",
        raw("publish"),
        MESSAGES["publish.unknown"](raw("publish")),
      );
    } else {
      publish = parsed;
    }
  }

  const invite = readInvite(r, status, book, report);
  const series = readSeries(
    r,
    { kind, status, date, date_end, start, end, invite },
    book.index,
    report,
  );

  return {
    id,
    id_proposed: id === "",
    row: r.row,
    title_ar,
    title_en,
    date,
    date_end,
    start,
    end,
    timezone,
    location: textOrNull(r.cell("location")),
    ...optionalText(r, "location_en"),
    online_url,
    organization: textOrNull(r.cell("organization")),
    counterpart: textOrNull(r.cell("counterpart")),
    ...optionalText(r, "counterpart_en"),
    kind,
    invite,
    agenda: textOrNull(r.cell("agenda")),
    ...optionalText(r, "agenda_en"),
    status,
    publish,
    summary_ar: textOrNull(r.cell("summary_ar")),
    summary_en: textOrNull(r.cell("summary_en")),
    ...optionalText(r, "part_of"),
    ...optionalText(r, "follows"),
    ...(series === undefined ? {} : { series }),
    ...readPublishSchedule(r, kind, report),
  };
}

/** A column's text as its key, or nothing when blank or absent: Meeting's `*_en` and link fields. */
function optionalText<K extends EnglishTextKey | LinkKey>(
  r: RowReader<MeetingKey>,
  key: K,
): Partial<Record<K, string>> {
  const text = textOrNull(r.cell(key));
  return text === null ? {} : ({ [key]: text } as Record<K, string>);
}
