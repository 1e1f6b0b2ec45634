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
 * The Invite cell as groups and addresses. For a scheduled meeting an unknown
 * name is an error (inviting only some of the people meant is worse than
 * waiting); for a draft it is a warning, so staff can fill Contacts later.
 */
export function readInvite(
  r: RowReader<MeetingKey>,
  status: MeetingStatus,
  book: ContactBook,
  report: Report,
): InviteRef[] {
  const severity: ProblemSeverity = status === "scheduled" ? "error" : "warning";
  const refs: InviteRef[] = [];
  const seen = new Set<string>();
  // Only whether anyone at all is reached matters (invite.none), not who.
  let reachesAnyone = false;
  let unresolved = false;
  const add = (ref: InviteRef) => {
    const key =
      ref.type === "group" ? `g:${book.nameKey(ref.name)}` : `e:${normalizeEmail(ref.email)}`;
    if (seen.has(key)) return;
    seen.add(key);
    refs.push(ref);
  };
  const addEmail = (email: string, token: string) => {
    add({ type: "email", email });
    const contact = book.byEmail.get(normalizeEmail(email));
    if (contact === undefined) {
      reachesAnyone = true;
      report(
        "invite",
        "invite.contact_unknown",
        "warning",
        token,
        MESSAGES["invite.contact_unknown"](token),
      );
    } else if (!contact.active) {
      report(
        "invite",
        "invite.contact_inactive",
        "warning",
        token,
        MESSAGES["invite.contact_inactive"](token),
      );
    } else {
      reachesAnyone = true;
    }
  };

  for (const token of splitList(r.cell("invite"))) {
    if (token.includes("@")) {
      const email = parseEmail(token);
      if (email === null) {
        unresolved = true;
        report(
          "invite",
          "invite.email_invalid",
          severity,
          token,
          MESSAGES["invite.email_invalid"](token),
        );
      } else {
        addEmail(email, token);
      }
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
    unresolved = true;
    report(
      "invite",
      "invite.group_unknown",
      severity,
      token,
      MESSAGES["invite.group_unknown"](token),
    );
  }
  if (status === "scheduled" && !reachesAnyone && !unresolved) {
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
