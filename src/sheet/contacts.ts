// The Contacts tab: one row a person, keyed by email address; groups are what
// a meeting's Invite column names.
import { CONTACT_COLUMNS, type ContactKey, LANGUAGE_CHOICES } from "./contract.ts";
import {
  headerKey,
  nameKey,
  normalizeEmail,
  parseChoice,
  parseEmailText,
  parseYesNo,
  splitList,
} from "./fields.ts";
import { type FoundTab, missingColumnProblem, readLayout, rowAt } from "./layout.ts";
import { MESSAGES, problem } from "./problems.ts";
import { type RowReader, rowReader } from "./row.ts";
import { cellText, fieldText, textOrNull } from "./text.ts";
import type { Contact, ContactIndex, Invitee, Problem, TabLayout } from "./types.ts";

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
  /** A Groups cell as written → the names readGroups made of it (cells naming no address only). */
  groupCells: Map<string, readonly string[]>;
  /** Group name as spelled in `groups` → its list in `index.byGroup`. */
  groupMembers: Map<string, Invitee[]>;
  layout: TabLayout<ContactKey> | null;
}

const LANGUAGE_SYNONYMS = {
  عربي: "ar",
  عربيه: "ar",
  انجليزي: "en",
  انكليزي: "en",
  انجليزيه: "en",
  انكليزيه: "en",
  ara: "ar",
  eng: "en",
} as const;

const ACTIVE_SYNONYMS: Record<string, boolean> = {
  active: true,
  inactive: false,
  فعال: true,
  "غير فعال": false,
};

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
    groupMembers: new Map(),
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
  const keys = CONTACT_COLUMNS.map((column) => column.key);
  for (let index = 1; index < found.grid.length; index++) {
    const r = rowReader(layout, rowAt(found.grid, index), index + 1);
    if (r.blank(keys)) continue;
    const rawEmail = cellText(r.cell("email"));
    const emailText = fieldText(rawEmail);
    if (emailText === "") {
      problems.push(
        problem(
          r.place("email"),
          "contact.email_missing",
          "error",
          null,
          MESSAGES["contact.email_missing"](),
        ),
      );
      continue;
    }
    const email = parseEmailText(emailText);
    if (email === null) {
      problems.push(
        problem(
          r.place("email"),
          "contact.email_invalid",
          "error",
          rawEmail,
          MESSAGES["contact.email_invalid"](rawEmail),
        ),
      );
      continue;
    }
    const key = normalizeEmail(email);
    // The first row with an address is the one kept, so its row says where it is.
    const earlier = book.byEmail.get(key)?.row;
    if (earlier !== undefined) {
      problems.push(
        problem(
          r.place("email"),
          "contact.email_duplicate",
          "error",
          rawEmail,
          MESSAGES["contact.email_duplicate"](email, earlier),
        ),
      );
      continue;
    }

    let language: Contact["language"] = "ar";
    const languageCell = r.cell("language");
    if (fieldText(languageCell) !== "") {
      const parsed = parseChoice(languageCell, LANGUAGE_CHOICES, LANGUAGE_SYNONYMS);
      if (parsed === null) {
        const value = cellText(languageCell);
        problems.push(
          problem(
            r.place("language"),
            "contact.language_unknown",
            "warning",
            value,
            MESSAGES["contact.language_unknown"](value),
          ),
        );
      } else {
        language = parsed;
      }
    }

    let active = true;
    const activeCell = r.cell("active");
    if (fieldText(activeCell) !== "") {
      const parsed = parseYesNo(activeCell) ?? ACTIVE_SYNONYMS[nameKey(fieldText(activeCell))];
      if (parsed === undefined) {
        // Someone meant something by it; not inviting until it is clear is the safe reading.
        active = false;
        const value = cellText(activeCell);
        problems.push(
          problem(
            r.place("active"),
            "contact.active_unknown",
            "warning",
            value,
            MESSAGES["contact.active_unknown"](value),
          ),
        );
      } else {
        active = parsed;
      }
    }

    const groups = readGroups(book, r, problems);

    const contact: Contact = {
      row: r.row,
      organization: textOrNull(r.cell("organization")),
      name: textOrNull(r.cell("name")),
      email,
      language,
      groups,
      active,
    };
    book.contacts.push(contact);
    book.byEmail.set(key, contact);
    if (active) {
      // Names are already one spelling per group and each once per contact.
      const invitee: Invitee = { email: key, language };
      for (const name of groups) {
        book.activeGroups.add(name);
        const groupMembers = members(book, name);
        groupMembers.push(invitee);
      }
    }
  }
  return book;
}

/** The index's member list for a group name, made on first use; group names are few, so groupKey runs rarely. */
function members(book: ContactBook, name: string): Invitee[] {
  let list = book.groupMembers.get(name);
  if (list === undefined) {
    const key = groupKey(name);
    list = book.index.byGroup.get(key);
    if (list === undefined) {
      list = [];
      book.index.byGroup.set(key, list);
    }
    book.groupMembers.set(name, list);
  }
  return list;
}

/**
 * A contact's Groups cell as the group names of `book.groups` (first spelling
 * wins), each once; an address in it is reported and left out. Cells repeat
 * (a group's members mostly share one), and a cell without an address always
 * reads the same once its names are known, so those are read once per sheet.
 */
function readGroups(book: ContactBook, r: RowReader<ContactKey>, problems: Problem[]): string[] {
  const cell = r.cell("groups");
  const known = typeof cell === "string" ? book.groupCells.get(cell) : undefined;
  if (known !== undefined) return [...known];
  const groups: string[] = [];
  let reported = false;
  for (const group of splitList(cell)) {
    if (group.includes("@")) {
      reported = true;
      problems.push(
        problem(
          r.place("groups"),
          "contact.group_invalid",
          "warning",
          group,
          MESSAGES["contact.group_invalid"](group),
        ),
      );
      continue;
    }
    const key = book.nameKey(group);
    let name = book.groups.get(key);
    if (name === undefined) {
      name = group;
      book.groups.set(key, group);
    }
    if (!groups.includes(name)) groups.push(name);
  }
  if (!reported && typeof cell === "string" && cell.length <= MAX_REMEMBERED_CELL)
    book.groupCells.set(cell, [...groups]);
  return groups;
}

/** Longer Groups cells are read each time: they are rare, and would make the memory large. */
const MAX_REMEMBERED_CELL = 500;
