// What the public routes keep between requests: the parsed snapshot, re-checked in KV
// at most every few seconds, and the responses already rendered from it (validators
// and body bytes) per route and normalised query. The snapshot changes at most once
// per sync (every 5 minutes), so without this every request would read, parse and
// render the same data again.
//
// Module-scope caches of DATA are allowed in workerd (what it forbids across requests
// are I/O objects: streams, fetches, promises from another request). Nothing here
// holds one: the KV binding is only a WeakMap key, used for its identity so that two
// namespaces in one process (tests, tools) never share an entry.
//
// Staleness: another isolate's sync is seen here within freshMs (30 s by default).
// Websites cannot tell: the sync runs every 5 minutes, and every response already
// says max-age=60. A write by this isolate (snapshot.ts counts them) is seen at once.

import type { Validators } from "./http-cache.ts";
import {
  emptySnapshot,
  type FeedSnapshot,
  readSnapshotUnless,
  type SnapshotMetadata,
  type SnapshotStore,
  snapshotWrites,
} from "./snapshot.ts";

export interface ServeOptions {
  /** How long (ms) a snapshot read from KV is served before KV is asked again. */
  freshMs: number;
  /** At most this many rendered responses per snapshot: queries come from anyone. */
  maxEntries: number;
  /** And at most this many body bytes in all (a limit=200 feed is a few hundred KiB). */
  maxBytes: number;
  /** The clock, in ms; tests pass their own. */
  now: () => number;
}

export const DEFAULT_SERVE_OPTIONS: ServeOptions = {
  freshMs: 30_000,
  maxEntries: 64,
  maxBytes: 8 * 1024 * 1024,
  now: () => Date.now(),
};

export interface Loaded {
  snapshot: FeedSnapshot;
  meta: SnapshotMetadata;
  /** false before the first sync: then there is no Last-Modified to give. */
  stored: boolean;
}

export interface Rendered {
  validators: Validators;
  body: Uint8Array<ArrayBuffer>;
  /** The response holds until this instant (ms): a time-window view changes when a meeting ends. */
  validUntil: number;
}

const encoder = new TextEncoder();

/** A rendered response from a body string. */
export function rendered(validators: Validators, body: string, validUntil = Infinity): Rendered {
  // encode() always returns a new ArrayBuffer-backed array; Node's types say ArrayBufferLike.
  return { validators, body: encoder.encode(body) as Uint8Array<ArrayBuffer>, validUntil };
}

/** One snapshot as served, and the responses rendered from it (least recently used first). */
export class ServedSnapshot {
  readonly loaded: Loaded;
  /** When KV was last asked (ms), and this isolate's write count then. */
  checkedAt: number;
  writes: number;
  readonly #responses = new Map<string, Rendered>();
  #bytes = 0;

  constructor(loaded: Loaded, checkedAt: number, writes: number) {
    this.loaded = loaded;
    this.checkedAt = checkedAt;
    this.writes = writes;
  }

  /** How many responses are kept, and their bytes. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#responses.size, bytes: this.#bytes };
  }

  /** The response kept under key while it holds, else the one make() renders, kept for next time. */
  response(key: string, nowMs: number, options: ServeOptions, make: () => Rendered): Rendered {
    const kept = this.#responses.get(key);
    if (kept !== undefined) {
      this.#drop(key, kept);
      if (nowMs < kept.validUntil) {
        this.#responses.set(key, kept);
        this.#bytes += kept.body.byteLength;
        return kept;
      }
    }
    const made = make();
    // A body over the whole budget is served but not kept.
    if (made.body.byteLength > options.maxBytes) return made;
    this.#responses.set(key, made);
    this.#bytes += made.body.byteLength;
    for (const [oldKey, old] of this.#responses) {
      if (this.#responses.size <= options.maxEntries && this.#bytes <= options.maxBytes) break;
      this.#drop(oldKey, old);
    }
    return made;
  }

  #drop(key: string, entry: Rendered): void {
    this.#responses.delete(key);
    this.#bytes -= entry.body.byteLength;
  }
}

const served = new WeakMap<SnapshotStore, ServedSnapshot>();

function isFresh(kept: ServedSnapshot, nowMs: number, options: ServeOptions): boolean {
  return (
    kept.writes === snapshotWrites() &&
    nowMs >= kept.checkedAt &&
    nowMs - kept.checkedAt < options.freshMs
  );
}

/**
 * The snapshot to serve now: the kept one while it is fresh; else KV is asked, and an
 * unchanged snapshot (same hash and time in its metadata) keeps its rendered responses.
 */
export async function servedSnapshot(
  kv: SnapshotStore,
  options: ServeOptions,
): Promise<ServedSnapshot> {
  const nowMs = options.now();
  const kept = served.get(kv);
  if (kept !== undefined && isFresh(kept, nowMs, options)) return kept;
  // Counted before the read, so a write that lands during it is looked at next time.
  const writes = snapshotWrites();
  const known = kept?.loaded.stored ? kept.loaded.meta : null;
  let read: Awaited<ReturnType<typeof readSnapshotUnless>>;
  try {
    read = await readSnapshotUnless(kv, known);
  } catch (error) {
    // KV unreachable: the snapshot already held is the last good one, and serving it
    // is what the feed promises; KV is asked again after the window. Nothing held yet
    // (a new isolate): the error goes to the edge as before.
    if (kept === undefined) throw error;
    kept.checkedAt = nowMs;
    return kept;
  }
  if (read === "unchanged" && kept !== undefined) {
    kept.checkedAt = nowMs;
    kept.writes = writes;
    return kept;
  }
  let loaded: Loaded;
  if (read === null || read === "unchanged") {
    const snapshot = emptySnapshot(new Date(nowMs));
    loaded = {
      snapshot,
      meta: { hash: "empty", generated_at: snapshot.generated_at },
      stored: false,
    };
  } else {
    loaded = { snapshot: read.snapshot, meta: read.meta, stored: true };
  }
  const fresh = new ServedSnapshot(loaded, nowMs, writes);
  served.set(kv, fresh);
  return fresh;
}
