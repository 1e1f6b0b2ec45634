// The Meetings tab: one row a meeting. Each row is read field by field; any
// error sends the row to `rejected` (the sync keeps its last good state), and
// warnings let it through. Rules that depend on the status live here too.

import { readPublishSchedule, readSeries } from "../series/row.ts";
import { CellMemory } from "./cell-memory.ts";
import type { ContactBook } from "./contacts.ts";
import { KIND_CHOICES, MEETING_COLUMNS, type MeetingKey, STATUS_CHOICES } from "./contract.ts";
import { parseChoice, parseTimeZone, parseUrl, parseYesNo, suggestTimeZone } from "./fields.ts";
import { idKey, proposeId } from "./ids.ts";
import { type Report, readInvite } from "./invite.ts";
import { type FoundTab, missingColumnProblem, readLayout, rowAt } from "./layout.ts";
import { checkLinks } from "./links.ts";
import { MESSAGES, problem } from "./problems.ts";
import { type RowReader, rowReader } from "./row.ts";
import { cellText, cleanText, isBlank, textOrNull } from "./text.ts";
import type { Meeting, MeetingStatus, Problem, RejectedRow, Settings, TabLayout } from "./types.ts";

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

export function parseMeetings(
  found: FoundTab,
  book: ContactBook,
  settings: Settings,
  zoneUsable: boolean,
  known: KnownIds,
  problems: Problem[],
  /**
   * Only these grid indexes, ascending (parse-rows.ts): the other rows are not
   * read at all, as a grid blank but for them would have them skipped.
   */
  only?: readonly number[],
): MeetingsResult {
  const { layout, missing } = readLayout(found, MEETING_COLUMNS, problems);
  // One title column is enough: the contract needs at least one title, in either language.
  const unmet = missing.filter(
    (c) => !(c.key === "title_ar" && layout.columns.title_en !== undefined),
  );
  const rows: RowReader<MeetingKey>[] = [];
  const take = (index: number) => {
    const r = rowReader(layout, rowAt(found.grid, index), index + 1);
    if (!r.blank(CONTENT_KEYS)) rows.push(r);
  };
  if (only) {
    for (const index of only) if (index >= 1 && index < found.grid.length) take(index);
  } else {
    for (let index = 1; index < found.grid.length; index++) take(index);
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

  // Each row's ID cell, read once; by idKey, the row or (for a repeated ID) rows that hold it.
  const ids = rows.map(rowId);
  const rowsById: RowsById = new Map();
  for (let i = 0; i < rows.length; i++) {
    const id = ids[i] as string;
    if (id === "") continue;
    const key = idKey(id);
    const row = (rows[i] as RowReader<MeetingKey>).row;
    const earlier = rowsById.get(key);
    if (earlier === undefined) rowsById.set(key, row);
    else if (typeof earlier === "number") rowsById.set(key, [earlier, row]);
    else earlier.push(row);
  }

  const meetings: Meeting[] = [];
  const rejected: RejectedRow[] = [];
  const cells = new CellMemory();
  const read: { r: RowReader<MeetingKey>; meeting: Meeting | null; error: boolean }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as RowReader<MeetingKey>;
    // The row's problems go straight onto the list (no array of its own to copy):
    // they are the ones from `first` on.
    const first = problems.length;
    const meeting = parseRow(
      r,
      ids[i] as string,
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
  for (let i = 0; i < read.length; i++) {
    const { r, meeting, error } = read[i] as (typeof read)[number];
    if (meeting === null || error || looped.has(r.row)) {
      rejected.push({ row: r.row, id: (ids[i] as string) || null });
    } else {
      meetings.push(meeting);
    }
  }

  // IDs are proposed once every ID in the sheet is known, so a proposal never takes one.
  let taken: Set<string> | null = null;
  for (const meeting of meetings) {
    if (!meeting.id_proposed) continue;
    // Made for the first row without an ID: a sheet whose rows all have one needs no copy of its IDs.
    taken ??= new Set([...rowsById.keys(), ...Array.from(known.existing, idKey)]);
    meeting.id = proposeId(meeting, taken);
    taken.add(idKey(meeting.id));
  }
  return { meetings, rejected, layout };
}

/** Rows by the idKey of their ID cell: the row, or the rows when several hold it. */
type RowsById = Map<string, number | number[]>;

/** Whether any problem from index `first` on is an error. */
function hasError(problems: readonly Problem[], first: number): boolean {
  for (let i = first; i < problems.length; i++) if (problems[i]?.severity === "error") return true;
  return false;
}

function parseRow(
  r: RowReader<MeetingKey>,
  /** The ID cell as cleanText reads it. */
  id: string,
  book: ContactBook,
  settings: Settings,
  zoneUsable: boolean,
  rowsById: RowsById,
  invitedIds: ReadonlySet<string>,
  out: Problem[],
  cells: CellMemory,
): Meeting | null {
  const report: Report = (key, code, severity, value, message) => {
    out.push(problem(r.place(key), code, severity, value, message));
  };
  const raw = (key: MeetingKey) => cellText(r.cell(key));
  // fieldText(cell) !== "", which isBlank answers without folding a cell that holds a letter.
  const present = (key: MeetingKey) => !isBlank(r.cell(key));

  if (id !== "") {
    const rowsWithId = rowsById.get(idKey(id));
    // Most IDs are on one row; the list of the others is only made for a duplicate.
    if (rowsWithId !== undefined && typeof rowsWithId !== "number") {
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

  // Built field by field in Meeting's order (the order D1 and the feed store it
  // in), an optional field only when it has a value: no object per optional
  // field and no spreading of one into the meeting, on every row of every sync.
  const meeting = {
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
  } as Meeting;
  const location_en = textOrNull(r.cell("location_en"));
  if (location_en !== null) meeting.location_en = location_en;
  meeting.online_url = online_url;
  meeting.organization = textOrNull(r.cell("organization"));
  meeting.counterpart = textOrNull(r.cell("counterpart"));
  const counterpart_en = textOrNull(r.cell("counterpart_en"));
  if (counterpart_en !== null) meeting.counterpart_en = counterpart_en;
  meeting.kind = kind;
  meeting.invite = invite;
  meeting.agenda = textOrNull(r.cell("agenda"));
  const agenda_en = textOrNull(r.cell("agenda_en"));
  if (agenda_en !== null) meeting.agenda_en = agenda_en;
  meeting.status = status;
  meeting.publish = publish;
  meeting.summary_ar = textOrNull(r.cell("summary_ar"));
  meeting.summary_en = textOrNull(r.cell("summary_en"));
  const part_of = textOrNull(r.cell("part_of"));
  if (part_of !== null) meeting.part_of = part_of;
  const follows = textOrNull(r.cell("follows"));
  if (follows !== null) meeting.follows = follows;
  if (series !== undefined) meeting.series = series;
  if (readPublishSchedule(r, kind, report).publish_schedule === true)
    meeting.publish_schedule = true;
  return meeting;
}
