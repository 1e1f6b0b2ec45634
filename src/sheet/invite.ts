// The Invite cell of a meetings row: contact groups and addresses, separated
// by commas, semicolons or new lines, each resolved against Contacts and
// reported next to the row when it does not resolve.
import type { ContactBook } from "./contacts.ts";
import type { MeetingKey } from "./contract.ts";
import { normalizeEmail, parseEmail, splitList } from "./fields.ts";
import { MESSAGES } from "./problems.ts";
import type { RowReader } from "./row.ts";
import { textOrNull } from "./text.ts";
import type { Bilingual, InviteRef, MeetingStatus, ProblemSeverity } from "./types.ts";

export type Report = (
  key: MeetingKey,
  code: string,
  severity: ProblemSeverity,
  value: string | null,
  message: Bilingual,
) => void;

/**
 * What is reported about an entry once the whole cell is read, in the cell's
 * order: the first two say whether anyone else is reached, which is known only then.
 */
type Pending = {
  code:
    | "invite.email_invalid"
    | "invite.group_unknown"
    | "invite.contact_unknown"
    | "invite.contact_inactive";
  token: string;
};

/**
 * The refs of one cell, each group and address once. A cell lists a few
 * entries, so a repeat is found by comparing with those before it; a long list
 * gets sets (by kind, so no prefixed key string per entry) past SCAN_MAX.
 */
interface RefList {
  refs: InviteRef[];
  /** refs[i]'s group name (the one book.groups keeps: same group exactly when same string) or normalised address. */
  keys: string[];
  groups: Set<string> | null;
  emails: Set<string> | null;
}

const SCAN_MAX = 16;

function addRef(list: RefList, ref: InviteRef, key: string): void {
  const { refs, keys } = list;
  if (list.groups === null) {
    for (let i = 0; i < refs.length; i++) {
      if (keys[i] === key && refs[i]?.type === ref.type) return;
    }
    if (refs.length === SCAN_MAX) {
      list.groups = new Set();
      list.emails = new Set();
      for (let i = 0; i < refs.length; i++) {
        (refs[i]?.type === "group" ? list.groups : list.emails).add(keys[i] as string);
      }
    }
  }
  if (list.groups !== null) {
    const seen = ref.type === "group" ? list.groups : (list.emails as Set<string>);
    if (seen.has(key)) return;
    seen.add(key);
  }
  refs.push(ref);
  keys.push(key);
}

/**
 * The Invite cell as groups and addresses. An entry that names nobody (a typo in
 * an address, an unknown group) is a warning and leaves only itself out: the rest
 * of the list is invited, so one slip does not hold back a whole meeting's mail,
 * and those already invited are neither re-invited nor cancelled. Only a
 * scheduled meeting that reaches nobody at all is an error (invite.none).
 */
export function readInvite(
  r: RowReader<MeetingKey>,
  status: MeetingStatus,
  book: ContactBook,
  report: Report,
): InviteRef[] {
  // No closures and no sets per row: every meetings row comes through here.
  const list: RefList = { refs: [], keys: [], groups: null, emails: null };
  // Only whether anyone at all is reached matters (invite.none), not who.
  let reachesAnyone = false;
  const pending: Pending[] = [];

  for (const token of splitList(r.cell("invite"))) {
    let email: string | null = null;
    if (token.includes("@")) {
      email = parseEmail(token);
      if (email === null) {
        pending.push({ code: "invite.email_invalid", token });
        continue;
      }
    } else {
      // A group spelled as Contacts spells it is found with one look-up: its entry
      // holds the name book.groups gives its nameKey, and it has members exactly
      // when activeGroups holds that name (contacts.ts sets both together).
      const entry = book.groupItems.get(token);
      if (entry !== undefined) {
        addRef(list, { type: "group", name: entry.name }, entry.name);
        if (entry.members !== undefined) reachesAnyone = true;
        continue;
      }
      const key = book.nameKey(token);
      const group = book.groups.get(key);
      if (group !== undefined) {
        addRef(list, { type: "group", name: group }, group);
        if (book.activeGroups.has(group)) reachesAnyone = true;
        continue;
      }
      const person = book.byName(key);
      if (!person) {
        pending.push({ code: "invite.group_unknown", token });
        continue;
      }
      email = person.email;
    }
    // An address, written or a contact's by name (a repeat is still reported).
    const address = normalizeEmail(email);
    addRef(list, { type: "email", email }, address);
    const contact = book.byEmail.get(address);
    if (contact === undefined) {
      reachesAnyone = true;
      pending.push({ code: "invite.contact_unknown", token });
    } else if (!contact.active) {
      pending.push({ code: "invite.contact_inactive", token });
    } else {
      reachesAnyone = true;
    }
  }
  for (const { code, token } of pending) {
    const message =
      code === "invite.email_invalid" || code === "invite.group_unknown"
        ? MESSAGES[code](token, reachesAnyone)
        : MESSAGES[code](token);
    report("invite", code, "warning", token, message);
  }
  if (status === "scheduled" && !reachesAnyone) {
    report(
      "invite",
      "invite.none",
      "error",
      textOrNull(r.cell("invite")),
      MESSAGES["invite.none"](),
    );
  }
  return list.refs;
}
