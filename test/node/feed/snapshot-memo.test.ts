// The feed snapshot's isolate memos (a public item per row, its schema check,
// the last stored snapshot) are an optimisation only: a sequence of syncs
// stores byte for byte what an isolate without them stores (a cold start
// before every write), through edits to one cell, to a private address the
// items redact, to an invalid item, and a meeting's end passing.
import { describe, expect, it } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import {
  buildSnapshotUntil,
  clearSnapshotMemo,
  SNAPSHOT_KEY,
  type SnapshotMetadata,
  type SnapshotStore,
  writeSnapshot,
} from "../../../src/feed/snapshot.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { ParsedSheet, Workbook } from "../../../src/sheet/types.ts";

class MemoryKv implements SnapshotStore {
  value: string | null = null;
  metadata: SnapshotMetadata | null = null;
  async getWithMetadata<M>(_key: string, _type: "stream") {
    const value = this.value === null ? null : new Response(this.value).body;
    return { value, metadata: this.metadata as M | null };
  }
  async put(
    key: string,
    value: string | Uint8Array<ArrayBuffer>,
    options: { metadata: SnapshotMetadata },
  ) {
    expect(key).toBe(SNAPSHOT_KEY);
    this.value = typeof value === "string" ? value : new TextDecoder().decode(value);
    this.metadata = options.metadata;
  }
}

const base = generateSheet({ meetings: 40, contactsPerMeeting: 3, seed: 11 }).tabs;
const meetingsTab = Object.keys(base).find((t) => t.startsWith("ال") && base[t]?.[0]?.length) ?? "";

/** The workbook with one Meetings cell set (row 1 is the first meeting). */
function edit(book: Workbook, row: number, column: number, value: string): Workbook {
  const grid = (book[meetingsTab] as string[][]).map((r) => [...r]);
  (grid[row] as string[])[column] = value;
  return { ...book, [meetingsTab]: grid };
}

const ROOM = "https://rooms.example.org/room42";
/** The place of rows 1–15 names a link: public until a meeting's Online link is that link. */
function linked(book: Workbook): Workbook {
  let out = book;
  for (let row = 1; row <= 15; row++) out = edit(out, row, 7, `غازي عنتاب، التفاصيل: ${ROOM}`);
  return out;
}

async function play(steps: { sheet: ParsedSheet; now: Date }[], cold: boolean) {
  const kv = new MemoryKv();
  const out: (string | null)[] = [];
  clearSnapshotMemo();
  for (const { sheet, now } of steps) {
    if (cold) clearSnapshotMemo();
    const built = buildSnapshotUntil(sheet, now);
    const result = await writeSnapshot(kv, built.snapshot);
    out.push(JSON.stringify([result, built.until, kv.value]));
  }
  return out;
}

describe("feed snapshot memos", () => {
  it("store what an isolate without them stores, sync after sync", async () => {
    const t0 = new Date("2026-06-01T08:00:00Z");
    const later = new Date("2027-06-01T08:00:00Z");
    const one = edit(base, 3, 7, "قاعة ٣، غازي عنتاب");
    const links = linked(one);
    // Row 30's Online link makes the other rows' place private, their own cells unchanged.
    const hidden = edit(links, 30, 8, ROOM);
    const steps = [
      { sheet: parseSheet(base), now: t0 },
      { sheet: parseSheet(base), now: t0 },
      { sheet: parseSheet(one), now: t0 },
      { sheet: parseSheet(links), now: t0 },
      { sheet: parseSheet(hidden), now: t0 },
      { sheet: parseSheet(hidden), now: later },
      { sheet: parseSheet(one), now: later },
    ];
    const warm = await play(steps, false);
    const cold = await play(steps, true);
    expect(warm).toEqual(cold);
    // The steps do change what is stored: the sequence is not trivially equal.
    expect(new Set(cold).size).toBeGreaterThan(4);
    expect(cold[3]).toContain("room42");
    expect(cold[4]).not.toContain("room42");
  });

  it("store what an isolate without them stores when rows share their objects with the sync before", async () => {
    // As the incremental sync hands them over: one changed row's Meeting is new,
    // every other row's is the very object the sync before parsed.
    const t0 = new Date("2026-06-01T08:00:00Z");
    const first = parseSheet(base);
    const patched = (sheet: ParsedSheet, from: ParsedSheet, rows: number[]): ParsedSheet => ({
      ...sheet,
      meetings: sheet.meetings.map((m) =>
        rows.includes(m.row) ? (from.meetings.find((n) => n.row === m.row) ?? m) : m,
      ),
    });
    const title = patched(first, parseSheet(edit(base, 3, 7, "قاعة ٣، غازي عنتاب")), [4]);
    const back = patched(title, first, [4]);
    // A private address pasted into a public cell: every item's redaction changes.
    const address = first.contacts[0]?.email ?? "";
    const leak = patched(back, parseSheet(edit(base, 5, 7, `مع ${address}`)), [6]);
    const steps = [
      { sheet: first, now: t0 },
      { sheet: title, now: t0 },
      { sheet: back, now: t0 },
      { sheet: leak, now: t0 },
      { sheet: leak, now: new Date("2027-06-01T08:00:00Z") },
    ];
    const warm = await play(steps, false);
    const cold = await play(steps, true);
    expect(warm).toEqual(cold);
    expect(new Set(cold).size).toBeGreaterThan(3);
    expect(cold[3]).not.toContain(address);
  });

  it("reports an invalid item the same way twice, and recovers when it is fixed", async () => {
    const now = new Date("2026-06-01T08:00:00Z");
    const sheet = parseSheet(base);
    const snapshot = buildSnapshotUntil(sheet, now).snapshot;
    const bad = {
      ...snapshot,
      meetings: snapshot.meetings.map((m, i) => (i === 2 ? { ...m, starts_at: "soon" } : m)),
    };
    clearSnapshotMemo();
    const kv = new MemoryKv();
    const first = await writeSnapshot(kv, bad);
    const again = await writeSnapshot(kv, bad);
    clearSnapshotMemo();
    const cold = await writeSnapshot(kv, bad);
    expect(first).toEqual(cold);
    expect(again).toEqual(cold);
    expect(cold).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^meetings\.2\.starts_at: /)],
    });
    expect((await writeSnapshot(kv, snapshot)).ok).toBe(true);
  });
});
