// The Contacts tab: one row a person, keyed by email address; groups are what
// a meeting's Invite column names.

import { activeOf, languageOf } from "./contact-cells.ts";
import { CONTACT_COLUMNS, type ContactKey } from "./contract.ts";
import { headerKey, normalizeEmail, parseEmailText, splitList } from "./fields.ts";
import { type FoundTab, missingColumnProblem, readLayout, rowAt } from "./layout.ts";
import { plainAddress } from "./plain-cells.ts";
import { MESSAGES, problem } from "./problems.ts";
import { blankAt, type ColumnIndex, cellAt, columnIndex, placeAt, reportAt } from "./row.ts";
import { cellText, fieldText, textOrNull } from "./text.ts";
import type { Cell, Contact, ContactIndex, Invitee, Problem, TabLayout } from "./types.ts";

/** A group name as Invite and Contacts are compared by the plan: case and spacing do not matter. */
export const groupKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

export interface ContactBook {
  contacts: Contact[];
  /** Contacts by normalizeEmail. */
  byEmail: Map<string, Contact>;
  /**
   * The contact a normalised name stands for, for an Invite cell that names a
   * person: null when two contacts share the name, undefined when none has it.
   */
  byName(key: string): Contact | null | undefined;
  /** Group names by normalised name, spelled as the first contact that has it. */
  groups: Map<string, string>;
  /**
   * headerKey (normalizeHeader), remembered for this sheet: group names repeat on every
   * contact and meeting that uses them, and a sheet may have thousands of groups
   * (more than a module-wide memory should keep).
   */
  nameKey(text: string): string;
  /** The group names (as in `groups`) that have at least one active contact, so an Invite cell is checked without a scan of Contacts. */
  activeGroups: Set<string>;
  /** The same contacts as the plan looks them up, filled as each is read. */
  index: ContactIndex;
  /** A Groups cell as written → what readGroups made of it (cells naming no address only). */
  groupCells: Map<string, Groups>;
  /** An item of a Groups cell as written (trimmed) → its group. */
  groupItems: Map<string, GroupEntry>;
  /** The same groups by normalised name, as `groups`. */
  groupEntries: Map<string, GroupEntry>;
  layout: TabLayout<ContactKey> | null;
}

/**
 * One group of the sheet, found once per spelling and then reached from a
 * Groups cell with one look-up: its name as `groups` spells it, and its list
 * in `index.byGroup` once a contact in it is active (undefined until then).
 */
export interface GroupEntry {
  readonly name: string;
  members: Invitee[] | undefined;
}

/** A Groups cell read: its groups, and their names as Contact.groups lists them. */
interface Groups {
  readonly entries: readonly GroupEntry[];
  /**
   * Shared by every contact whose cell reads the same (one array per distinct
   * cell, not per contact: fewer objects for the collector to copy), and
   * frozen so that sharing can never leak a change from one contact to another.
   */
  readonly names: string[];
}

export function emptyBook(): ContactBook {
  const contacts: Contact[] = [];
  // Built on the first name an Invite cell uses: most cells name groups and
  // addresses, and normalising every contact's name is a cost a sync need not pay.
  let names: Map<string, Contact | null> | null = null;
  const keys = new Map<string, string>();
  const nameKey = (text: string) => {
    let key = keys.get(text);
    if (key === undefined) {
      key = headerKey(text);
      keys.set(text, key);
    }
    return key;
  };
  const byEmail = new Map<string, Contact>();
  return {
    contacts,
    nameKey,
    byEmail,
    byName(key) {
      if (names === null) {
        names = new Map();
        for (const contact of contacts) {
          if (contact.name === null) continue;
          // Through the memory above: a network's names repeat less than its groups, but they do.
          const name = nameKey(contact.name);
          names.set(name, names.has(name) ? null : contact);
        }
      }
      return names.get(key);
    },
    groups: new Map(),
    activeGroups: new Set(),
    // The same map as byEmail (same keys, same contacts, same order): filled once, not twice.
    index: { byGroup: new Map(), byEmail },
    groupCells: new Map(),
    groupItems: new Map(),
    groupEntries: new Map(),
    layout: null,
  };
}

export function parseContacts(found: FoundTab, problems: Problem[]): ContactBook {
  const book = emptyBook();
  const { layout, missing } = readLayout(found, CONTACT_COLUMNS, problems);
  book.layout = layout;
  if (missing.length > 0) {
    for (const column of missing) problems.push(missingColumnProblem(found.title, column));
    return book;
  }
  const at = columnIndex(layout, CONTACT_KEYS);
  const all = CONTACT_KEYS.map((key) => at[key]);
  const grid = found.grid;
  for (let index = 1; index < grid.length; index++) {
    const cells = rowAt(grid, index);
    if (!blankAt(cells, all)) readContact(book, at, cells, index + 1, problems);
  }
  return book;
}

const CONTACT_KEYS = CONTACT_COLUMNS.map((column) => column.key);

/** One Contacts row into the book, its cells read by column index; a row without a usable address is reported and left out. */
function readContact(
  book: ContactBook,
  at: ColumnIndex<ContactKey>,
  cells: readonly Cell[],
  row: number,
  problems: Problem[],
): void {
  const layout = book.layout as TabLayout<ContactKey>;
  const emailCell = cellAt(cells, at.email);
  // The usual cell is a plain address, which the general reading returns as it is.
  let email = plainAddress(emailCell);
  if (email === null) {
    const rawEmail = cellText(emailCell);
    const emailText = fieldText(rawEmail);
    if (emailText === "") {
      reportAt(
        problems,
        layout,
        row,
        at.email,
        "contact.email_missing",
        "error",
        null,
        MESSAGES["contact.email_missing"](),
      );
      return;
    }
    email = parseEmailText(emailText);
    if (email === null) {
      reportAt(
        problems,
        layout,
        row,
        at.email,
        "contact.email_invalid",
        "error",
        rawEmail,
        MESSAGES["contact.email_invalid"](rawEmail),
      );
      return;
    }
  }
  const key = normalizeEmail(email);
  // The contact is made now and set before its other cells are read: one
  // look-up in the address index instead of a get and a set, per row of a tab
  // of tens of thousands. Its other fields are filled in below, in this order.
  const contact: Contact = {
    row,
    organization: null,
    name: null,
    email,
    language: "ar",
    groups: NO_GROUPS,
    active: false,
  };
  const byEmail = book.byEmail;
  const size = byEmail.size;
  byEmail.set(key, contact);
  if (byEmail.size === size) {
    // The first row with an address is the one kept, so its row says where it
    // is: put back (same place in the index, which keeps its first order).
    const first = firstWith(book, key);
    byEmail.set(key, first);
    const earlier = first.row;
    const rawEmail = cellText(emailCell);
    reportAt(
      problems,
      layout,
      row,
      at.email,
      "contact.email_duplicate",
      "error",
      rawEmail,
      MESSAGES["contact.email_duplicate"](email, earlier),
    );
    return;
  }

  const languageCell = cellAt(cells, at.language);
  let language = languageOf(languageCell);
  if (language === null) {
    const value = cellText(languageCell);
    reportAt(
      problems,
      layout,
      row,
      at.language,
      "contact.language_unknown",
      "warning",
      value,
      MESSAGES["contact.language_unknown"](value),
    );
    language = "ar";
  }

  const activeCell = cellAt(cells, at.active);
  let active = activeOf(activeCell);
  if (active === null) {
    // Someone meant something by it; not inviting until it is clear is the safe reading.
    active = false;
    const value = cellText(activeCell);
    reportAt(
      problems,
      layout,
      row,
      at.active,
      "contact.active_unknown",
      "warning",
      value,
      MESSAGES["contact.active_unknown"](value),
    );
  }

  const { entries, names: groups } = readGroups(book, cells, row, problems);

  contact.organization = textOrNull(cellAt(cells, at.organization));
  contact.name = textOrNull(cellAt(cells, at.name));
  contact.language = language;
  contact.groups = groups;
  contact.active = active;
  book.contacts.push(contact);
  if (active) {
    // Names are already one spelling per group and each once per contact.
    const invitee: Invitee = { email: key, language };
    for (const entry of entries) {
      if (entry.members === undefined) {
        book.activeGroups.add(entry.name);
        entry.members = members(book, entry.name);
      }
      entry.members.push(invitee);
    }
  }
}

/** A contact's groups until its Groups cell is read (never kept: every kept contact gets its own). */
const NO_GROUPS: string[] = Object.freeze([]) as unknown as string[];

/**
 * The contact kept with this key, which a repeat of its address has just
 * replaced in the index (readContact puts it back). Repeats are rare: the keys
 * of the contacts are indexed on the first one, and only the contacts read
 * since are added on later ones, so a sheet pays for this once at most.
 */
function firstWith(book: ContactBook, key: string): Contact {
  let keys = firstKeys.get(book);
  if (keys === undefined) {
    keys = new Map();
    firstKeys.set(book, keys);
  }
  const contacts = book.contacts;
  // Contacts pushed since the last repeat: their keys are unique (each set its own).
  for (let i = keys.size; i < contacts.length; i++) {
    const contact = contacts[i] as Contact;
    keys.set(normalizeEmail(contact.email), contact);
  }
  return keys.get(key) as Contact;
}

const firstKeys = new WeakMap<ContactBook, Map<string, Contact>>();

/** The index's member list for a group name, made on first use (once per group: see GroupEntry). */
function members(book: ContactBook, name: string): Invitee[] {
  const key = groupKey(name);
  let list = book.index.byGroup.get(key);
  if (list === undefined) {
    list = [];
    book.index.byGroup.set(key, list);
  }
  return list;
}

/**
 * A contact's Groups cell as groups of `book.groups` (first spelling wins),
 * each once; an address in it is reported and left out. Cells repeat (a
 * group's members mostly share one), and a cell without an address always
 * reads the same once its groups are known, so those are read once per sheet.
 */
function readGroups(
  book: ContactBook,
  cells: readonly Cell[],
  row: number,
  problems: Problem[],
): Groups {
  const layout = book.layout as TabLayout<ContactKey>;
  const column = layout.columns.groups ?? -1;
  const cell = cellAt(cells, column);
  const known = typeof cell === "string" ? book.groupCells.get(cell) : undefined;
  if (known !== undefined) return known;
  const entries: GroupEntry[] = [];
  let reported = false;
  for (const item of splitList(cell)) {
    if (item.includes("@")) {
      reported = true;
      problems.push(
        problem(
          placeAt(layout, row, column),
          "contact.group_invalid",
          "warning",
          item,
          MESSAGES["contact.group_invalid"](item),
        ),
      );
      continue;
    }
    const entry = groupEntry(book, item);
    if (!entries.includes(entry)) entries.push(entry);
  }
  const groups: Groups = {
    entries,
    names: Object.freeze(entries.map((entry) => entry.name)) as string[],
  };
  if (!reported && typeof cell === "string" && cell.length <= MAX_REMEMBERED_CELL)
    book.groupCells.set(cell, groups);
  return groups;
}

/** The group an item of a Groups cell names: the first spelling of its nameKey, one entry per group. */
function groupEntry(book: ContactBook, item: string): GroupEntry {
  let entry = book.groupItems.get(item);
  if (entry !== undefined) return entry;
  // Another spelling of a known group (same nameKey) shares its entry.
  const key = book.nameKey(item);
  entry = book.groupEntries.get(key);
  if (entry === undefined) {
    entry = { name: item, members: undefined };
    book.groupEntries.set(key, entry);
    book.groups.set(key, item);
  }
  book.groupItems.set(item, entry);
  return entry;
}

/** Longer Groups cells are read each time: they are rare, and would make the memory large. */
const MAX_REMEMBERED_CELL = 500;
