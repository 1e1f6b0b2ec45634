// Slots assigned, then kept: each case runs assignSlots as consecutive syncs
// would, applying each sync's changes to what D1 holds before the next.
import { describe, expect, it } from "vitest";
import { type Assignment, assignSlots } from "../../../src/series/assign.ts";
import { slotMeetingId } from "../../../src/series/ids.ts";
import type { SeriesOrganisation } from "../../../src/series/organisations.ts";
import type { SeriesSlot } from "../../../src/series/store.ts";
import {
  freeSlots,
  type SeriesWindow,
  windowCapacity,
  windowSlots,
} from "../../../src/series/window.ts";

const S = "S-1";
const org = (n: number): SeriesOrganisation => ({
  key: `body ${n}`,
  name: `Body ${n}`,
  invitees: [{ email: `a@b${n}.org`, language: "ar" }],
});
const orgs = (...ns: number[]) => ns.map(org);

/** Two days, 09:00-12:45, 45-minute slots, no break: five a day. */
const W: SeriesWindow = {
  firstDay: "2027-03-01",
  lastDay: "2027-03-02",
  start: "09:00",
  end: "12:45",
  slotMinutes: 45,
  breakMinutes: 0,
};

/** What D1 holds after applying one assignment's changes (as applyAssignment does). */
function apply(held: readonly SeriesSlot[], result: Assignment): SeriesSlot[] {
  const { removed, moved, added } = result.changes;
  const out = held
    .filter((s) => !removed.some((r) => r.orgKey === s.orgKey))
    .map((s) => {
      const move = moved.find((m) => m.from.orgKey === s.orgKey);
      return move ? { ...s, ...move.to } : s;
    });
  for (const a of added) out.push({ ...a, updatedAt: "t" });
  return out;
}

/** Runs consecutive syncs; returns each one's assignment and D1 after the last. */
function syncs(
  steps: { window?: SeriesWindow; orgs: SeriesOrganisation[] }[],
  start: SeriesSlot[] = [],
) {
  let held = start;
  const results: Assignment[] = [];
  for (const step of steps) {
    const result = assignSlots({
      meetingId: S,
      window: step.window ?? W,
      organisations: step.orgs,
      held,
    });
    held = apply(held, result);
    results.push(result);
  }
  return { results, held };
}

const schedule = (a: Assignment) =>
  a.slots.map((s) => `${s.organisation.name} ${s.day} ${s.start}-${s.end}`);
const movedNames = (a: Assignment) => a.changes.moved.map((m) => m.from.organisation);
const addedNames = (a: Assignment) => a.changes.added.map((x) => x.organisation);

describe("the window", () => {
  it("holds slot length plus break apart, only whole slots", () => {
    expect(windowCapacity(W)).toBe(10);
    expect(windowCapacity({ ...W, breakMinutes: 15 })).toBe(8);
    expect(
      windowSlots({ ...W, lastDay: W.firstDay, breakMinutes: 15 }).map((s) => s.start),
    ).toEqual(["09:00", "10:00", "11:00", "12:00"]);
    expect(windowCapacity({ ...W, slotMinutes: 300 })).toBe(0);
    expect(windowCapacity({ ...W, lastDay: "2027-03-05" })).toBe(25);
  });

  it("free slots are those overlapping no held one", () => {
    const held = [{ day: "2027-03-01", start: "09:30", end: "10:15" }];
    expect(freeSlots({ ...W, lastDay: W.firstDay }, held).map((s) => s.start)).toEqual([
      "10:30",
      "11:15",
      "12:00",
    ]);
  });
});

describe("assigning", () => {
  it("gives seven organisations seven slots in the Invite cell's order across the days", () => {
    const { results } = syncs([{ orgs: orgs(1, 2, 3, 4, 5, 6, 7) }]);
    expect(schedule(results[0]!)).toEqual([
      "Body 1 2027-03-01 09:00-09:45",
      "Body 2 2027-03-01 09:45-10:30",
      "Body 3 2027-03-01 10:30-11:15",
      "Body 4 2027-03-01 11:15-12:00",
      "Body 5 2027-03-01 12:00-12:45",
      "Body 6 2027-03-02 09:00-09:45",
      "Body 7 2027-03-02 09:45-10:30",
    ]);
    expect(results[0]!.changes.added).toHaveLength(7);
    expect(results[0]!.unplaced).toEqual([]);
  });

  it("leaves the break between slots", () => {
    const { results } = syncs([{ window: { ...W, breakMinutes: 15 }, orgs: orgs(1, 2, 3) }]);
    expect(results[0]!.slots.map((s) => `${s.start}-${s.end}`)).toEqual([
      "09:00-09:45",
      "10:00-10:45",
      "11:00-11:45",
    ]);
  });

  it("changes nothing at a sync where nothing changed, nor when the Invite cell is reordered", () => {
    const { results } = syncs([
      { orgs: orgs(1, 2, 3, 4, 5, 6, 7) },
      { orgs: orgs(1, 2, 3, 4, 5, 6, 7) },
      { orgs: orgs(7, 6, 5, 4, 3, 2, 1) },
    ]);
    for (const r of results.slice(1)) {
      expect(r.changes).toEqual({ removed: [], moved: [], added: [] });
      expect(schedule(r)).toEqual(schedule(results[0]!));
    }
  });

  it("gives an eighth organisation the next free slot and moves nobody", () => {
    const { results } = syncs([
      { orgs: orgs(1, 2, 3, 4, 5, 6, 7) },
      { orgs: orgs(1, 2, 3, 4, 5, 6, 7, 8) },
    ]);
    const second = results[1]!;
    expect(addedNames(second)).toEqual(["Body 8"]);
    expect(second.changes.added[0]).toMatchObject({
      day: "2027-03-02",
      start: "10:30",
      end: "11:15",
    });
    expect(second.changes.moved).toEqual([]);
    expect(second.changes.removed).toEqual([]);
  });

  it("frees a removed organisation's slot, and the next new one takes it", () => {
    const { results } = syncs([
      { orgs: orgs(1, 2, 3, 4, 5, 6, 7) },
      { orgs: orgs(1, 2, 4, 5, 6, 7) },
      { orgs: orgs(1, 2, 4, 5, 6, 7, 9) },
    ]);
    expect(results[1]!.changes.removed.map((s) => s.organisation)).toEqual(["Body 3"]);
    expect(results[1]!.changes.moved).toEqual([]);
    expect(results[2]!.changes.added[0]).toMatchObject({
      organisation: "Body 9",
      day: "2027-03-01",
      start: "10:30",
    });
    expect(results[2]!.changes.moved).toEqual([]);
  });

  it("shortening the window by one slot moves only the organisation that no longer fits", () => {
    const { results, held } = syncs([
      { orgs: orgs(1, 2, 3, 4, 5, 6, 7) },
      { window: { ...W, end: "12:00" }, orgs: orgs(1, 2, 3, 4, 5, 6, 7) },
    ]);
    const second = results[1]!;
    expect(movedNames(second)).toEqual(["Body 5"]);
    expect(second.changes.moved[0]?.to).toEqual({
      day: "2027-03-02",
      start: "10:30",
      end: "11:15",
    });
    // Body 5 keeps its own meeting (its calendar entry): the same ID after the move.
    const five = held.find((s) => s.orgKey === "body 5");
    expect(five?.slotMeetingId).toBe(results[0]!.changes.added[4]?.slotMeetingId);
  });

  it("starting the window later moves only the slots before the new start", () => {
    const { results } = syncs([
      { orgs: orgs(1, 2, 3) },
      { window: { ...W, start: "09:45" }, orgs: orgs(1, 2, 3) },
    ]);
    expect(movedNames(results[1]!)).toEqual(["Body 1"]);
    // Body 1 takes the first free slot of the new grid (09:45 and 10:30 are held).
    expect(results[1]!.changes.moved[0]?.to).toMatchObject({ day: "2027-03-01", start: "11:15" });
  });

  it("moving the range's first day away moves that day's organisations, in Invite order", () => {
    const { results } = syncs([
      { orgs: orgs(1, 2, 3, 4) },
      { window: { ...W, firstDay: "2027-03-02" }, orgs: orgs(4, 3, 2, 1) },
    ]);
    const second = results[1]!;
    expect(movedNames(second)).toEqual(["Body 4", "Body 3", "Body 2", "Body 1"]);
    expect(schedule(second)).toEqual([
      "Body 4 2027-03-02 09:00-09:45",
      "Body 3 2027-03-02 09:45-10:30",
      "Body 2 2027-03-02 10:30-11:15",
      "Body 1 2027-03-02 11:15-12:00",
    ]);
  });

  it("a shorter slot keeps every start and changes only the ends", () => {
    const { results } = syncs([
      { orgs: orgs(1, 2, 3) },
      { window: { ...W, slotMinutes: 30 }, orgs: orgs(1, 2, 3) },
    ]);
    expect(results[1]!.changes.moved.map((m) => `${m.to.start}-${m.to.end}`)).toEqual([
      "09:00-09:30",
      "09:45-10:15",
      "10:30-11:00",
    ]);
    expect(results[1]!.changes.added).toEqual([]);
  });

  it("a longer slot moves only the slots it would overlap, the earlier one keeping its time", () => {
    const { results } = syncs([
      { orgs: orgs(1, 2, 3) },
      { window: { ...W, slotMinutes: 60 }, orgs: orgs(1, 2, 3) },
    ]);
    const second = results[1]!;
    // 09:00-10:00 and 10:30-11:30 keep their starts; Body 2 (09:45) overlaps and moves.
    expect(schedule(second)).toEqual([
      "Body 1 2027-03-01 09:00-10:00",
      "Body 3 2027-03-01 10:30-11:30",
      "Body 2 2027-03-02 09:00-10:00",
    ]);
  });

  it("never moves a pinned slot, even outside the window, and fills around it", () => {
    const first = syncs([{ orgs: orgs(1, 2, 3, 4, 5, 6, 7) }]);
    const pinned = first.held.map((s) => (s.orgKey === "body 5" ? { ...s, pinned: true } : s));
    const { results } = syncs(
      [{ window: { ...W, end: "12:00" }, orgs: orgs(1, 2, 3, 4, 5, 6, 7) }],
      pinned,
    );
    expect(results[0]!.changes).toEqual({ removed: [], moved: [], added: [] });
    expect(results[0]!.slots.find((s) => s.organisation.key === "body 5")).toMatchObject({
      start: "12:00",
      pinned: true,
    });
  });

  it("a slot pinned between two of the window's keeps new organisations off both", () => {
    const pinned: SeriesSlot = {
      meetingId: S,
      orgKey: "body 1",
      organisation: "Body 1",
      slotMeetingId: slotMeetingId(S, "body 1"),
      day: "2027-03-01",
      start: "09:30",
      end: "10:15",
      pinned: true,
      source: "staff",
      updatedAt: "t",
    };
    const { results } = syncs([{ orgs: orgs(1, 2, 3) }], [pinned]);
    expect(schedule(results[0]!)).toEqual([
      "Body 1 2027-03-01 09:30-10:15",
      "Body 2 2027-03-01 10:30-11:15",
      "Body 3 2027-03-01 11:15-12:00",
    ]);
  });

  it("a removed organisation frees even a pinned slot", () => {
    const first = syncs([{ orgs: orgs(1, 2) }]);
    const pinned = first.held.map((s) => ({ ...s, pinned: true }));
    const { results } = syncs([{ orgs: orgs(2) }], pinned);
    expect(results[0]!.changes.removed.map((s) => s.orgKey)).toEqual(["body 1"]);
  });

  it("keeps a slot an organisation chose for itself while it fits", () => {
    const first = syncs([{ orgs: orgs(1, 2, 3) }]);
    const chosen = first.held.map((s) =>
      s.orgKey === "body 2"
        ? { ...s, day: "2027-03-02", start: "11:15", end: "12:00", source: "self" as const }
        : s,
    );
    const { results } = syncs([{ orgs: orgs(1, 2, 3, 4) }], chosen);
    expect(results[0]!.changes.moved).toEqual([]);
    // The new organisation takes the slot Body 2 left.
    expect(results[0]!.changes.added[0]).toMatchObject({
      organisation: "Body 4",
      day: "2027-03-01",
      start: "09:45",
    });
  });

  it("says who is left without a slot when pinned slots took the room", () => {
    const oneDay = { ...W, lastDay: W.firstDay };
    const pinned = (n: number, start: string, end: string): SeriesSlot => ({
      meetingId: S,
      orgKey: `body ${n}`,
      organisation: `Body ${n}`,
      slotMeetingId: slotMeetingId(S, `body ${n}`),
      day: "2027-03-01",
      start,
      end,
      pinned: true,
      source: "staff",
      updatedAt: "t",
    });
    const held = [pinned(1, "09:20", "10:05"), pinned(2, "10:50", "11:35")];
    const result = assignSlots({
      meetingId: S,
      window: oneDay,
      organisations: orgs(1, 2, 3, 4),
      held,
    });
    expect(result.slots.map((s) => s.organisation.name)).toEqual(["Body 1", "Body 2", "Body 3"]);
    expect(result.unplaced.map((o) => o.name)).toEqual(["Body 4"]);
  });

  it("gives every organisation its own stable meeting ID", () => {
    const { results } = syncs([{ orgs: orgs(1, 2, 3, 4, 5, 6, 7) }]);
    const ids = results[0]!.changes.added.map((a) => a.slotMeetingId);
    expect(new Set(ids).size).toBe(7);
    expect(ids[0]).toBe(slotMeetingId(S, "body 1"));
    expect(ids[0]).toMatch(/^S-1~[0-9a-z]{6}$/);
    // A clash is hashed again, never shared.
    const again = slotMeetingId(S, "body 1", new Set([ids[0]!.toLowerCase()]));
    expect(again).not.toBe(ids[0]);
  });
});
