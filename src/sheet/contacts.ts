// The Contacts tab: one row a person, keyed by email address; groups are what
// a meeting's Invite column names.
import { CONTACT_COLUMNS, type ContactKey, LANGUAGE_CHOICES, normalizeHeader } from "./contract.ts";
import { emailKey, parseChoice, parseEmail, parseYesNo, splitList } from "./fields.ts";
import { type FoundTab, missingColumnProblem, readLayout, rowAt } from "./layout.ts";
import { MESSAGES, problem } from "./problems.ts";
import { rowReader } from "./row.ts";
import { cellText, fieldText, textOrNull } from "./text.ts";
import type { Contact, Problem, TabLayout } from "./types.ts";

export interface ContactBook {
  contacts: Contact[];
  /** Contacts by emailKey. */
  byEmail: Map<string, Contact>;
  /** Contacts by normalised name, for an Invite cell that names a person; ambiguous names are left out. */
  byName: Map<string, Contact | null>;
  /** Group names by normalised name, spelled as the first contact that has it. */
  groups: Map<string, string>;
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
  return { contacts: [], byEmail: new Map(), byName: new Map(), groups: new Map(), layout: null };
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
  const firstRow = new Map<string, number>();
  for (let index = 1; index < found.grid.length; index++) {
    const r = rowReader(layout, rowAt(found.grid, index), index + 1);
    if (r.blank(keys)) continue;
    const rawEmail = cellText(r.cell("email"));
    if (fieldText(rawEmail) === "") {
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
    const email = parseEmail(rawEmail);
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
    const earlier = firstRow.get(emailKey(email));
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
    firstRow.set(emailKey(email), r.row);

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
      const parsed =
        parseYesNo(activeCell) ?? ACTIVE_SYNONYMS[normalizeHeader(fieldText(activeCell))];
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

    const groups: string[] = [];
    for (const group of splitList(r.cell("groups"))) {
      if (group.includes("@")) {
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
      const key = normalizeHeader(group);
      if (!book.groups.has(key)) book.groups.set(key, group);
      const name = book.groups.get(key)!;
      if (!groups.includes(name)) groups.push(name);
    }

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
    book.byEmail.set(emailKey(email), contact);
    if (contact.name !== null) {
      const key = normalizeHeader(contact.name);
      book.byName.set(key, book.byName.has(key) ? null : contact);
    }
  }
  return book;
}
