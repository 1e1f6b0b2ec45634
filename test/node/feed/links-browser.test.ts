// Linked meetings and a bilateral series as a visitor sees them, in headless
// Chromium on the real feed routes: the widget shows the series as one entry
// with its days and the number of organisations met, and the side and
// follow-on meetings with their links; the meeting pages link to each other,
// both ways, in Arabic and English. Screenshots replace docs/widget-series.png
// and docs/page-links.png only with UPDATE_SCREENSHOTS=1.
import type { Server } from "node:http";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot, writeSnapshot } from "../../../src/feed/snapshot.ts";
import { contact, meeting, sheet } from "../../worker/feed/fixtures.ts";
import { chromiumForTests, screenshotDir } from "../support/chromium.ts";
import { feedApp, listen, MemoryStore, origin, serveApp } from "../support/feed-server.ts";

const SHOTS = screenshotDir("liqaa-links-");
const browser = chromiumForTests(SHOTS);
const year = new Date().getUTCFullYear() + 1;

const HIZMA = {
  ar: "اجتماع مشاركة المعلومات الإنسانية (حزمة)",
  en: "Humanitarian information-sharing meeting (Hizma)",
};
const SIDE = { ar: "لقاء مع السيد جورج خوري على هامش حزمة", en: "Meeting George Khoury (OCHA)" };
const SERIES = {
  ar: "لقاءات ثنائية مع السيد أنطوان منصور",
  en: "Bilateral consultations with Antoine Mansour",
};
const LEADERSHIP = {
  ar: "اجتماع مع قيادة البرنامج الإنمائي",
  en: "Meeting with UNDP leadership",
};

let worker: Server;
let website: Server;

beforeAll(async () => {
  const store = new MemoryStore();
  const contacts = [
    contact({ email: "a@hope.example", organization: "Hope NGO", groups: ["Bodies"] }),
    contact({ email: "b@hope.example", organization: "Hope NGO", groups: ["Bodies"] }),
    contact({ email: "c@light.example", organization: "Light Network", groups: ["Bodies"] }),
    contact({ email: "d@dawn.example", organization: "Dawn Platform", groups: ["Bodies"] }),
  ];
  const meetings = [
    meeting({
      id: "hizma",
      title_ar: HIZMA.ar,
      title_en: HIZMA.en,
      date: `${year}-03-10`,
      start: "10:00",
      end: "13:00",
      kind: "meeting",
      location: "غازي عنتاب",
      location_en: "Gaziantep",
    }),
    meeting({
      id: "khoury",
      title_ar: SIDE.ar,
      title_en: SIDE.en,
      date: `${year}-03-10`,
      start: "14:00",
      end: "15:00",
      kind: "meeting",
      part_of: "hizma",
    }),
    meeting({
      id: "mansour",
      title_ar: SERIES.ar,
      title_en: SERIES.en,
      kind: "bilateral_series",
      date: `${year}-11-18`,
      date_end: `${year}-11-19`,
      start: "09:00",
      end: "17:00",
      organization: "UNDP",
      location: "غازي عنتاب",
      location_en: "Gaziantep",
      invite: [{ type: "group", name: "Bodies" }],
    }),
    meeting({
      id: "leadership",
      title_ar: LEADERSHIP.ar,
      title_en: LEADERSHIP.en,
      date: `${year}-11-20`,
      organization: "UNDP",
      follows: "mansour",
    }),
  ];
  const written = await writeSnapshot(store, buildSnapshot(sheet(meetings, contacts), new Date()));
  expect(written.ok).toBe(true);
  worker = await serveApp(feedApp(), { FEED: store, PUBLIC_URL: "" });
  // A partner's website listing consultations only: the series is not in its list.
  website = await listen((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="${origin(worker)}/widget.js" defer></script></head>
<body><liqaa-meetings id="w" lang="en" when="upcoming" kind="consultation"></liqaa-meetings></body></html>`);
  });
}, 60_000);

afterAll(() => {
  worker?.close();
  website?.close();
});

/** Each entry of the widget `host`: title, when, the series line, the link lines with their targets. */
async function entries(page: Page, host: string) {
  await page.locator(`${host} li`).first().waitFor({ timeout: 15_000 });
  return page.locator(host).evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll("li")].map((li) => ({
      title: li.querySelector("a")!.textContent,
      when: li.querySelector("time")!.textContent,
      series: li.querySelector(".series")?.textContent ?? null,
      links: [...li.querySelectorAll(".link")].map((l) => ({
        text: l.textContent,
        href: l.querySelector("a")!.getAttribute("href"),
      })),
      direction: getComputedStyle(li).direction,
    })),
  );
}

describe("the widget with a series and linked meetings, in Chromium", () => {
  it("shows the series as one entry with its days, in Arabic and English, and each link", async () => {
    const page = await browser().newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${origin(worker)}/`);
    const en = await entries(page, "liqaa-meetings#en");
    expect(en.map((e) => e.title)).toEqual([HIZMA.en, SIDE.en, SERIES.en, LEADERSHIP.en]);
    const series = en[2]!;
    expect(series.when).toMatch(
      new RegExp(`^18 November ${year}, 19 November ${year}, 0?9:00 – 17:00$`),
    );
    expect(series.series).toBe("Bilateral series · 3 organisations");
    expect(en[1]!.links).toEqual([
      { text: `On the margins of: ${HIZMA.en}`, href: `${origin(worker)}/meetings/hizma?lang=en` },
    ]);
    expect(en[3]!.links).toEqual([
      { text: `Follows: ${SERIES.en}`, href: `${origin(worker)}/meetings/mansour?lang=en` },
    ]);
    const ar = await entries(page, "liqaa-meetings#ar");
    expect(ar.map((e) => e.title)).toEqual([HIZMA.ar, SIDE.ar, SERIES.ar, LEADERSHIP.ar]);
    expect(ar[2]!.direction).toBe("rtl");
    expect(ar[2]!.when).toContain("١٨ تشرين الثاني");
    expect(ar[2]!.when).toContain("١٩ تشرين الثاني");
    expect(ar[2]!.series).toBe("سلسلة لقاءات ثنائية · عدد الجهات: ٣");
    expect(ar[1]!.links.map((l) => l.text)).toEqual([`على هامش: ${HIZMA.ar}`]);
    expect(ar[3]!.links).toEqual([
      { text: `يلي: ${SERIES.ar}`, href: `${origin(worker)}/meetings/mansour` },
    ]);
    // No organisation the series met, and no slot, anywhere on the page.
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll("liqaa-meetings")].map((w) => w.shadowRoot!.textContent).join(),
    );
    for (const secret of ["Hope NGO", "Light Network", "Dawn Platform"])
      expect(shown).not.toContain(secret);
    // The two lists, not the snippet below them (it names this test's port).
    await page.locator(".pair").screenshot({ path: join(SHOTS, "widget-series.png") });
    await page.close();
  }, 30_000);

  it("links to a linked meeting the list leaves out, by its page, in words", async () => {
    const page = await browser().newPage();
    await page.goto(`${origin(website)}/`);
    const list = await entries(page, "liqaa-meetings#w");
    expect(list.map((e) => e.title)).toEqual([LEADERSHIP.en]);
    expect(list[0]!.links).toEqual([
      { text: "Follows an earlier meeting", href: `${origin(worker)}/meetings/mansour?lang=en` },
    ]);
    await page.close();
  }, 30_000);
});

describe("the meeting pages link to each other, in Chromium", () => {
  /** The details list of the page as shown: each term with its links' texts and targets. */
  const details = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll("dt")].map((dt) => ({
        term: dt.textContent,
        // biome-ignore lint/performance/useDomNodeTextContent: the text as shown, a <br> a new line
        text: (dt.nextElementSibling as HTMLElement).innerText,
        links: [...dt.nextElementSibling!.querySelectorAll("a")].map((a) => a.pathname + a.search),
      })),
    );

  it("in English: from the side meeting to its event and back, by clicking", async () => {
    const page = await browser().newPage({ viewport: { width: 800, height: 700 } });
    await page.goto(`${origin(worker)}/meetings/khoury?lang=en`);
    expect(await details(page)).toContainEqual({
      term: "Part of",
      text: HIZMA.en,
      links: ["/meetings/hizma?lang=en"],
    });
    await page.getByRole("link", { name: HIZMA.en }).click();
    await page.waitForURL(/\/meetings\/hizma\?lang=en$/);
    expect(await page.locator("h1").textContent()).toBe(HIZMA.en);
    expect(await details(page)).toContainEqual({
      term: "On its margins",
      text: SIDE.en,
      links: ["/meetings/khoury?lang=en"],
    });
    await page.close();
  }, 30_000);

  it("in Arabic, right to left: the series' days, organisations met and what follows it", async () => {
    const page = await browser().newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(`${origin(worker)}/meetings/mansour`);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
    const rows = await details(page);
    const days = rows.find((r) => r.term === "الأيام");
    expect(days?.text.split("\n")).toHaveLength(2);
    expect(days?.text).toContain("١٨ تشرين الثاني");
    expect(rows).toContainEqual({ term: "عدد الجهات", text: "٣", links: [] });
    expect(rows).toContainEqual({
      term: "يليه",
      text: LEADERSHIP.ar,
      links: ["/meetings/leadership"],
    });
    await page.screenshot({ path: join(SHOTS, "page-links.png"), fullPage: true });
    await page.getByRole("link", { name: LEADERSHIP.ar }).click();
    await page.waitForURL(/\/meetings\/leadership$/);
    expect(await details(page)).toContainEqual({
      term: "يلي",
      text: SERIES.ar,
      links: ["/meetings/mansour"],
    });
    expect(await page.content()).not.toContain("Hope NGO");
    await page.close();
  }, 30_000);
});
