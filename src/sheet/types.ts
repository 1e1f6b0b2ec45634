// The sheet contract's types: what a parsed sheet is made of. Every module that
// reads a parsed sheet (sync, mail, feed, validator) speaks these. Field names
// follow the contract's keys in src/sheet/contract.ts (snake_case), so the
// validator's --json output and the code read the same.

export type Lang = "ar" | "en";

/** Text a person reads, in both of Liqaa's languages. */
export interface Bilingual {
  ar: string;
  en: string;
}

export type MeetingStatus = "draft" | "scheduled" | "cancelled" | "held";
export type MeetingKind =
  | "meeting"
  | "bilateral"
  | "workshop"
  | "consultation"
  | "briefing"
  | "bilateral_series";

/** One cell as the Sheets API returns it (FORMATTED_VALUE gives strings; UNFORMATTED_VALUE numbers and booleans too). */
export type Cell = string | number | boolean | null | undefined;
/** One tab's values: rows of cells, ragged (trailing empty cells and rows dropped), row 1 the headers. */
export type Grid = readonly (readonly Cell[])[];
/** The tabs read from one spreadsheet, keyed by the tab's title exactly as the sheet has it. */
export type Workbook = Readonly<Record<string, Grid>>;

/** A name in the Invite cell: a contact group, or an address named directly. */
export type InviteRef = { type: "group"; name: string } | { type: "email"; email: string };

export interface Meeting {
  /** The ID cell, or a proposed new ID when the cell was blank (then id_proposed is true). */
  id: string;
  id_proposed: boolean;
  /** The row number as the sheet shows it (header is row 1). */
  row: number;
  title_ar: string | null;
  title_en: string | null;
  /** ISO YYYY-MM-DD; null only for a held meeting with no known date. */
  date: string | null;
  /** ISO YYYY-MM-DD, the last day of a range; null for a single day. */
  date_end: string | null;
  /** HH:MM, 24-hour; null = all day. */
  start: string | null;
  end: string | null;
  /** IANA zone: the row's own, or the Settings default. */
  timezone: string;
  /** The place, counterpart and agenda as the Arabic columns give them (Location, Counterpart, Agenda). */
  location: string | null;
  /**
   * The English columns of the same fields. Absent, not null, when the sheet has
   * no such column or the cell is blank: a meeting from a sheet without them is
   * the very object (and the same JSON in D1) it was before they existed.
   */
  location_en?: string;
  online_url: string | null;
  organization: string | null;
  counterpart: string | null;
  counterpart_en?: string;
  kind: MeetingKind | null;
  invite: InviteRef[];
  agenda: string | null;
  agenda_en?: string;
  status: MeetingStatus;
  publish: boolean;
  summary_ar: string | null;
  summary_en: string | null;
  /**
   * Linked meetings (src/sheet/links.ts): the ID, as written, of the event this
   * one is held on the margins of, and of the meeting or series it follows.
   * Absent when blank, so an older sheet parses to the very same objects.
   */
  part_of?: string;
  follows?: string;
  /**
   * A bilateral series' slots (Type `bilateral series`, src/series/): Date, Start
   * and End are the daily window. Absent on every other row, so a sheet without
   * series parses to the very objects (and fingerprints) it did before.
   */
  series?: SeriesSettings;
  /**
   * Publish schedule `yes` on a series: its feed item lists who meets when.
   * Absent when blank or no (and on any other row), so older sheets parse the same.
   */
  publish_schedule?: true;
  /**
   * Set by the sync, never by the parser: on the feed's copy of a series row
   * that publishes its schedule, the slots this run assigned, in schedule order
   * (src/series/public-schedule.ts). Never stored, never in a fingerprint.
   */
  schedule?: readonly ScheduleEntry[];
}

/** One organisation's slot as the feed may publish it: local day and times in the meeting's zone. */
export interface ScheduleEntry {
  organization: string;
  day: string;
  start: string;
  end: string;
}

export interface SeriesSettings {
  slot_minutes: number;
  break_minutes: number;
}

export interface Contact {
  row: number;
  organization: string | null;
  name: string | null;
  /** Lower-cased domain, local part as written. */
  email: string;
  language: Lang;
  groups: string[];
  active: boolean;
}

export interface Settings {
  sender: string | null;
  reply_to: string | null;
  network_name_ar: string | null;
  network_name_en: string | null;
  /** IANA zone used when a meeting names none. */
  timezone: string;
  /** Hours before the start that a reminder goes out. */
  reminder_hours: number;
  staff_emails: string[];
  /** Minutes at least between two problem digests to one staff address. */
  digest_minutes: number;
  public_url: string | null;
  /** Who gets a held meeting's summary. */
  summary_to: "invited" | "accepted";
  /** "both": the contact's language first, then the other; otherwise that language only. */
  email_languages: "both" | Lang;
  /**
   * Days before the start that one follow-up goes to invitees who have not
   * answered (src/sync/follow-up.ts). Absent, not null, when there is none: a
   * sheet without the setting parses to the same Settings as before it existed.
   */
  follow_up_days?: number;
}

export type ProblemSeverity = "error" | "warning";

/** One thing wrong in the sheet, in words a person can act on. */
export interface Problem {
  /** The tab's title as the sheet has it (or the contract's English name when the tab is missing). */
  tab: string;
  /** The row number as the sheet shows it; null for a problem with the whole tab. */
  row: number | null;
  /** The column header as the staff wrote it; null when not about one column. */
  column: string | null;
  /** The offending cell as text; null when there is none. */
  value: string | null;
  /** A stable machine code, e.g. "date.invalid". */
  code: string;
  /** errors make the row unusable; warnings are reported and the row goes on. */
  severity: ProblemSeverity;
  message: Bilingual;
}

/** Where a tab was found and which column holds each key (0-based), for write-back. */
export interface TabLayout<Key extends string = string> {
  title: string;
  columns: Partial<Record<Key, number>>;
  /** Header text as written, by column index. */
  headers: string[];
}

/** A meetings row that could not be used; the sync keeps its last good state. */
export interface RejectedRow {
  row: number;
  /** The ID cell if it held one, so its last good state can be kept. */
  id: string | null;
}

/** Someone an email goes to: a lower-cased address and the language to write in. */
export interface Invitee {
  readonly email: string;
  readonly language: Lang;
}

/**
 * The contacts as the plan looks them up, built by the parser while it reads
 * Contacts (so the plan need not build it again for every sync).
 */
export interface ContactIndex {
  /** groupKey(group name) → the active contacts in that group, in sheet order, each once. */
  byGroup: Map<string, Invitee[]>;
  /** Lower-cased address → contact. */
  byEmail: Map<string, Contact>;
}

export interface ParsedSheet {
  /** Valid meetings, in sheet order. */
  meetings: Meeting[];
  /** Meetings rows with at least one error. */
  rejected: RejectedRow[];
  contacts: Contact[];
  /** `contacts` indexed for the plan; absent on a sheet not made by parseSheet, which the plan then indexes itself. */
  contactIndex?: ContactIndex;
  settings: Settings;
  /**
   * False when `settings` holds a guess that must not be remembered as the last
   * good Settings: the default time zone was unusable and none was known before.
   * Absent means true.
   */
  settingsTrusted?: boolean;
  problems: Problem[];
  layout: {
    meetings: TabLayout | null;
    contacts: TabLayout | null;
    settings: TabLayout | null;
  };
}
