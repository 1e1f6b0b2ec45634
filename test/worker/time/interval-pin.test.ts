// Pins, for every meeting of the demo sheet, of generated sheets and of a grid of
// awkward rows (clock-change nights, ranges, no End, an End before the Start), the
// fingerprint and the instants the mail, the sync and the feed give it. The values
// were taken before the three readings of a meeting's time became one function: a
// changed fingerprint would email an update to every invitee on deploy, and a
// changed instant would move a calendar entry or the feed.

import { describe, expect, it } from "vitest";
import settingsCsv from "../../../demo-sheet/الإعدادات.csv?raw";
import meetingsCsv from "../../../demo-sheet/الاجتماعات.csv?raw";
import contactsCsv from "../../../demo-sheet/جهات الاتصال.csv?raw";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { parseCsv } from "../../../scripts/lib/csv-folder.ts";
import { meetingTiming } from "../../../src/feed/snapshot.ts";
import { meetingTime } from "../../../src/mail/time.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { fingerprint, meetingEnd, meetingStart } from "../../../src/sync/fingerprint.ts";
import { pinnedDemoGrid } from "../support/pinned-demo.ts";
import { meeting } from "../sync/fixtures.ts";

function iso(date: Date | null): string | null {
  if (date === null) return null;
  return Number.isNaN(date.getTime()) ? "invalid" : date.toISOString();
}

/** Everything a meeting's time becomes, in the mail, the sync and the feed. */
function record(m: Meeting): unknown {
  const mail = meetingTime(m);
  return [
    m.id,
    fingerprint(m),
    mail.type === "timed" ? { ...mail, start: iso(mail.start), end: iso(mail.end) } : mail,
    iso(meetingStart(m)),
    iso(meetingEnd(m)),
    meetingTiming(m),
  ];
}

async function digest(values: readonly unknown[]): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(values));
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The demo sheet's meetings. The pins were taken before the sheet had English
 * columns for location, counterpart and agenda, and a deploy meets sheets
 * without them: by default they are left out, so the pins still say that such a
 * sheet's meetings keep their fingerprints (the columns' own rule is pinned below).
 */
function demoMeetings(withEnglish = false): Meeting[] {
  return parseSheet({
    الإعدادات: parseCsv(settingsCsv),
    الاجتماعات: pinnedDemoGrid(parseCsv(meetingsCsv), withEnglish),
    "جهات الاتصال": parseCsv(contactsCsv),
  }).meetings;
}

function generatedMeetings(meetings: number, seed: number): Meeting[] {
  return parseSheet(generateSheet({ meetings, seed }).tabs).meetings;
}

/** Rows around the nights clocks change, in zones east and west, with and without an End. */
function awkwardMeetings(): Meeting[] {
  const zones = ["Europe/Berlin", "America/New_York", "Asia/Damascus", "Europe/Istanbul", "UTC"];
  const dates = [
    "2026-03-08",
    "2026-03-27",
    "2026-03-29",
    "2026-10-25",
    "2026-10-30",
    "2026-11-01",
  ];
  const times: [string | null, string | null][] = [
    [null, null],
    ["00:00", null],
    ["02:30", null],
    ["02:30", "04:00"],
    ["10:00", "12:00"],
    ["22:00", "01:00"],
    ["23:30", null],
    ["12:00", "12:00"],
  ];
  const out: Meeting[] = [];
  for (const timezone of zones) {
    for (const date of dates) {
      for (const date_end of [null, "2026-11-02"]) {
        for (const [start, end] of times) {
          out.push(
            meeting({
              id: `${timezone}-${date}-${date_end}-${start}-${end}`,
              timezone,
              date,
              date_end,
              start,
              end,
            }),
          );
        }
      }
    }
  }
  out.push(meeting({ date: null, start: null, end: null }));
  return out;
}

/** Per sheet: how many meetings, the digest of their fingerprints, the digest of every record. */
const PINNED: [string, () => Meeting[], number, string, string][] = [
  [
    "the demo sheet",
    demoMeetings,
    13,
    "535c8ff5d86f85aefb7660bfe33ceb267cbe394f71a64ec8ed1a4c76475f2882",
    "a11faeabba6c39c090a06fbd81744ba7b81f52cd96cbe77fcff8a40523883e35",
  ],
  [
    "a generated sheet of 300 meetings (seed 7)",
    () => generatedMeetings(300, 7),
    293,
    "d19268c1421589a1cb42cf4f5f9b3baa4134fb2a2fe35b635df5e9a66beadefa",
    "17543fcfac30ad2149476880079c40d3b5c172ee26298183b1fe1668fb3510db",
  ],
  [
    "a generated sheet of 200 meetings (seed 11)",
    () => generatedMeetings(200, 11),
    195,
    "4ce425837f3fd064d9bdbf9e7187085df5b039d31e3900260b4e9539a3be1f1c",
    "a509e9e03e1fbb19579b95bd0c712267659743142c0f5d20eb0e6d7c89175615",
  ],
  [
    "the awkward rows",
    awkwardMeetings,
    481,
    "8f7dc8363c732b7a1a292bdd29c058969361ede968096baef1c94986c8887364",
    "fabe6a586c9ec4695807c55c3c39db87e8481c0df008c8eedeef3ade3e4eaf2d",
  ],
];

describe("the English location in the fingerprint", () => {
  it("is appended to the pinned fields only when given, so the demo sheet without it keeps its pins", () => {
    const before = demoMeetings();
    const after = demoMeetings(true);
    expect(after.length).toBe(before.length);
    expect(after.filter((m) => m.location_en !== undefined).length).toBe(13);
    after.forEach((m, i) => {
      const old = fingerprint(before[i]!);
      const fields = JSON.parse(old.slice(3)) as string[];
      expect(fingerprint(m)).toBe(
        m.location_en === undefined ? old : `v1:${JSON.stringify([...fields, m.location_en])}`,
      );
    });
  });
});

describe("a meeting's fingerprint and instants stay what they were", () => {
  it.each(PINNED)("%s", async (_name, meetings, count, fingerprints, records) => {
    const all = meetings();
    expect(all.length).toBe(count);
    expect(await digest(all.map(fingerprint))).toBe(fingerprints);
    expect(await digest(all.map(record))).toBe(records);
  });
});
