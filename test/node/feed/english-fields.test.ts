// The feed, the meeting page and the public calendar give English readers the
// English location, counterpart and agenda; where the sheet gives only the
// Arabic ones, the English output shows them marked as Arabic (lang and dir).
// A sheet without the English columns publishes exactly what it did before.
import { Ajv } from "ajv";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { renderCalendar } from "../../../src/feed/calendar.ts";
import { parseFeedQuery, renderFeed } from "../../../src/feed/json-feed.ts";
import { renderMeetingPage } from "../../../src/feed/page.ts";
import { feedSchemaFor } from "../../../src/feed/schema.ts";
import { buildSnapshot, type FeedSnapshot, mergeWithPrevious } from "../../../src/feed/snapshot.ts";
import type { Lang, Meeting } from "../../../src/sheet/types.ts";
import { meeting, sheet } from "../../worker/feed/fixtures.ts";
import { chromiumForTests } from "../support/chromium.ts";

const BASE = "https://liqaa.test";
const NOW = new Date("2025-12-01T09:00:00Z");
const validate = new Ajv({ strict: true, allErrors: true }).compile(feedSchemaFor(BASE));

const arabicOnly = meeting({
  location: "غازي عنتاب، مكتب أوتشا.",
  counterpart: "رئيس المكتب",
  agenda: "الاحتياجات؛ التمويل.",
});
const bothLanguages = meeting({
  location: "غازي عنتاب، مكتب أوتشا.",
  location_en: "OCHA office, Gaziantep",
  counterpart: "رئيس المكتب",
  counterpart_en: "Head of Office",
  agenda: "الاحتياجات؛ التمويل.",
  agenda_en: "Needs; funding.",
});

const snapshotOf = (m: Meeting) => buildSnapshot(sheet([m]), NOW);

function feedItem(snapshot: FeedSnapshot, lang: Lang) {
  const query = parseFeedQuery(new URLSearchParams({ lang }));
  if (!query.ok) throw new Error("bad query");
  const feed = renderFeed(snapshot, query.query, NOW.getTime(), { base: BASE });
  expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
  return feed.items[0]!;
}

describe("the snapshot", () => {
  it("has no English key for a meeting without them, so a stored snapshot stays unchanged", () => {
    const snapshot = snapshotOf(meeting());
    expect(Object.keys(snapshot.meetings[0]!).filter((k) => k.endsWith("_en"))).toEqual([]);
    // A stored snapshot from before the columns: its modified_at carries over.
    const stored = {
      ...snapshot,
      meetings: [{ ...snapshot.meetings[0]!, modified_at: "2020-01-01T00:00:00.000Z" }],
    };
    expect(mergeWithPrevious(snapshot, stored).meetings[0]?.modified_at).toBe(
      "2020-01-01T00:00:00.000Z",
    );
  });
});

describe("the feed", () => {
  it("gives ?lang=en the English columns, and keeps the Arabic ones where they were", () => {
    const item = feedItem(snapshotOf(bothLanguages), "en");
    expect(item.content_text).toContain("Where: OCHA office, Gaziantep");
    expect(item.content_text).toContain("With: OCHA, Head of Office");
    expect(item.content_text).toContain("Needs; funding.");
    expect(item.content_text).not.toMatch(/\p{Script=Arabic}/u);
    expect(item._liqaa).toMatchObject({
      location: "غازي عنتاب، مكتب أوتشا.",
      location_en: "OCHA office, Gaziantep",
      counterpart: "رئيس المكتب",
      counterpart_en: "Head of Office",
    });
    const ar = feedItem(snapshotOf(bothLanguages), "ar");
    expect(ar.content_text).toContain("المكان: غازي عنتاب، مكتب أوتشا.");
    expect(ar.content_text).not.toContain("OCHA office, Gaziantep");
  });

  it("marks the Arabic columns as Arabic in ?lang=en when no English is given", () => {
    const item = feedItem(snapshotOf(arabicOnly), "en");
    expect(item.content_html).toContain(
      '<p>Where: <span lang="ar" dir="rtl">غازي عنتاب، مكتب أوتشا.</span></p>',
    );
    expect(item.content_html).toContain('With: OCHA, <span lang="ar" dir="rtl">رئيس المكتب</span>');
    expect(item.content_html).toContain(
      '<div lang="ar" dir="rtl"><p>الاحتياجات؛ التمويل.</p></div>',
    );
    expect(item._liqaa.location_en).toBeNull();
  });
});

describe("the public calendar", () => {
  const location = (snapshot: FeedSnapshot, lang: Lang) =>
    new ICAL.Component(ICAL.parse(renderCalendar(snapshot, { lang, base: BASE })))
      .getFirstSubcomponent("vevent")
      ?.getFirstPropertyValue("location");

  it("names the place in the calendar's language, the other one when it has none", () => {
    expect(location(snapshotOf(bothLanguages), "en")).toBe("OCHA office, Gaziantep");
    expect(location(snapshotOf(bothLanguages), "ar")).toBe("غازي عنتاب، مكتب أوتشا.");
    expect(location(snapshotOf(arabicOnly), "en")).toBe("غازي عنتاب، مكتب أوتشا.");
  });
});

describe("the meeting page in Chromium", () => {
  const browser = chromiumForTests();

  async function read(m: Meeting, lang: Lang) {
    const snapshot = snapshotOf(m);
    const html = renderMeetingPage(snapshot, snapshot.meetings[0]!, lang, {
      base: BASE,
      calendar: `${BASE}/meetings/M-0001/calendar.ics`,
    });
    const page = await browser().newPage();
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html);
    const out = await page.evaluate(() => {
      const dds = [...document.querySelectorAll("dd")];
      const run = (el: Element | null | undefined) => {
        const marked = el?.querySelector("[lang]") ?? null;
        return {
          text: el?.textContent ?? null,
          lang: marked?.getAttribute("lang") ?? null,
          direction: marked ? getComputedStyle(marked).direction : null,
        };
      };
      return {
        where: run(dds[1]),
        with: run(dds[2]),
        agenda: run(document.querySelector("section")),
      };
    });
    await page.close();
    return out;
  }

  it("shows the English place, counterpart and agenda on the English page", async () => {
    const page = await read(bothLanguages, "en");
    expect(page.where).toEqual({ text: "OCHA office, Gaziantep", lang: null, direction: null });
    expect(page.with.text).toBe("OCHA, Head of Office");
    expect(page.agenda.text).toBe("AgendaNeeds; funding.");
  });

  it("shows the Arabic ones right to left on the English page when there is no English", async () => {
    const page = await read(arabicOnly, "en");
    expect(page.where).toEqual({ text: "غازي عنتاب، مكتب أوتشا.", lang: "ar", direction: "rtl" });
    expect(page.with).toEqual({ text: "OCHA, رئيس المكتب", lang: "ar", direction: "rtl" });
    expect(page.agenda).toMatchObject({ lang: "ar", direction: "rtl" });
  });
});
