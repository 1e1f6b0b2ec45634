// Proposing IDs for meetings whose ID cell is blank. An ID becomes the feed
// item id and the calendar UID, so it must be short, readable, the same for the
// same row on every run (until Liqaa writes it back), and never one already used.

import { trimLower } from "./text.ts";

// Stateless and holding no I/O, so one serves every call.
const utf8 = new TextEncoder();

/** FNV-1a, 32 bits: small, fast, and the same in workerd and Node. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function code(text: string): string {
  return fnv1a(text).toString(36).padStart(7, "0").slice(-4);
}

/**
 * An ID like `2019-05-16-k3f9` (or `undated-k3f9`): the meeting's first day and
 * four characters from its titles. `taken` holds every ID in use, in any case;
 * a clash is resolved by hashing again with a counter, so the answer stays stable.
 */
export function proposeId(
  meeting: { date: string | null; title_ar: string | null; title_en: string | null },
  taken: ReadonlySet<string>,
): string {
  const prefix = meeting.date ?? "undated";
  const seed = `${meeting.title_ar ?? ""}\u0000${meeting.title_en ?? ""}`;
  for (let attempt = 0; ; attempt++) {
    const id = `${prefix}-${code(attempt === 0 ? seed : `${seed}\u0000${attempt}`)}`;
    if (!taken.has(idKey(id))) return id;
  }
}

/** IDs are compared without regard to case or surrounding space, so `A1` and `a1 ` clash. */
export function idKey(id: string): string {
  return trimLower(id);
}
