// The ID of one organisation's meeting in a series: what its invitations, its
// calendar UID (`<ID>@<domain>`), its outbox keys and its RSVP links carry.
// Stable for as long as the organisation is in the series, whatever its slot,
// so a moved slot is an update of the same calendar entry, never a new one.

const utf8 = new TextEncoder();

/** FNV-1a, 32 bits (as src/sheet/ids.ts): the same in workerd and Node. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Between the series' ID and the organisation's code: unreserved in URLs, rare in staff's IDs. */
export const SLOT_SEPARATOR = "~";

/**
 * `<series ID>~<6 characters from the organisation key>`. `taken` holds the
 * codes other organisations of the series already use; a clash (one in
 * millions) hashes again with a counter, and the answer is remembered in D1
 * (series_slots.slot_meeting_id), so it never changes once given.
 */
export function slotMeetingId(
  seriesId: string,
  orgKey: string,
  taken: ReadonlySet<string> = new Set(),
): string {
  for (let attempt = 0; ; attempt++) {
    const seed = attempt === 0 ? orgKey : `${orgKey}\u0000${attempt}`;
    const id = `${seriesId}${SLOT_SEPARATOR}${fnv1a(seed).toString(36).padStart(6, "0").slice(-6)}`;
    if (!taken.has(id.toLowerCase())) return id;
  }
}
