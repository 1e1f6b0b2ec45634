// Some Meetings rows parsed on their own, for the incremental sync
// (src/sync/incremental.ts): the rows a one-cell edit changed, read with the
// Contacts, Settings and header of the last full parse, so that the rest of the
// sheet need not be parsed again. Each row is parsed by the same code as in
// parseSheet (parseMeetings), at the same row number: the other rows are not
// read, as if blank (blank rows are skipped). What the full parse
// computes across rows (duplicate IDs, proposed IDs) the caller rules out: it
// only asks this for rows whose ID cell is unchanged and was clean.
import type { ContactBook } from "./contacts.ts";
import { type KnownIds, parseMeetings } from "./meetings.ts";
import type { Grid, Meeting, Problem, RejectedRow, Settings } from "./types.ts";

export interface RowsContext {
  /** The Meetings tab's title and its grid as read now (header included). */
  title: string;
  grid: Grid;
  book: ContactBook;
  settings: Settings;
  zoneUsable: boolean;
  known: KnownIds;
}

export interface ParsedRows {
  meetings: Meeting[];
  rejected: RejectedRow[];
  /** Every problem the parse found, tab-wide ones (a missing optional column) included. */
  problems: Problem[];
}

/** Parses the rows at these grid indexes (0 is the header, so row number = index + 1). */
export function parseRows(context: RowsContext, indexes: ReadonlySet<number>): ParsedRows {
  const problems: Problem[] = [];
  const { meetings, rejected } = parseMeetings(
    { title: context.title, grid: context.grid },
    context.book,
    context.settings,
    context.zoneUsable,
    context.known,
    problems,
    [...indexes].sort((a, b) => a - b),
  );
  return { meetings, rejected, problems };
}
