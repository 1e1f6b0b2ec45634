// The kept snapshot when KV fails: the public routes go on serving the last good one.
import { describe, expect, it } from "vitest";
import { DEFAULT_SERVE_OPTIONS, servedSnapshot } from "../../../src/feed/render-cache.ts";
import {
  buildSnapshot,
  type SnapshotMetadata,
  type SnapshotStore,
  writeSnapshot,
} from "../../../src/feed/snapshot.ts";
import { meeting, sheet } from "../../worker/feed/fixtures.ts";

/** An in-memory KV namespace that can be made to fail, as KV does in an outage. */
function store() {
  const data = new Map<
    string,
    { value: string | Uint8Array<ArrayBuffer>; metadata: SnapshotMetadata }
  >();
  let failing = false;
  const kv: SnapshotStore = {
    async getWithMetadata<Metadata>(key: string) {
      if (failing) throw new Error("KV GET failed: 503 Service Unavailable");
      const entry = data.get(key);
      return {
        value: entry ? new Response(entry.value).body : null,
        metadata: (entry?.metadata ?? null) as Metadata | null,
      };
    },
    async put(key, value, options) {
      data.set(key, { value, metadata: options.metadata });
    },
  };
  return { kv, fail: () => (failing = true) };
}

describe("the kept snapshot when KV fails", () => {
  it("is served past the freshness window", async () => {
    const { kv, fail } = store();
    await writeSnapshot(kv, buildSnapshot(sheet([meeting()]), new Date()));
    let now = Date.parse("2026-01-10T08:00:00Z");
    const options = { ...DEFAULT_SERVE_OPTIONS, now: () => now };
    expect((await servedSnapshot(kv, options)).loaded.snapshot.meetings).toHaveLength(1);
    fail();
    now += 10 * 60_000;
    const served = await servedSnapshot(kv, options);
    expect(served.loaded.snapshot.meetings.map((m) => m.id)).toEqual(["M-0001"]);
  });

  it("cannot hide a failure when nothing is held yet", async () => {
    const { kv, fail } = store();
    fail();
    await expect(servedSnapshot(kv, DEFAULT_SERVE_OPTIONS)).rejects.toThrow("KV GET failed");
  });
});
