import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { type FeedQuery, parseFeedQuery, renderFeed } from "../../../src/feed/json-feed.ts";
import { feedSchemaFor } from "../../../src/feed/schema.ts";
import {
  buildSnapshot,
  emptySnapshot,
  FeedSnapshotSchema,
  mergeWithPrevious,
} from "../../../src/feed/snapshot.ts";
import { fuzzSheet } from "../../worker/feed/arbitraries.ts";
import { meeting, sheet } from "../../worker/feed/fixtures.ts";

const BASE = "https://liqaa.test";
const validate = new Ajv({ strict: true, allErrors: true }).compile(feedSchemaFor(BASE));

function queries(): FeedQuery[] {
  const out: FeedQuery[] = [];
  for (const lang of ["ar", "en"]) {
    for (const when of ["upcoming", "past", "all"]) {
      const parsed = parseFeedQuery(new URLSearchParams({ lang, when, limit: "3" }));
      if (parsed.ok) out.push(parsed.query);
    }
  }
  return out;
}

/** JSON Feed 1.1's rules that a schema cannot say. */
function jsonFeedRuleBreaks(feed: ReturnType<typeof renderFeed>): string[] {
  const problems: string[] = [];
  const ids = feed.items.map((i) => i.id);
  if (new Set(ids).size !== ids.length) problems.push("item ids are not unique");
  for (const key of Object.keys(feed)) {
    const known = [
      "version",
      "title",
      "home_page_url",
      "feed_url",
      "description",
      "language",
      "next_url",
      "items",
    ];
    if (!known.includes(key) && !key.startsWith("_")) problems.push(`unknown top-level key ${key}`);
  }
  if (feed.next_url === feed.feed_url) problems.push("next_url points at itself");
  return problems;
}

describe("the feed against its JSON Schema", () => {
  it("passes for the empty feed served before the first sync", () => {
    const feed = renderFeed(emptySnapshot(new Date()), queries()[0]!, Date.now(), { base: BASE });
    expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
  });

  it("passes for a feed with timed, all-day, ranged and undated meetings", () => {
    const snapshot = buildSnapshot(
      sheet([
        meeting({ id: "timed" }),
        meeting({ id: "allday", start: null, end: null }),
        meeting({ id: "range", date: "2019-11-18", date_end: "2019-11-19" }),
        meeting({
          id: "undated",
          date: null,
          start: null,
          end: null,
          status: "held",
          summary_en: "Done.",
        }),
      ]),
      new Date("2026-01-01T00:00:00Z"),
    );
    for (const q of queries()) {
      const feed = renderFeed(snapshot, q, Date.parse("2026-01-10T00:00:00Z"), { base: BASE });
      expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("passes, with JSON Feed 1.1's own rules, for any sheet and query", () => {
    fc.assert(
      fc.property(fuzzSheet, fc.integer({ min: 0, max: 2 }), ({ sheet: s }, offset) => {
        const snapshot = mergeWithPrevious(buildSnapshot(s, new Date()), null);
        expect(z.safeParse(FeedSnapshotSchema, snapshot).success).toBe(true);
        for (const q of queries()) {
          const feed = renderFeed(snapshot, { ...q, offset }, Date.now(), { base: BASE });
          expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
          expect(jsonFeedRuleBreaks(feed)).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("rejects a feed whose item leaks an online link field", () => {
    const feed = renderFeed(
      buildSnapshot(sheet([meeting()]), new Date()),
      queries()[2]!,
      Date.now(),
      {
        base: BASE,
      },
    );
    const tampered = structuredClone(feed) as unknown as {
      items: { _liqaa: Record<string, unknown> }[];
    };
    tampered.items[0]!._liqaa.online_url = "https://meet.example.org/x";
    expect(validate(tampered)).toBe(false);
  });

  it("passes for a feed with linked meetings and a bilateral series, which carry _liqaa.part_of, follows and series", () => {
    const snapshot = mergeWithPrevious(
      buildSnapshot(
        sheet([
          meeting({ id: "hizma" }),
          meeting({ id: "side", part_of: "hizma" }),
          meeting({
            id: "series",
            kind: "bilateral_series",
            date: "2019-11-18",
            date_end: "2019-11-19",
          }),
          meeting({ id: "leadership", follows: "series", part_of: "not-published" }),
        ]),
        new Date("2026-01-01T00:00:00Z"),
      ),
      null,
    );
    const all = { ...queries()[2]!, limit: 50 };
    const feed = renderFeed(snapshot, all, Date.parse("2026-01-10T00:00:00Z"), { base: BASE });
    expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
    const ext = new Map(feed.items.map((i) => [i.id, i._liqaa]));
    expect(ext.get("side")?.part_of).toBe("hizma");
    expect(ext.get("leadership")?.follows).toBe("series");
    expect(ext.get("leadership")).not.toHaveProperty("part_of");
    // Hope NGO (the Members group) and guest@partner.example, who is in no organisation.
    expect(ext.get("series")?.series).toEqual({
      days: ["2019-11-18", "2019-11-19"],
      organizations: 2,
    });
    // Nobody's slot may be published on a series whose row does not say so:
    // a well-formed slot without schedule_published is refused.
    const tampered = structuredClone(feed) as unknown as {
      items: { id: string; _liqaa: { series?: Record<string, unknown> } }[];
    };
    const series = tampered.items.find((i) => i.id === "series")!._liqaa.series!;
    series.slots = [
      {
        organization: "Hope NGO",
        start: "2019-11-18T09:00:00+03:00",
        end: "2019-11-18T09:45:00+03:00",
      },
    ];
    expect(validate(tampered)).toBe(false);
    // Nor a flag without the slots.
    delete series.slots;
    series.schedule_published = true;
    expect(validate(tampered)).toBe(false);
  });

  it("passes for a series whose row publishes its schedule, and refuses more than a slot's name and times", () => {
    const snapshot = buildSnapshot(
      sheet([
        meeting({
          id: "series",
          kind: "bilateral_series",
          date: "2027-03-10",
          start: "09:00",
          end: "12:00",
          publish_schedule: true,
          schedule: [{ organization: "Hope NGO", day: "2027-03-10", start: "09:00", end: "09:45" }],
        }),
      ]),
      new Date("2027-01-01T00:00:00Z"),
    );
    const all = { ...queries()[2]!, limit: 50 };
    const feed = renderFeed(snapshot, all, Date.parse("2027-01-10T00:00:00Z"), { base: BASE });
    expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
    const series = feed.items[0]?._liqaa.series;
    expect(series).toMatchObject({
      schedule_published: true,
      slots: [
        {
          organization: "Hope NGO",
          start: "2027-03-10T09:00:00+03:00",
          end: "2027-03-10T09:45:00+03:00",
        },
      ],
    });
    const tampered = structuredClone(feed) as unknown as {
      items: { _liqaa: { series: { slots: Record<string, unknown>[] } } }[];
    };
    tampered.items[0]!._liqaa.series.slots[0]!.invitees = ["a@hope.example"];
    expect(validate(tampered)).toBe(false);
  });
});
