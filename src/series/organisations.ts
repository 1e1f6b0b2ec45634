// The organisations of a bilateral series: every distinct organisation of the
// invitees its Invite cell names is one slot, and all of its invitees share
// it. Shared by the parser (a window too short for them is an error) and the
// sync (each organisation gets its own invitation).
import { groupKey } from "../sheet/contacts.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import type { ContactIndex, Invitee, InviteRef, Lang } from "../sheet/types.ts";

export interface SeriesOrganisation {
  /** The key the slot is kept under: the organisation's name folded, or the address of an invitee with none. */
  key: string;
  /** The name as the first of its contacts writes it (or that address). */
  name: string;
  /** Its invitees, in the order the Invite cell reaches them, each once. */
  invitees: Invitee[];
}

const DEFAULT_LANGUAGE: Lang = "ar";

/** An organisation's name as slots are kept by it: case and spacing do not matter. */
export const organisationKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The organisations the Invite cell reaches, in its order: a group's members in
 * sheet order, an address as written. An invitee whose contact names no
 * organisation (or who is not in Contacts) is an organisation of their own, so
 * nobody shares a slot by accident. An inactive contact named directly is left
 * out, as the plan leaves them out (src/sync/invitees.ts).
 */
export function seriesOrganisations(
  invite: readonly InviteRef[],
  index: ContactIndex,
): SeriesOrganisation[] {
  const byKey = new Map<string, SeriesOrganisation>();
  const seen = new Set<string>();
  const add = (email: string, language: Lang) => {
    if (seen.has(email)) return;
    seen.add(email);
    const written = index.byEmail.get(email)?.organization?.trim() ?? "";
    const key = written === "" ? email : organisationKey(written);
    let org = byKey.get(key);
    if (org === undefined) {
      org = { key, name: written === "" ? email : written, invitees: [] };
      byKey.set(key, org);
    }
    org.invitees.push({ email, language });
  };
  for (const ref of invite) {
    if (ref.type === "group") {
      for (const member of index.byGroup.get(groupKey(ref.name)) ?? []) {
        add(member.email, member.language);
      }
    } else {
      const email = normalizeEmail(ref.email);
      const contact = index.byEmail.get(email);
      if (contact && !contact.active) continue;
      add(email, contact?.language ?? DEFAULT_LANGUAGE);
    }
  }
  return [...byKey.values()];
}
