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

/** An entry of the cell that names nobody: reported once the whole cell is read. */
type Unresolved = { code: "invite.email_invalid" | "invite.group_unknown"; token: string };

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
  const refs: InviteRef[] = [];
  // Groups and addresses are told apart by kind, not by a prefixed key string per entry.
  const seenGroups = new Set<string>();
  const seenEmails = new Set<string>();
  // Only whether anyone at all is reached matters (invite.none), not who.
  let reachesAnyone = false;
  // Reported after the loop, in the cell's order, when whether anyone else is
  // reached is known (the message says so).
  const pending: (Unresolved | (() => void))[] = [];
  const add = (ref: InviteRef) => {
    const seen = ref.type === "group" ? seenGroups : seenEmails;
    // A group's name is the one book.groups keeps for its nameKey, so two names
    // are the same group exactly when they are the same string.
    const key = ref.type === "group" ? ref.name : normalizeEmail(ref.email);
    if (seen.has(key)) return;
    seen.add(key);
    refs.push(ref);
  };
  const addEmail = (email: string, token: string) => {
    add({ type: "email", email });
    const contact = book.byEmail.get(normalizeEmail(email));
    if (contact === undefined) {
      reachesAnyone = true;
      pending.push(() =>
        report(
          "invite",
          "invite.contact_unknown",
          "warning",
          token,
          MESSAGES["invite.contact_unknown"](token),
        ),
      );
    } else if (!contact.active) {
      pending.push(() =>
        report(
          "invite",
          "invite.contact_inactive",
          "warning",
          token,
          MESSAGES["invite.contact_inactive"](token),
        ),
      );
    } else {
      reachesAnyone = true;
    }
  };

  for (const token of splitList(r.cell("invite"))) {
    if (token.includes("@")) {
      const email = parseEmail(token);
      if (email === null) pending.push({ code: "invite.email_invalid", token });
      else addEmail(email, token);
      continue;
    }
    // A group spelled as Contacts spells it is found with one look-up: its entry
    // holds the name book.groups gives its nameKey, and it has members exactly
    // when activeGroups holds that name (contacts.ts sets both together).
    const entry = book.groupItems.get(token);
    if (entry !== undefined) {
      add({ type: "group", name: entry.name });
      if (entry.members !== undefined) reachesAnyone = true;
      continue;
    }
    const key = book.nameKey(token);
    const group = book.groups.get(key);
    if (group !== undefined) {
      add({ type: "group", name: group });
      if (book.activeGroups.has(group)) reachesAnyone = true;
      continue;
    }
    const person = book.byName(key);
    if (person) {
      addEmail(person.email, token);
      continue;
    }
    pending.push({ code: "invite.group_unknown", token });
  }
  for (const item of pending) {
    if (typeof item === "function") item();
    else {
      const message = MESSAGES[item.code](item.token, reachesAnyone);
      report("invite", item.code, "warning", item.token, message);
    }
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
  return refs;
}
