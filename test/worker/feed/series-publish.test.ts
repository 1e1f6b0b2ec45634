// A bilateral series publishes how many organisations it meets, which the
// contacts decide: the publish step, which skips building when the sheet is
// the same, builds again when only a contact's organisation changed.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { deleteSnapshot, readSnapshot } from "../../../src/feed/snapshot.ts";
import { publish } from "../../../src/sync/publish.ts";
import { contact, meeting, sheet } from "./fixtures.ts";

const NOW = new Date("2027-03-01T08:00:00Z");
const NO_UIDS: ReadonlyMap<string, string> = new Map();

beforeEach(async () => {
  await deleteSnapshot(env.FEED);
});

describe("publishing a series", () => {
  it("counts the organisations again when a contact's organisation changes, the meetings unchanged", async () => {
    const series = meeting({
      kind: "bilateral_series",
      date: "2027-03-10",
      date_end: "2027-03-11",
      invite: [{ type: "group", name: "Bodies" }],
    });
    const contacts = (second: string) => [
      contact({ email: "a@one.example", organization: "One", groups: ["Bodies"] }),
      contact({ email: "b@two.example", organization: second, groups: ["Bodies"] }),
    ];
    const count = async () =>
      (await readSnapshot(env.FEED))?.snapshot.meetings[0]?.series?.organizations;
    await publish(env.FEED, sheet([series], contacts("Two")), NOW, NO_UIDS);
    expect(await count()).toBe(2);
    const merged = await publish(env.FEED, sheet([series], contacts("One")), NOW, NO_UIDS);
    expect(merged.written).toBe(true);
    expect(await count()).toBe(1);
  });
});
