// Who a meeting invites: the contacts indexed by group and address, and a
// meeting's Invite cell resolved against them. Shared by the plan and the
// parser (which fills the same index while it reads Contacts).
import { groupKey } from "../sheet/contacts.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import type { Contact, ContactIndex, Invitee, Lang, Meeting } from "../sheet/types.ts";

const DEFAULT_LANGUAGE: Lang = "ar";

/** Someone an email goes to; shared with the parser's contact index. */
export type Recipient = Invitee;

/**
 * The contacts as the plan looks them up, for a sheet that carries no index of
 * its own (the parser builds one while reading Contacts; see ParsedSheet.contactIndex).
 */
export function indexContacts(contacts: readonly Contact[]): ContactIndex {
  const byGroup = new Map<string, Recipient[]>();
  const byEmail = new Map<string, Contact>();
  // A sheet has few groups and many contacts in each: each name is keyed once.
  const keys = new Map<string, string>();
  const keyOf = (name: string) => {
    let key = keys.get(name);
    if (key === undefined) {
      key = groupKey(name);
      keys.set(name, key);
    }
    return key;
  };
  for (const contact of contacts) {
    const email = normalizeEmail(contact.email);
    byEmail.set(email, contact);
    if (!contact.active) continue;
    const recipient: Recipient = { email, language: contact.language };
    const groups = contact.groups;
    for (let i = 0; i < groups.length; i++) {
      const key = keyOf(groups[i]!);
      // Two spellings of one group on a contact still list it once.
      if (i > 0 && groups.slice(0, i).some((group) => keyOf(group) === key)) continue;
      const members = byGroup.get(key);
      if (members) members.push(recipient);
      else byGroup.set(key, [recipient]);
    }
  }
  return { byGroup, byEmail };
}

/**
 * groupKey of the group names an index is asked about: the parser gives every
 * meeting the same spelling of a group, so a plan keys each name once, not once
 * per meeting. Dropped with the index (the memory is weak).
 */
const groupKeys = new WeakMap<ContactIndex, Map<string, string>>();

function groupKeysOf(index: ContactIndex): Map<string, string> {
  let keys = groupKeys.get(index);
  if (keys === undefined) {
    keys = new Map();
    groupKeys.set(index, keys);
  }
  return keys;
}

function groupKeyIn(keys: Map<string, string>, name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = groupKey(name);
    keys.set(name, key);
  }
  return key;
}

const NONE: readonly Recipient[] = [];

/** Who a meeting's Invite cell names: active contacts of its groups, and addresses named directly (unless an inactive contact). */
export function resolveInvitees(meeting: Meeting, index: ContactIndex): Map<string, Recipient> {
  const out = new Map<string, Recipient>();
  const keys = groupKeysOf(index);
  for (const ref of meeting.invite) {
    if (ref.type === "group") {
      for (const member of index.byGroup.get(groupKeyIn(keys, ref.name)) ?? NONE) {
        // Recipients are never changed once made, so the index's own can be shared.
        if (!out.has(member.email)) out.set(member.email, member);
      }
    } else {
      const email = normalizeEmail(ref.email);
      const contact = index.byEmail.get(email);
      if (contact && !contact.active) continue;
      if (!out.has(email))
        out.set(email, { email, language: contact?.language ?? DEFAULT_LANGUAGE });
    }
  }
  return out;
}

/** An active substitute as the plan needs it (src/substitutes/store.ts has the rest). */
export interface SubstituteOf {
  original: string;
  email: string;
}

/**
 * The substitutes of invitees the meeting still invites join its invitees in
 * their original's language; one whose original is no longer invited is not
 * (the plan then cancels their copy too). The sheet's own invitee wins.
 */
export function addSubstitutes(
  wanted: Map<string, Recipient>,
  substitutes: readonly SubstituteOf[] | undefined,
): void {
  for (const sub of substitutes ?? []) {
    const original = wanted.get(sub.original);
    if (original === undefined || wanted.has(sub.email)) continue;
    wanted.set(sub.email, { email: sub.email, language: original.language });
  }
}
