// What a public item was built from, so that the steps after the build (the
// merge with the last stored snapshot, the schema check) can tell an item they have seen before without reading
// its fields again. A sync after one cell changed builds one new item and
// 299 it built before; without this, each step serialised all 300 to compare
// them (≈ 6 ms of the sync's CPU in Node for a typical network).
//
// An item's origin is a text that determines every one of its fields except
// `modified_at` and `uid`: the build gives it one (snapshot.ts), and a step
// that copies an item changing only those two fields carries it over. Any
// other copy, and any item read back from KV, has none, and is read field by
// field as before. Items are never changed in place once built. (Typed on
// `object`: the item type's module, snapshot-schema.ts, imports this one.)

const origins = new WeakMap<object, string>();

/** Records what `item` was built from (every field but modified_at and uid). */
export function markOrigin<T extends object>(item: T, origin: string): T {
  origins.set(item, origin);
  return item;
}

/** The origin of `item`, when a build or a carrying copy gave it one. */
export function originOf(item: object): string | undefined {
  return origins.get(item);
}

/** `to`, a copy of `from` that differs at most in modified_at and uid, with `from`'s origin. */
export function carryOrigin<T extends object>(from: object, to: T): T {
  const origin = origins.get(from);
  if (origin !== undefined) origins.set(to, origin);
  return to;
}
