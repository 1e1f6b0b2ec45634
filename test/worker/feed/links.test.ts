// Linked meetings and bilateral series in the public snapshot, feed and pages:
// a link is published as the ID its target is listed under, only when the
// target is published; a series is one item with its days and the number of
// organisations it met, and nothing says which organisation met when.
import { describe, expect, it } from "vitest";
import { renderCalendar } from "../../../src/feed/calendar.ts";
import { parseFeedQuery, renderFeed } from "../../../src/feed/json-feed.ts";
import { renderMeetingPage } from "../../../src/feed/page.ts";
import {
  buildSnapshot,
  type FeedSnapshot,
  mergeWithPrevious,
  type PublicMeeting,
} from "../../../src/feed/snapshot.ts";
import { contact, meeting, sheet } from "./fixtures.ts";

const NOW = new Date("2026-01-01T00:00:00Z");
const BASE = "https://liqaa.test";

const hizma = meeting({
  id: "Hizma",
  title_ar: "اجتماع مشاركة المعلومات الإنسانية",
  title_en: "Humanitarian information-sharing meeting",
});
const side = meeting({
  id: "side",
  title_ar: "لقاء على الهامش",
  title_en: "Side meeting",
  part_of: "HIZMA",
});
const draft = meeting({ id: "draft", status: "draft" });
const after = meeting({ id: "after", title_en: "Follow-on", follows: "side", part_of: "draft" });

const item = (s: FeedSnapshot, id: string): PublicMeeting => {
  const found = s.meetings.find((m) => m.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

describe("links in the snapshot", () => {
  it("names the published target by the ID it is listed under, and leaves out a link to an unpublished one", () => {
    const s = buildSnapshot(sheet([hizma, side, draft, after]), NOW);
    expect(item(s, "side").part_of).toBe("Hizma");
    expect(item(s, "after").follows).toBe("side");
    expect(item(s, "after")).not.toHaveProperty("part_of");
    expect(item(s, "Hizma")).not.toHaveProperty("part_of");
    expect(item(s, "Hizma")).not.toHaveProperty("follows");
  });

  it("adds no key to a meeting without links: its item is what it was", () => {
    const plain = buildSnapshot(sheet([hizma]), NOW);
    expect(Object.keys(item(plain, "Hizma"))).not.toEqual(
      expect.arrayContaining(["part_of", "follows", "series"]),
    );
  });

  it("follows the ID spelling the public saw before, and drops a link to a cancelled meeting it never saw", () => {
    const first = mergeWithPrevious(buildSnapshot(sheet([hizma, side]), NOW), null);
    const respelled = { ...hizma, id: "hizma" };
    const cancelled = meeting({ id: "gone", status: "cancelled", date: "2026-06-01" });
    const next = buildSnapshot(
      sheet([respelled, side, cancelled, { ...after, follows: "gone" }]),
      NOW,
    );
    const merged = mergeWithPrevious(next, first);
    expect(merged.meetings.map((m) => m.id)).toEqual(["Hizma", "side", "after"]);
    expect(item(merged, "side").part_of).toBe("Hizma");
    expect(item(merged, "after")).not.toHaveProperty("follows");
    // The side meeting's public content is unchanged: its modified_at is kept.
    expect(item(merged, "side").modified_at).toBe(item(first, "side").modified_at);
  });

  it("puts the links in the feed's _liqaa, and nothing for a meeting without them", () => {
    const s = buildSnapshot(sheet([hizma, side, after]), NOW);
    const q = parseFeedQuery(new URLSearchParams({ lang: "en" }));
    if (!q.ok) throw new Error("query");
    const feed = renderFeed(s, q.query, NOW.getTime(), { base: BASE });
    const byId = new Map(feed.items.map((i) => [i.id, i._liqaa]));
    expect(byId.get("side")?.part_of).toBe("Hizma");
    expect(byId.get("after")?.follows).toBe("side");
    expect(Object.keys(byId.get("Hizma") ?? {})).not.toContain("part_of");
  });
});

describe("the meeting pages link to each other", () => {
  const s = buildSnapshot(sheet([hizma, side, after]), NOW);
  const page = (id: string, lang: "ar" | "en") =>
    renderMeetingPage(s, item(s, id), lang, { base: BASE, calendar: `${BASE}/x.ics` });

  it("in English: the event it is part of, what is on its margins, what it follows and what follows it", () => {
    expect(page("side", "en")).toContain(
      `<dt>Part of</dt><dd><a href="${BASE}/meetings/Hizma?lang=en">Humanitarian information-sharing meeting</a></dd>`,
    );
    expect(page("Hizma", "en")).toContain(
      `<dt>On its margins</dt><dd><a href="${BASE}/meetings/side?lang=en">Side meeting</a></dd>`,
    );
    expect(page("after", "en")).toContain(
      `<dt>Follows</dt><dd><a href="${BASE}/meetings/side?lang=en">Side meeting</a></dd>`,
    );
    expect(page("side", "en")).toContain(
      `<dt>Followed by</dt><dd><a href="${BASE}/meetings/after?lang=en">Follow-on</a></dd>`,
    );
  });

  it("in Arabic, with links to the Arabic pages", () => {
    expect(page("side", "ar")).toContain(
      `<dt>ضمن</dt><dd><a href="${BASE}/meetings/Hizma">اجتماع مشاركة المعلومات الإنسانية</a></dd>`,
    );
    expect(page("Hizma", "ar")).toContain(
      `<dt>على هامشه</dt><dd><a href="${BASE}/meetings/side">لقاء على الهامش</a></dd>`,
    );
    expect(page("side", "ar")).toContain(`<dt>يليه</dt>`);
    expect(page("after", "ar")).toContain(`<dt>يلي</dt>`);
  });
});

describe("a bilateral series, in public", () => {
  const contacts = [
    contact({ email: "a1@hope.example", organization: "Hope NGO", groups: ["Bodies"] }),
    contact({ email: "a2@hope.example", organization: " hope ngo ", groups: ["Bodies"] }),
    contact({ email: "b@light.example", organization: "Light Network", groups: ["Bodies"] }),
    contact({ email: "c@dawn.example", organization: "Dawn Platform", groups: [] }),
    contact({
      email: "off@gone.example",
      organization: "Gone Org",
      groups: ["Bodies"],
      active: false,
    }),
  ];
  const series = meeting({
    id: "undp-series",
    kind: "bilateral_series",
    date: "2026-11-18",
    date_end: "2026-11-19",
    start: "09:00",
    end: "17:00",
    organization: "UNDP",
    counterpart: "Antoine Mansour",
    invite: [
      { type: "group", name: "Bodies" },
      { type: "email", email: "c@dawn.example" },
      { type: "email", email: "solo@independent.example" },
    ],
  });
  const leadership = meeting({ id: "undp-leadership", follows: "undp-series", date: "2026-11-20" });
  const s = buildSnapshot(sheet([series, leadership], contacts), NOW);

  it("is one item with its days and the number of organisations its invitees belong to", () => {
    const items = s.meetings.filter((m) => m.id === "undp-series");
    expect(items).toHaveLength(1);
    // Hope NGO (two contacts, one organisation), Light Network, Dawn Platform, and an address with none.
    expect(items[0]?.series).toEqual({ days: ["2026-11-18", "2026-11-19"], organizations: 4 });
    expect(items[0]?.organization).toBe("UNDP");
    expect(item(s, "undp-leadership").follows).toBe("undp-series");
  });

  it("never names an invitee's organisation or address in the feed, the calendar or the page", () => {
    const q = parseFeedQuery(new URLSearchParams({ limit: "200" }));
    if (!q.ok) throw new Error("query");
    const outputs = [
      JSON.stringify(s),
      JSON.stringify(renderFeed(s, q.query, NOW.getTime(), { base: BASE })),
      renderCalendar(s, { lang: "en", base: BASE }),
      renderMeetingPage(s, item(s, "undp-series"), "en", { base: BASE, calendar: BASE }),
      renderMeetingPage(s, item(s, "undp-series"), "ar", { base: BASE, calendar: BASE }),
    ];
    for (const text of outputs) {
      for (const secret of ["Hope NGO", "Light Network", "Dawn Platform", "@hope.example", "solo@"])
        expect(text).not.toContain(secret);
    }
  });

  it("says its days and the organisations met in the feed item's content, in both languages", () => {
    for (const [lang, days, count] of [
      [
        "en",
        "Days: Wednesday, 18 November 2026, Thursday, 19 November 2026",
        "Organisations met: 4",
      ],
      [
        "ar",
        "الأيام: الأربعاء، ١٨ تشرين الثاني ٢٠٢٦، الخميس، ١٩ تشرين الثاني ٢٠٢٦",
        "عدد الجهات: ٤",
      ],
    ] as const) {
      const q = parseFeedQuery(new URLSearchParams({ lang }));
      if (!q.ok) throw new Error("query");
      const feed = renderFeed(s, q.query, NOW.getTime(), { base: BASE });
      const text = feed.items.find((i) => i.id === "undp-series")?.content_text ?? "";
      expect(text.split("\n")).toEqual(expect.arrayContaining([days, count]));
    }
  });

  it("shows its days and the organisations met on its page, in both languages", () => {
    const en = renderMeetingPage(s, item(s, "undp-series"), "en", { base: BASE, calendar: BASE });
    expect(en).toContain(
      "<dt>Days</dt><dd>Wednesday, 18 November 2026<br>Thursday, 19 November 2026</dd>",
    );
    expect(en).toContain("<dt>Organisations met</dt><dd>4</dd>");
    expect(en).toContain("<dt>Followed by</dt>");
    const ar = renderMeetingPage(s, item(s, "undp-series"), "ar", { base: BASE, calendar: BASE });
    expect(ar).toContain("<dt>عدد الجهات</dt><dd>٤</dd>");
    expect(ar).toContain("تشرين الثاني");
  });
});
