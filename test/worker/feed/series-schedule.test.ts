// A bilateral series whose row says Publish schedule yes: its feed item lists
// each organisation's slot (`series.slots`, with `schedule_published`), its
// page lists them in Arabic and English, and a row saying no again publishes
// none at the next publish. A series that does not say so publishes no slot
// even when the sync handed it the schedule.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { renderMeetingPage } from "../../../src/feed/page.ts";
import {
  buildSnapshot,
  deleteSnapshot,
  FeedSnapshotSchema,
  readSnapshot,
} from "../../../src/feed/snapshot.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { publish } from "../../../src/sync/publish.ts";
import { contact, meeting, sheet } from "./fixtures.ts";

const NOW = new Date("2027-03-01T08:00:00Z");
const BASE = "https://liqaa.test";
const NO_UIDS: ReadonlyMap<string, string> = new Map();

const contacts = [
  contact({ email: "a@hope.example", organization: "Hope NGO", groups: ["Bodies"] }),
  contact({ email: "b@light.example", organization: "Light Network", groups: ["Bodies"] }),
];
const schedule: Meeting["schedule"] = [
  { organization: "Light Network", day: "2027-03-10", start: "09:00", end: "09:45" },
  { organization: "Hope NGO", day: "2027-03-10", start: "10:00", end: "10:45" },
  // An invitee with no Organization is an organisation of their own, named by address.
  { organization: "solo@independent.example", day: "2027-03-11", start: "09:00", end: "09:45" },
];
const series = (over: Partial<Meeting> = {}) =>
  meeting({
    id: "S1",
    kind: "bilateral_series",
    date: "2027-03-10",
    date_end: "2027-03-11",
    start: "09:00",
    end: "12:00",
    invite: [
      { type: "group", name: "Bodies" },
      { type: "email", email: "solo@independent.example" },
    ],
    series: { slot_minutes: 45, break_minutes: 15 },
    schedule,
    ...over,
  });

const slotsOf = (m: Meeting) => {
  const item = buildSnapshot(sheet([m], contacts), NOW).meetings[0];
  return item?.series && "slots" in item.series ? item.series.slots : undefined;
};

beforeEach(async () => {
  await deleteSnapshot(env.FEED);
});

describe("a series' published schedule", () => {
  it("lists each slot in schedule order, as instants with the zone's offset, addresses redacted", () => {
    const item = buildSnapshot(sheet([series({ publish_schedule: true })], contacts), NOW)
      .meetings[0];
    expect(item?.series).toEqual({
      days: ["2027-03-10", "2027-03-11"],
      organizations: 3,
      schedule_published: true,
      slots: [
        {
          organization: "Light Network",
          start: "2027-03-10T09:00:00+03:00",
          end: "2027-03-10T09:45:00+03:00",
        },
        {
          organization: "Hope NGO",
          start: "2027-03-10T10:00:00+03:00",
          end: "2027-03-10T10:45:00+03:00",
        },
        {
          organization: "[…]",
          start: "2027-03-11T09:00:00+03:00",
          end: "2027-03-11T09:45:00+03:00",
        },
      ],
    });
    // The stored snapshot's schema keeps them.
    const checked = FeedSnapshotSchema.parse({
      ...buildSnapshot(sheet([series({ publish_schedule: true })], contacts), NOW),
    });
    expect(checked.meetings[0]?.series).toEqual(item?.series);
  });

  it("publishes no slot for a series that does not say so, whatever it was handed", () => {
    expect(slotsOf(series())).toBeUndefined();
    const item = buildSnapshot(sheet([series()], contacts), NOW).meetings[0];
    expect(item?.series).toEqual({ days: ["2027-03-10", "2027-03-11"], organizations: 3 });
    // And the stored snapshot's schema drops slots smuggled onto such a series.
    const smuggled = structuredClone(buildSnapshot(sheet([series()], contacts), NOW));
    Object.assign(smuggled.meetings[0]!.series!, { slots: [{ organization: "Hope NGO" }] });
    expect(FeedSnapshotSchema.parse(smuggled).meetings[0]?.series).not.toHaveProperty("slots");
  });

  it("shows the slots on the series' page, in Arabic and English, in the meeting's zone", () => {
    const s = buildSnapshot(sheet([series({ publish_schedule: true })], contacts), NOW);
    const page = (lang: "ar" | "en") =>
      renderMeetingPage(s, s.meetings[0]!, lang, { base: BASE, calendar: BASE });
    const en = page("en");
    expect(en).toContain("<dt>Schedule</dt>");
    expect(en).toContain("<bdi>Light Network</bdi>: Wednesday, 10 March 2027, 9:00 – 9:45");
    expect(en).toContain("<bdi>Hope NGO</bdi>: Wednesday, 10 March 2027, 10:00 – 10:45");
    expect(en.indexOf("Light Network")).toBeLessThan(en.indexOf("Hope NGO"));
    const ar = page("ar");
    expect(ar).toContain("<dt>الجدول</dt>");
    expect(ar).toContain("<bdi>Hope NGO</bdi>: الأربعاء، ١٠ آذار ٢٠٢٧، ١٠:٠٠ ص – ١٠:٤٥ ص");
    expect(ar).not.toContain("solo@");
    // Without the row's yes, the page has no schedule.
    const plain = buildSnapshot(sheet([series()], contacts), NOW);
    const hidden = renderMeetingPage(plain, plain.meetings[0]!, "en", {
      base: BASE,
      calendar: BASE,
    });
    expect(hidden).not.toContain("<dt>Schedule</dt>");
    expect(hidden).not.toContain("Light Network");
  });

  it("takes the slots off the stored feed when the row says no again", async () => {
    const stored = async () => (await readSnapshot(env.FEED))?.snapshot.meetings[0]?.series;
    await publish(env.FEED, sheet([series({ publish_schedule: true })], contacts), NOW, NO_UIDS);
    expect(await stored()).toHaveProperty("slots");
    // The sync hands over no schedule for a row saying no (src/series/public-schedule.ts).
    const { schedule: _s, ...no } = series();
    const after = await publish(env.FEED, sheet([no], contacts), NOW, NO_UIDS);
    expect(after.written).toBe(true);
    expect(await stored()).toEqual({ days: ["2027-03-10", "2027-03-11"], organizations: 3 });
  });
});
