// series_slots in D1: a slot is one organisation's, decided by the UNIQUE
// index, not by reading first; a pinned slot stays; the sync's batch applies
// only to rows as it read them and fails whole when a slot was taken meanwhile.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  applyAssignment,
  claimSlot,
  findSlotByMeeting,
  loadAllSlots,
  loadSlots,
  moveSlot,
  releaseSlot,
  type SeriesSlot,
  setPinned,
} from "../../../src/series/store.ts";

const at = new Date("2027-02-01T08:00:00Z");
const S = "S-1";

const slot = (org: string, day: string, start: string, end: string) => ({
  meetingId: S,
  orgKey: org,
  organisation: org.toUpperCase(),
  slotMeetingId: `${S}~${org}`,
  day,
  start,
  end,
  pinned: false,
  source: "liqaa" as const,
});

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM series_slots").run();
  for (const s of [
    slot("a", "2027-03-01", "09:00", "09:45"),
    slot("b", "2027-03-01", "09:45", "10:30"),
  ]) {
    expect(await claimSlot(env.DB, s, at)).toEqual({ ok: true });
  }
});

const times = async () =>
  (await loadSlots(env.DB, S)).map((s) => `${s.orgKey} ${s.day} ${s.start}`);

describe("claiming and moving one slot", () => {
  it("refuses a first slot another organisation holds, and a second slot for one organisation", async () => {
    expect(await claimSlot(env.DB, slot("c", "2027-03-01", "09:00", "09:45"), at)).toEqual({
      ok: false,
      reason: "taken",
    });
    expect(await claimSlot(env.DB, slot("a", "2027-03-02", "09:00", "09:45"), at)).toEqual({
      ok: false,
      reason: "taken",
    });
    expect(await times()).toEqual(["a 2027-03-01 09:00", "b 2027-03-01 09:45"]);
  });

  it("two organisations choosing the same free slot at once: exactly one gets it", async () => {
    const to = { day: "2027-03-02", start: "09:00", end: "09:45" };
    const results = await Promise.all([
      moveSlot(env.DB, { meetingId: S, orgKey: "a", to, source: "self", at }),
      moveSlot(env.DB, { meetingId: S, orgKey: "b", to, source: "self", at }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "taken" }]);
    const held = (await loadSlots(env.DB, S)).filter((s) => s.day === "2027-03-02");
    expect(held).toHaveLength(1);
    expect(held[0]?.source).toBe("self");
  });

  it("never moves a pinned slot, and says why; says so for an organisation with no slot", async () => {
    expect(await setPinned(env.DB, S, "a", true, at)).toBe(true);
    const to = { day: "2027-03-02", start: "10:00", end: "10:45" };
    expect(await moveSlot(env.DB, { meetingId: S, orgKey: "a", to, source: "self", at })).toEqual({
      ok: false,
      reason: "pinned",
    });
    expect(await moveSlot(env.DB, { meetingId: S, orgKey: "z", to, source: "self", at })).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(await times()).toEqual(["a 2027-03-01 09:00", "b 2027-03-01 09:45"]);
  });

  it("frees a slot for another, and finds a slot by the organisation's own meeting", async () => {
    expect(await releaseSlot(env.DB, S, "a")).toBe(true);
    expect(await claimSlot(env.DB, slot("c", "2027-03-01", "09:00", "09:45"), at)).toEqual({
      ok: true,
    });
    expect((await findSlotByMeeting(env.DB, `${S}~c`))?.start).toBe("09:00");
    expect(await findSlotByMeeting(env.DB, `${S}~a`)).toBeNull();
    expect([...(await loadAllSlots(env.DB)).keys()]).toEqual([S]);
  });
});

describe("the sync's batch", () => {
  const read = async (): Promise<SeriesSlot[]> => loadSlots(env.DB, S);

  it("swaps two slots, frees one and adds one in one transaction", async () => {
    const [a, b] = await read();
    const ok = await applyAssignment(
      env.DB,
      {
        removed: [],
        moved: [
          { from: a!, to: { day: b!.day, start: b!.start, end: b!.end } },
          { from: b!, to: { day: a!.day, start: a!.start, end: a!.end } },
        ],
        added: [slot("c", "2027-03-01", "10:30", "11:15")],
      },
      at,
    );
    expect(ok).toBe(true);
    expect(await times()).toEqual([
      "b 2027-03-01 09:00",
      "a 2027-03-01 09:45",
      "c 2027-03-01 10:30",
    ]);
  });

  it("fails whole, changing nothing, when a slot it gives was taken since it read", async () => {
    const [a] = await read();
    // Meanwhile b chose 10:30 on its RSVP page.
    const to = { day: "2027-03-01", start: "10:30", end: "11:15" };
    expect((await moveSlot(env.DB, { meetingId: S, orgKey: "b", to, source: "self", at })).ok).toBe(
      true,
    );
    const ok = await applyAssignment(
      env.DB,
      {
        removed: [a!],
        moved: [],
        added: [slot("c", "2027-03-01", "10:30", "11:15")],
      },
      at,
    );
    expect(ok).toBe(false);
    expect(await times()).toEqual(["a 2027-03-01 09:00", "b 2027-03-01 10:30"]);
  });

  it("leaves a slot the organisation moved since the sync read it where it chose", async () => {
    const [, b] = await read();
    const chosen = { day: "2027-03-02", start: "09:00", end: "09:45" };
    await moveSlot(env.DB, { meetingId: S, orgKey: "b", to: chosen, source: "self", at });
    const ok = await applyAssignment(
      env.DB,
      {
        removed: [],
        moved: [{ from: b!, to: { day: "2027-03-01", start: "11:00", end: "11:45" } }],
        added: [],
      },
      at,
    );
    expect(ok).toBe(true);
    expect(await times()).toEqual(["a 2027-03-01 09:00", "b 2027-03-02 09:00"]);
  });

  it("does not move a pinned slot", async () => {
    await setPinned(env.DB, S, "a", true, at);
    const [a] = await read();
    await applyAssignment(
      env.DB,
      {
        removed: [],
        moved: [{ from: a!, to: { day: "2027-03-02", start: "09:00", end: "09:45" } }],
        added: [],
      },
      at,
    );
    expect(await times()).toEqual(["a 2027-03-01 09:00", "b 2027-03-01 09:45"]);
  });
});
