// The snapshot in KV: written after its merge with the last stored one and its
// schema check, read by the sync and by every public route, and the isolate's
// memory of the last one stored. Split from snapshot.ts, which builds it.
import { mergeWithPrevious } from "./merge.ts";
import { snapshotBytes, snapshotHash } from "./snapshot-bytes.ts";
import { checkSnapshot, type FeedSnapshot } from "./snapshot-schema.ts";

export const SNAPSHOT_KEY = "feed:snapshot:v1";

/** Kept in the KV entry's metadata so a request can answer 304 without reading the body. */
export interface SnapshotMetadata {
  hash: string;
  generated_at: string;
}

export interface StoredSnapshot {
  snapshot: FeedSnapshot;
  meta: SnapshotMetadata;
  /** The snapshot exactly as stored, so routes need not serialise it again. */
  text: string;
}

/**
 * The part of a KV namespace the snapshot uses. Spelled out so Node-side code (the
 * validator, tests) can type-check this module without the Workers types.
 */
export interface SnapshotStore {
  getWithMetadata<Metadata>(
    key: string,
    type: "stream",
  ): Promise<{ value: ReadableStream | null; metadata: Metadata | null }>;
  /** The value as UTF-8 bytes (writeSnapshot's) or text: KV stores the same bytes either way. */
  put(
    key: string,
    value: string | Uint8Array<ArrayBuffer>,
    options: { metadata: SnapshotMetadata },
  ): Promise<void>;
}

export type WriteResult =
  /** meta: the stored entry's, whether this write made it or found it. */
  | { ok: true; written: boolean; hash: string; meta: SnapshotMetadata }
  | { ok: false; problems: string[] };

/**
 * Stores a snapshot after checking it against the schema. An unchanged snapshot is not
 * rewritten, so generated_at (and Last-Modified) stays the time the content last changed.
 */
export async function writeSnapshot(
  kv: SnapshotStore,
  snapshot: FeedSnapshot,
): Promise<WriteResult> {
  const previous = await readStored(kv);
  const merged = mergeWithPrevious(snapshot, previous?.snapshot ?? null);
  const checked = checkSnapshot(merged);
  if (!checked.ok) return checked;
  const { hash, bytes } = await snapshotBytes(checked.data);
  if (previous && previous.meta.hash === hash)
    return { ok: true, written: false, hash, meta: previous.meta };
  const meta: SnapshotMetadata = { hash, generated_at: checked.data.generated_at };
  await kv.put(SNAPSHOT_KEY, bytes(), { metadata: meta });
  stored = { snapshot: checked.data, meta };
  writes++;
  return { ok: true, written: true, hash, meta };
}

/**
 * The snapshot this isolate last stored or read, with its metadata: when KV's
 * metadata still names it, the next write merges with it instead of parsing
 * KV's copy (and its items' contents are remembered). Module-scope data.
 */
let stored: { snapshot: FeedSnapshot; meta: SnapshotMetadata } | null = null;

async function readStored(kv: SnapshotStore): Promise<typeof stored> {
  const read = await readSnapshotUnless(kv, stored?.meta ?? null);
  if (read === "unchanged") return stored;
  stored = read && { snapshot: read.snapshot, meta: read.meta };
  return stored;
}

// Snapshots this isolate has written or deleted. The public routes cache the snapshot
// for a few seconds (render-cache.ts); when the sync runs in the same isolate as they
// do (one local process, tests) its write is served at once instead of after the
// window. A module-scope number: data, not an I/O object, so workerd allows it.
let writes = 0;

/** Changes whenever this isolate writes or deletes the snapshot. */
export function snapshotWrites(): number {
  return writes;
}

/** Removes the snapshot (the feed is then empty again), seen at once by this isolate's routes. */
export async function deleteSnapshot(kv: { delete(key: string): Promise<void> }): Promise<void> {
  await kv.delete(SNAPSHOT_KEY);
  writes++;
}

/** The last good snapshot, or null before the first sync. */
export async function readSnapshot(kv: SnapshotStore): Promise<StoredSnapshot | null> {
  const read = await readSnapshotUnless(kv, null);
  return read === "unchanged" ? null : read;
}

/**
 * The last good snapshot, or "unchanged" when its metadata says it is the one the
 * caller already holds (same hash and time), so the caller is spared parsing it.
 */
export async function readSnapshotUnless(
  kv: SnapshotStore,
  known: SnapshotMetadata | null,
): Promise<StoredSnapshot | null | "unchanged"> {
  // As a stream: when the metadata names the snapshot the caller holds (most
  // syncs, the feed's freshness checks), the ~300 KB body is never read or decoded.
  const { value: body, metadata } = await kv.getWithMetadata<SnapshotMetadata>(
    SNAPSHOT_KEY,
    "stream",
  );
  if (body === null) return null;
  if (
    known !== null &&
    metadata !== null &&
    metadata.hash === known.hash &&
    metadata.generated_at === known.generated_at
  ) {
    await body.cancel();
    return "unchanged";
  }
  const value = await new Response(body).text();
  // Written by writeSnapshot only, after validation, so it is parsed, not validated
  // again; the version guards a future format.
  const snapshot = JSON.parse(value) as FeedSnapshot;
  if (snapshot.version !== 1) return null;
  const meta = metadata ?? {
    hash: await snapshotHash(snapshot),
    generated_at: snapshot.generated_at,
  };
  return { snapshot, meta, text: value };
}

/** Forgets the last stored snapshot, as a cold isolate starts. */
export function clearStoredMemo(): void {
  stored = null;
}
