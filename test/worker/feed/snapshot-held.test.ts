// Held means held, on the website too: a meeting marked held before it has
// ended is published as scheduled, without its summary, until it is over; and
// a row kept at its last good version (src/sync/last-good.ts) is published
// from that version, its online link kept out like any other.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../../src/feed/snapshot.ts";
import { asKnown } from "../../../src/sync/last-good.ts";
import { meeting, sheet } from "./fixtures.ts";

const NOW = new Date("2026-01-10T09:00:00Z");
/** The fixture meeting ends 2026-01-15 12:00 Istanbul (09:00Z). */
const AFTER = new Date("2026-01-15T09:00:01Z");
const held = meeting({ status: "held", summary_en: "We agreed.", summary_ar: "اتفقنا." });

describe("a meeting marked held before it has ended", () => {
  it("is published as scheduled, without its summary", () => {
    const [m] = buildSnapshot(sheet([held]), NOW).meetings;
    expect(m).toMatchObject({ status: "scheduled", summary: { ar: null, en: null } });
  });

  it("is published as held, with its summary, once it has ended", () => {
    const [m] = buildSnapshot(sheet([held]), AFTER).meetings;
    expect(m).toMatchObject({ status: "held", summary: { ar: "اتفقنا.", en: "We agreed." } });
  });
});

describe("a row kept at its last good version", () => {
  const lastGood = meeting({ agenda: "Call https://meet.example.org/secret-room" });
  const rejected = { ...sheet([]), rejected: [{ row: 2, id: "M-0001" }] };

  it("is published from that version", () => {
    const snapshot = buildSnapshot(asKnown(rejected, [lastGood]), NOW);
    expect(snapshot.meetings.map((m) => m.id)).toEqual(["M-0001"]);
  });

  it("keeps its online link out of public text", () => {
    const [m] = buildSnapshot(asKnown(rejected, [lastGood]), NOW).meetings;
    expect(JSON.stringify(m)).not.toContain("secret-room");
  });

  it("sits in row order among the valid meetings", () => {
    const other = (row: number, id: string) => meeting({ row, id });
    const valid = sheet([other(1, "A"), other(3, "C")]);
    const known = asKnown(valid, [{ ...lastGood, row: 2 }]);
    expect(known.meetings.map((m) => m.id)).toEqual(["A", "M-0001", "C"]);
  });
});
