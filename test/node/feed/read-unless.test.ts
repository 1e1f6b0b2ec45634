// readSnapshotUnless asks KV for a stream: a snapshot the caller already holds
// (its metadata says so) is answered "unchanged" without its body being read.
import { describe, expect, it } from "vitest";
import {
  buildSnapshot,
  readSnapshotUnless,
  type SnapshotMetadata,
  type SnapshotStore,
  writeSnapshot,
} from "../../../src/feed/snapshot.ts";
import { meeting, sheet } from "../../worker/feed/fixtures.ts";

/** KV in memory, counting how many bodies were read to the end and how many were let go. */
function store() {
  let entry: { value: string | Uint8Array<ArrayBuffer>; metadata: SnapshotMetadata } | null = null;
  const seen = { read: 0, cancelled: 0 };
  const kv: SnapshotStore = {
    async getWithMetadata<Metadata>() {
      if (entry === null) return { value: null, metadata: null };
      const bytes =
        typeof entry.value === "string" ? new TextEncoder().encode(entry.value) : entry.value;
      const value = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            controller.enqueue(bytes);
            controller.close();
            seen.read++;
          },
          cancel() {
            seen.cancelled++;
          },
          // Nothing is pulled until someone reads, as with KV's body.
        },
        { highWaterMark: 0 },
      );
      return { value, metadata: entry.metadata as Metadata };
    },
    async put(_key, value, options) {
      entry = { value, metadata: options.metadata };
    },
  };
  return { kv, seen };
}

describe("readSnapshotUnless", () => {
  it("lets the body go unread when the metadata names the snapshot already held", async () => {
    const { kv, seen } = store();
    const written = await writeSnapshot(kv, buildSnapshot(sheet([meeting()]), new Date()));
    if (!written.ok) throw new Error(written.problems.join("; "));
    expect(await readSnapshotUnless(kv, written.meta)).toBe("unchanged");
    expect(seen).toEqual({ read: 0, cancelled: 1 });
  });

  it("reads and parses the body when the caller holds another snapshot, or none", async () => {
    const { kv, seen } = store();
    const snapshot = buildSnapshot(sheet([meeting({ title_en: "Cluster meeting" })]), new Date());
    const written = await writeSnapshot(kv, snapshot);
    if (!written.ok) throw new Error(written.problems.join("; "));
    const other = { hash: "another", generated_at: written.meta.generated_at };
    for (const known of [other, null]) {
      const read = await readSnapshotUnless(kv, known);
      if (read === null || read === "unchanged") throw new Error(`read ${read}`);
      expect(read.meta).toEqual(written.meta);
      expect(read.snapshot.meetings.map((m) => m.title.en)).toEqual(["Cluster meeting"]);
      expect(JSON.parse(read.text)).toEqual(read.snapshot);
    }
    expect(seen.read).toBe(2);
    expect(seen.cancelled).toBe(0);
  });

  it("answers null when KV holds no snapshot", async () => {
    expect(await readSnapshotUnless(store().kv, null)).toBeNull();
  });
});
