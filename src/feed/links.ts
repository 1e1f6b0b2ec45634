// Linked meetings and bilateral series as the public sees them. A link (Part
// of, Follows) is published as the ID of the meeting it names as the feed
// lists it, and only when that meeting is itself published: a link to a draft,
// an unpublished row or an unknown ID is left out, so a website never follows
// one to a 404. A bilateral series is one item: its days and how many
// organisations it met; which organisation met when only when its row says
// Publish schedule yes (the sync hands the slots over as Meeting.schedule).
import { idKey } from "../sheet/ids.ts";
import type { Meeting, ParsedSheet } from "../sheet/types.ts";
import { indexContacts, resolveInvitees } from "../sync/invitees.ts";
import { zonedInstant } from "../time/interval.ts";
import { isoInZone } from "../time/zone.ts";
import { clean, type Hidden } from "./redact.ts";
import type { PublicMeeting } from "./snapshot-schema.ts";
import { addDays } from "./time.ts";

export const LINK_FIELDS = ["part_of", "follows"] as const;
export type LinkField = (typeof LINK_FIELDS)[number];
type Links = Partial<Record<LinkField, string>>;

/** The links a sheet row names, as written (resolved by `linkItems`). */
export function rowLinks(m: Meeting): Links {
  const links: Links = {};
  if (m.part_of !== undefined) links.part_of = m.part_of;
  if (m.follows !== undefined) links.follows = m.follows;
  return links;
}

/**
 * The items with each link set to the ID its target is listed under (the same
 * meeting by idKey), or left out when the target is not among the items.
 * `links(item)` gives the IDs as written; an item without any is returned as it is.
 */
export function linkItems(
  items: readonly PublicMeeting[],
  links: (item: PublicMeeting) => Links,
): PublicMeeting[] {
  // Indexed only when an item names a link: most items name none.
  let listed: Map<string, string> | null = null;
  return items.map((item) => {
    const named = links(item);
    if (named.part_of === undefined && named.follows === undefined) return item;
    listed ??= new Map(items.map((m) => [idKey(m.id), m.id]));
    const { part_of: _p, follows: _f, ...rest } = item;
    const out: PublicMeeting = rest;
    for (const field of LINK_FIELDS) {
      const target = named[field];
      const id = target === undefined ? undefined : listed.get(idKey(target));
      if (id !== undefined) out[field] = id;
    }
    return out;
  });
}

/** The items that name `m` in `field`: the meetings on its margins, or those that follow it. */
export function linkedTo(
  items: readonly PublicMeeting[],
  m: PublicMeeting,
  field: LinkField,
): PublicMeeting[] {
  return items.filter((other) => other[field] === m.id);
}

/**
 * A series' public facts: each day of its range, and how many organisations
 * its invitees belong to (every distinct organisation of the invitees is one
 * slot; a contact without one counts as its own). Absent for other meetings.
 */
export function publicSeries(
  m: Meeting,
  parsed: ParsedSheet,
  hidden: Hidden,
): PublicMeeting["series"] {
  if (m.kind !== "bilateral_series") return undefined;
  const days: string[] = [];
  if (m.date !== null) {
    const last = m.date_end ?? m.date;
    for (let day = m.date; day <= last && days.length < 400; day = addDays(day, 1)) days.push(day);
  }
  const index = parsed.contactIndex ?? indexContacts(parsed.contacts);
  const organizations = new Set<string>();
  for (const invitee of resolveInvitees(m, index).values()) {
    const organization = index.byEmail.get(invitee.email)?.organization?.trim().toLowerCase();
    organizations.add(organization ? `org:${organization}` : `email:${invitee.email}`);
  }
  const slots = m.publish_schedule ? publicSlots(m, hidden) : undefined;
  return {
    days,
    organizations: organizations.size,
    ...(slots === undefined ? {} : { schedule_published: true, slots }),
  };
}

type PublicSlot = { organization: string; start: string; end: string };

/**
 * The slots the sync assigned, in schedule order, as instants with the
 * offset in force in the meeting's zone; an organisation named by an address
 * (an invitee with no Organization) is redacted like any public text.
 */
function publicSlots(m: Meeting, hidden: Hidden): PublicSlot[] {
  return (m.schedule ?? []).flatMap((slot) => {
    const start = zonedInstant(slot.day, slot.start, m.timezone);
    const end = zonedInstant(slot.day, slot.end, m.timezone);
    if (start === null || end === null) return [];
    return [
      {
        organization: clean(slot.organization, hidden) ?? "",
        start: isoInZone(start.getTime(), m.timezone),
        end: isoInZone(end.getTime(), m.timezone),
      },
    ];
  });
}
