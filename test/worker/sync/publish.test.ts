// The publish step skips building a snapshot KV already holds for the same
// sheet (src/sync/publish.ts); what it publishes must stay what a full build
// would: a change to the sheet, a meeting's end passing with the sheet
// unchanged, and a snapshot replaced or removed behind its back are all seen.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  buildSnapshot,
  deleteSnapshot,
  readSnapshot,
  writeSnapshot,
} from "../../../src/feed/snapshot.ts";
import { publish } from "../../../src/sync/publish.ts";
import { meeting, sheet } from "../feed/fixtures.ts";

const NOW = new Date("2027-03-01T08:00:00Z");
const HOUR_MS = 3_600_000;
const later = (hours: number) => new Date(NOW.getTime() + hours * HOUR_MS);
/** No stored calendar UIDs: the snapshot gives each meeting the one its first email would get. */
const NO_UIDS: ReadonlyMap<string, string> = new Map();

async function publishedIds(): Promise<string[]> {
  return ((await readSnapshot(env.FEED))?.snapshot.meetings ?? []).map((m) => m.id);
}

beforeEach(async () => {
  await deleteSnapshot(env.FEED);
});

describe("publishing the same sheet again", () => {
  it("writes nothing, and writes a changed meeting", async () => {
    const one = sheet([meeting({ date: "2027-03-10" })]);
    expect((await publish(env.FEED, one, NOW, NO_UIDS)).written).toBe(true);
    expect(await publish(env.FEED, one, later(1), NO_UIDS)).toEqual({
      written: false,
      kept: false,
      problems: [],
    });
    const moved = sheet([meeting({ date: "2027-03-10", location: "Amman" })]);
    expect((await publish(env.FEED, moved, later(2), NO_UIDS)).written).toBe(true);
    expect((await readSnapshot(env.FEED))?.snapshot.meetings[0]?.location).toBe("Amman");
  });

  it("drops a cancelled meeting once it has ended, though the sheet did not change", async () => {
    // Cancelled, 10:00–12:00 Istanbul (07:00–09:00 UTC) on the day: shown until it ends.
    const cancelled = meeting({ id: "M-0002", date: "2027-03-01", status: "cancelled" });
    const ahead = meeting({ date: "2027-03-10" });
    // The cancelled meeting is published only if an earlier snapshot had it.
    await writeSnapshot(
      env.FEED,
      buildSnapshot(sheet([ahead, { ...cancelled, status: "scheduled" }]), later(-24)),
    );
    const one = sheet([ahead, cancelled]);
    await publish(env.FEED, one, NOW, NO_UIDS);
    expect(await publishedIds()).toEqual(["M-0001", "M-0002"]);
    expect((await publish(env.FEED, one, later(0.5), NO_UIDS)).written).toBe(false);
    expect((await publish(env.FEED, one, later(1.5), NO_UIDS)).written).toBe(true);
    expect(await publishedIds()).toEqual(["M-0001"]);
  });

  it("writes again when the stored snapshot was removed or replaced meanwhile", async () => {
    const one = sheet([meeting({ date: "2027-03-10" })]);
    await publish(env.FEED, one, NOW, NO_UIDS);
    await deleteSnapshot(env.FEED);
    expect((await publish(env.FEED, one, later(1), NO_UIDS)).written).toBe(true);
    expect(await publishedIds()).toEqual(["M-0001"]);
    await writeSnapshot(env.FEED, buildSnapshot(sheet([]), later(2)));
    expect((await publish(env.FEED, one, later(3), NO_UIDS)).written).toBe(true);
    expect(await publishedIds()).toEqual(["M-0001"]);
  });

  it("writes again when a calendar UID or the Settings change, the rows the same objects", async () => {
    const one = sheet([meeting({ date: "2027-03-10" })]);
    await publish(env.FEED, one, NOW, NO_UIDS);
    const uids = new Map([["m-0001", "M-0001@example.org"]]);
    expect((await publish(env.FEED, one, later(1), uids)).written).toBe(true);
    expect((await readSnapshot(env.FEED))?.snapshot.meetings[0]?.uid).toBe("M-0001@example.org");
    // The same UIDs in a new map: nothing to write.
    expect((await publish(env.FEED, one, later(2), new Map(uids))).written).toBe(false);
    const renamed = { ...one, settings: { ...one.settings, network_name_en: "Another network" } };
    expect((await publish(env.FEED, renamed, later(3), uids)).written).toBe(true);
    expect((await readSnapshot(env.FEED))?.snapshot.network.name_en).toBe("Another network");
  });
});
