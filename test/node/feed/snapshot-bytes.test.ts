// The stored snapshot's bytes and hash are made of pieces remembered per item
// (src/feed/snapshot-bytes.ts): the bytes are always JSON.stringify's text,
// and the hash follows the content, never a remembered piece of another.
import { describe, expect, it } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { buildSnapshot, type FeedSnapshot, snapshotHash } from "../../../src/feed/snapshot.ts";
import { snapshotBytes } from "../../../src/feed/snapshot-bytes.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";

const now = new Date("2026-06-01T08:00:00Z");
const sheet = parseSheet(generateSheet({ meetings: 30, contactsPerMeeting: 2, seed: 5 }).tabs);

const text = async (s: FeedSnapshot) => new TextDecoder().decode((await snapshotBytes(s)).bytes());
/** The same content in objects no memo has seen, as a snapshot read back from KV. */
const copy = (s: FeedSnapshot): FeedSnapshot => JSON.parse(JSON.stringify(s)) as FeedSnapshot;

describe("the snapshot's stored bytes and hash", () => {
  it("store JSON.stringify's text, with items or none", async () => {
    const snapshot = buildSnapshot(sheet, now);
    expect(snapshot.meetings.length).toBeGreaterThan(5);
    expect(await text(snapshot)).toBe(JSON.stringify(snapshot));
    // Joined from the last bytes where the same items stand at the same places:
    // one edited, one left out, one put back, the network renamed.
    const edited = {
      ...snapshot,
      meetings: snapshot.meetings.map((m, i) => (i === 2 ? { ...m, location: "قاعة ٩" } : m)),
    };
    const shorter = { ...edited, meetings: edited.meetings.filter((_, i) => i !== 1) };
    const renamed = { ...snapshot, network: { ...snapshot.network, name_ar: "شبكة أخرى" } };
    for (const s of [edited, shorter, snapshot, renamed, edited, copy(shorter)]) {
      expect(await text(s)).toBe(JSON.stringify(s));
    }
    const empty = { ...snapshot, meetings: [] };
    expect(await text(empty)).toBe(JSON.stringify(empty));
    // A snapshot whose items are not its last key is stored as it is too.
    const { meetings, ...head } = snapshot;
    const reordered = { meetings, ...head } as FeedSnapshot;
    expect(await text(reordered)).toBe(JSON.stringify(reordered));
    expect(await snapshotHash(reordered)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("hash the content: the same for a copy, another when one item or the envelope changes", async () => {
    const snapshot = buildSnapshot(sheet, now);
    const hash = await snapshotHash(snapshot);
    expect(await snapshotHash(copy(snapshot))).toBe(hash);
    // generated_at is not content.
    expect(await snapshotHash({ ...snapshot, generated_at: "2030-01-01T00:00:00.000Z" })).toBe(
      hash,
    );
    // One item changed under the same ID, in a new object and in a copy of the whole.
    const edited = {
      ...snapshot,
      meetings: snapshot.meetings.map((m, i) => (i === 3 ? { ...m, location: "قاعة ٩" } : m)),
    };
    const other = await snapshotHash(edited);
    expect(other).not.toBe(hash);
    expect(await snapshotHash(copy(edited))).toBe(other);
    expect(await text(edited)).toContain("قاعة ٩");
    // Back to the first content: its hash again, not the edited one's.
    expect(await snapshotHash(copy(snapshot))).toBe(hash);
    expect(await text(copy(snapshot))).not.toContain("قاعة ٩");
    // Two items swapped: the order is content.
    const [a, b, ...rest] = snapshot.meetings;
    if (!a || !b) throw new Error("the sheet has too few meetings");
    expect(await snapshotHash({ ...snapshot, meetings: [b, a, ...rest] })).not.toBe(hash);
    const renamed = { ...snapshot, network: { ...snapshot.network, name_en: "Other" } };
    expect(await snapshotHash(renamed)).not.toBe(hash);
  });
});
