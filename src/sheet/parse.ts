// The sheet contract's entry point: a workbook as the Sheets API returns it in,
// typed and normalised Meetings, Contacts and Settings, and every problem, out.
// Pure: no I/O, no clock, and no input makes it throw.
import { type ContactBook, emptyBook, parseContacts } from "./contacts.ts";
import { TABS } from "./contract.ts";
import { findTab, missingTabProblem } from "./layout.ts";
import { parseMeetings } from "./meetings.ts";
import { MESSAGES, problem } from "./problems.ts";
import { defaultSettings, parseSettings, senderMissingProblem } from "./settings.ts";
import type { ParsedSheet, Problem, Settings, TabLayout, Workbook } from "./types.ts";

export interface ParseOptions {
  /** IDs used before (e.g. by rows since deleted); a proposed ID never equals one of them. */
  existingIds?: ReadonlySet<string>;
  /**
   * IDs someone is still invited to, by idKey: a blank Status on such a row is
   * an error (the sync keeps the meeting as it was), not a draft that would
   * cancel it for everyone.
   */
  invitedIds?: ReadonlySet<string>;
  /**
   * The Settings of the last good sync: a Settings value that is unusable now,
   * or a Settings tab that is gone, falls back to these (with a warning) rather
   * than to the defaults, which would move every meeting that relies on them.
   */
  lastGoodSettings?: Settings;
  /** Handed the Contacts as parsed, for the incremental sync to parse changed rows with (parse-rows.ts). */
  onBook?: (book: ContactBook) => void;
}

export function parseSheet(workbook: Workbook, options: ParseOptions = {}): ParsedSheet {
  const problems: Problem[] = [];
  const safe: Workbook = workbook !== null && typeof workbook === "object" ? workbook : {};

  const settingsTab = findTab(safe, "settings", problems);
  const contactsTab = findTab(safe, "contacts", problems);
  const meetingsTab = findTab(safe, "meetings", problems);

  // Settings first: the default time zone is needed to read meetings.
  let settings = defaultSettings();
  let settingsLayout: TabLayout | null = null;
  let zoneUsable = true;
  const lastGood = options.lastGoodSettings;
  if (settingsTab === null) {
    problems.push(missingTabProblem("settings", "warning"));
    if (lastGood !== undefined) {
      settings = { ...lastGood, staff_emails: [...lastGood.staff_emails] };
      problems.push(
        problem(
          { tab: TABS.settings.en, row: null, column: null },
          "settings.last_good",
          "warning",
          null,
          MESSAGES["settings.tab_last_good"](),
        ),
      );
    }
    if (settings.sender === null) {
      problems.push(senderMissingProblem({ tab: TABS.settings.en, row: null, column: null }, null));
    }
  } else {
    const parsed = parseSettings(settingsTab, problems, lastGood);
    settings = parsed.settings;
    settingsLayout = parsed.layout;
    zoneUsable = parsed.zoneUsable;
  }

  let book = emptyBook();
  if (contactsTab === null) {
    problems.push(missingTabProblem("contacts", "warning"));
  } else {
    book = parseContacts(contactsTab, problems);
  }
  options.onBook?.(book);

  if (meetingsTab === null) {
    problems.push(missingTabProblem("meetings", "error"));
    return {
      meetings: [],
      rejected: [],
      contacts: book.contacts,
      contactIndex: book.index,
      settings,
      settingsTrusted: zoneUsable,
      problems,
      layout: { meetings: null, contacts: book.layout, settings: settingsLayout },
    };
  }
  const { meetings, rejected, layout } = parseMeetings(
    meetingsTab,
    book,
    settings,
    zoneUsable,
    { existing: options.existingIds ?? new Set(), invited: options.invitedIds ?? new Set() },
    problems,
  );
  return {
    meetings,
    rejected,
    contacts: book.contacts,
    contactIndex: book.index,
    settings,
    settingsTrusted: zoneUsable,
    problems,
    layout: { meetings: layout, contacts: book.layout, settings: settingsLayout },
  };
}
