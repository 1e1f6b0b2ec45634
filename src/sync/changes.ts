// What a material change changed, named for staff: the Sync status says
// "updated 15 (time)", not just "updated 15". The stored fingerprint is the
// meeting's material fields as readable JSON (fingerprint.ts), so the old and
// new values are compared field by field from it; what was found is kept in D1
// (meetings.changed, migrations/0007) so later syncs still say it.

/** A material change as staff name it; the fingerprint's fields fold into these. */
export type MaterialChange = "date" | "time" | "zone" | "place" | "link" | "title";

/** In the order staff read them, and the only words meetings.changed holds. */
export const MATERIAL_CHANGES: readonly MaterialChange[] = [
  "date",
  "time",
  "zone",
  "place",
  "link",
  "title",
];

/** fingerprint()'s fields, in its order, by what staff call each. */
const FIELD_CHANGE: readonly MaterialChange[] = [
  "date", // date
  "date", // date_end
  "time", // start
  "time", // end
  "zone", // timezone
  "place", // location
  "link", // online_url
  "title", // title_ar
  "title", // title_en
  "place", // location_en, present only when given
];

/** The fields of a fingerprint without the English location, which fingerprint() appends only when given. */
const BASE_FIELDS = FIELD_CHANGE.length - 1;

function fields(fp: string): string[] | null {
  if (!fp.startsWith("v1:")) return null;
  try {
    const parsed: unknown = JSON.parse(fp.slice(3));
    if (!Array.isArray(parsed)) return null;
    if (parsed.length !== BASE_FIELDS && parsed.length !== FIELD_CHANGE.length) return null;
    // A fingerprint without it had no English location: compare it as blank.
    const values = parsed.map((value) => String(value));
    return values.length === BASE_FIELDS ? [...values, ""] : values;
  } catch {
    return null;
  }
}

/** What differs between two fingerprints, in staff's order; [] when either cannot be read. */
export function materialChanges(before: string, after: string): MaterialChange[] {
  const [a, b] = [fields(before), fields(after)];
  if (!a || !b) return [];
  const found = new Set(FIELD_CHANGE.filter((_, i) => a[i] !== b[i]));
  return MATERIAL_CHANGES.filter((change) => found.has(change));
}

/** meetings.changed as D1 keeps it ("time,place"), read back; unknown words are dropped. */
export function parseChanges(text: string | null | undefined): MaterialChange[] {
  const words = new Set((text ?? "").split(","));
  return MATERIAL_CHANGES.filter((change) => words.has(change));
}

/** The text meetings.changed keeps; null when nothing is known. */
export const changesText = (changes: readonly MaterialChange[]): string | null =>
  changes.length === 0 ? null : changes.join(",");
