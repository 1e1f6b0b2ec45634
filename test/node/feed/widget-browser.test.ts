// The widget as a website sees it: headless Chromium loads pages that embed
// /widget.js, served with the feed by the real routes on 127.0.0.1, and reads the
// rendered list. Screenshots are taken on every run; they replace the ones in docs/
// only with UPDATE_SCREENSHOTS=1, so a test run leaves the work tree as it was.
import type { Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot, writeSnapshot } from "../../../src/feed/snapshot.ts";
import { meeting, sheet } from "../../worker/feed/fixtures.ts";
import { dropScreenshotDir, launchChromium, screenshotDir } from "../support/chromium.ts";
import { feedApp, listen, MemoryStore, origin, serveApp } from "../support/feed-server.ts";

/** Where screenshots go: docs/ when refreshing them on purpose, else a temp dir. */
const SHOTS = screenshotDir("liqaa-widget-");

/**
 * The address the demo page is shown at in docs/widget-demo.png: a Worker with
 * PUBLIC_URL set writes it into the snippet, and the browser's requests to it are
 * answered by that Worker on 127.0.0.1, so the picture shows no test port.
 */
const DISPLAY_URL = "https://meetings.example.org";

const nextYear = new Date().getUTCFullYear() + 1;
let worker: Server;
let publicWorker: Server;
let website: Server;
let browser: Browser;

beforeAll(async () => {
  const store = new MemoryStore();
  const meetings = [
    meeting({
      id: "M-2",
      date: `${nextYear}-01-20`,
      title_ar: "ورشة عمل حول الحماية",
      title_en: "Protection workshop",
      kind: "workshop",
    }),
    meeting({
      id: "M-1",
      date: `${nextYear}-01-10`,
      title_ar: "اجتماع ثنائي مع أوتشا",
      title_en: "Bilateral with OCHA",
      location: "غازي عنتاب",
      location_en: "Gaziantep",
    }),
    meeting({
      id: "M-3",
      date: `${nextYear}-02-05`,
      title_ar: "إحاطة قبل مؤتمر المانحين",
      title_en: "Pre-donor conference briefing",
      organization: "UNDP",
      // No English place: the English list shows the Arabic one, as Arabic.
      location: "مكتب الأمم المتحدة، غازي عنتاب.",
    }),
  ];
  const written = await writeSnapshot(store, buildSnapshot(sheet(meetings), new Date()));
  expect(written.ok).toBe(true);
  const app = feedApp();
  worker = await serveApp(app, { FEED: store, PUBLIC_URL: "" });
  publicWorker = await serveApp(app, { FEED: store, PUBLIC_URL: DISPLAY_URL });
  // Another origin, as a partner's website is: it embeds the script from the Worker.
  website = await listen((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>li { color: rgb(255, 0, 0) !important; list-style: square; } ul { padding: 40px; }</style>
<script src="${origin(worker)}/widget.js" defer></script></head>
<body><liqaa-meetings id="w" lang="en" when="upcoming"></liqaa-meetings></body></html>`);
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  worker?.close();
  publicWorker?.close();
  website?.close();
  dropScreenshotDir(SHOTS);
});

async function renderedList(page: Page, host: string) {
  await page.locator(`${host} li`).first().waitFor({ timeout: 15_000 });
  return page.locator(host).evaluate((el) => {
    const root = el.shadowRoot!;
    const section = root.querySelector("section")!;
    const items = [...root.querySelectorAll("li")];
    return {
      direction: getComputedStyle(section).direction,
      titles: items.map((li) => li.querySelector("a")!.textContent),
      dates: items.map((li) => li.querySelector("time")!.textContent),
      listRole: root.querySelector("ul")?.getAttribute("role"),
      labelledBy: root.getElementById(root.querySelector("ul")!.getAttribute("aria-labelledby")!)
        ?.textContent,
      itemColor: getComputedStyle(items[0]!).color,
    };
  });
}

/** The demo page's list `host` as Chromium renders it, with a screenshot of it saved as `shot`. */
async function demoList(host: string, shot: string) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(`${origin(worker)}/`);
  const list = await renderedList(page, host);
  await page.locator(host).screenshot({ path: join(SHOTS, shot) });
  await page.close();
  return list;
}

const ARABIC_TITLES = ["اجتماع ثنائي مع أوتشا", "ورشة عمل حول الحماية", "إحاطة قبل مؤتمر المانحين"];

describe("the widget in Chromium", () => {
  it("renders the Arabic list right to left, in order, with dates as an Arabic reader writes them", async () => {
    const list = await demoList("liqaa-meetings#ar", "widget-ar.png");
    expect(list.direction).toBe("rtl");
    expect(list.titles).toEqual(ARABIC_TITLES);
    expect(list.dates[0]).toContain("كانون الثاني");
    expect(list.dates[2]).toContain("شباط");
    expect(list.listRole).toBe("list");
    expect(list.labelledBy).toBe("الاجتماعات القادمة");
  }, 30_000);

  it('renders lang="en" left to right with English dates', async () => {
    const list = await demoList("liqaa-meetings#en", "widget-en.png");
    expect(list.direction).toBe("ltr");
    expect(list.titles).toEqual([
      "Bilateral with OCHA",
      "Protection workshop",
      "Pre-donor conference briefing",
    ]);
    expect(list.dates[0]).toContain("January");
  }, 30_000);

  it("gives each list the place in its language, and marks an Arabic-only place Arabic in the English one", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(`${origin(worker)}/`);
    const places = async (host: string) => {
      await page.locator(`${host} li`).first().waitFor({ timeout: 15_000 });
      return page.locator(host).evaluate((el) =>
        [...el.shadowRoot!.querySelectorAll(".where")].map((where) => {
          const marked = where.querySelector("span[lang]");
          return {
            text: where.textContent,
            lang: marked?.getAttribute("lang") ?? null,
            direction: marked ? getComputedStyle(marked).direction : null,
          };
        }),
      );
    };
    expect(await places("liqaa-meetings#en")).toEqual([
      { text: "Gaziantep · OCHA", lang: null, direction: null },
      { text: "Gaziantep, OCHA office · OCHA", lang: null, direction: null },
      { text: "مكتب الأمم المتحدة، غازي عنتاب. · UNDP", lang: "ar", direction: "rtl" },
    ]);
    expect((await places("liqaa-meetings#ar")).map((p) => p.text)).toEqual([
      "غازي عنتاب · OCHA",
      "Gaziantep, OCHA office · OCHA",
      "مكتب الأمم المتحدة، غازي عنتاب. · UNDP",
    ]);
    await page.close();
  }, 30_000);

  it("works embedded in another origin's page, untouched by that page's CSS", async () => {
    const page = await browser.newPage();
    await page.goto(`${origin(website)}/`);
    const list = await renderedList(page, "liqaa-meetings#w");
    expect(list.titles).toHaveLength(3);
    expect(list.itemColor).not.toBe("rgb(255, 0, 0)");
    await page.close();
  }, 30_000);

  it("shows the demo page at its public address, with no local port in the snippet", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    // The public address is answered by the Worker on 127.0.0.1, as a CDN would.
    await page.route(`${DISPLAY_URL}/**`, async (route) => {
      const { pathname, search } = new URL(route.request().url());
      const response = await route.fetch({ url: `${origin(publicWorker)}${pathname}${search}` });
      await route.fulfill({ response });
    });
    await page.goto(`${DISPLAY_URL}/`);
    const list = await renderedList(page, "liqaa-meetings#ar");
    const snippet = await page.locator("pre code").textContent();
    expect(list.titles).toEqual(ARABIC_TITLES);
    expect(snippet).toContain(`<script src="${DISPLAY_URL}/widget.js" defer></script>`);
    expect(snippet).not.toContain("127.0.0.1");
    const png = await page.screenshot({ path: join(SHOTS, "widget-demo.png"), fullPage: true });
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    await page.close();
  }, 30_000);
});
