// The RSVP and unsubscribe pages as a reader's browser draws them: headless
// Chromium at a 390×844 phone and a 1280×800 desktop loads the page the route
// sends (the same pure functions draw it) and measures it: nothing runs off the
// side, every button is a 44-px touch target or more, the Arabic block runs
// right to left and the English one left to right, a cancelled meeting has no
// button. Screenshots replace the ones in docs/ only with UPDATE_SCREENSHOTS=1.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { page as pageHtml } from "../../../src/rsvp/page.ts";
import { type RsvpPageInput, rsvpSections, rsvpTitle } from "../../../src/rsvp/rsvp-page.ts";
import { meeting, settings } from "../../worker/mail/fixtures.ts";
import { chromiumForTests, offlinePage, screenshotDir } from "../support/chromium.ts";

const SHOTS = screenshotDir("liqaa-rsvp-");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const open: RsvpPageInput = {
  langs: ["ar", "en"],
  settings,
  meeting: { ...meeting, location: "غازي عنتاب، شهيد كامل — مكتب UNDP" },
  state: "open",
  response: "accepted",
  current: "tentative",
  respondedAt: "2026-11-25T08:00:00Z",
  action: "/rsvp/token",
  recorded: false,
};

async function html(input: RsvpPageInput): Promise<string> {
  return (await pageHtml(rsvpTitle(input), rsvpSections(input))).toString();
}

const browser = chromiumForTests(SHOTS);

// The page loads nothing (its CSP says default-src 'none'); a request is a bug.
const show = (content: string, viewport: { width: number; height: number }) =>
  offlinePage(browser(), content, viewport);

interface Measured {
  scrollWidth: number;
  clientWidth: number;
  /** Elements whose box reaches past the viewport's right or left edge. */
  outside: string[];
  buttons: { text: string; height: number; width: number }[];
  sections: { lang: string; direction: string; headingSide: "right" | "left" }[];
}

function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = [...document.body.querySelectorAll("*")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5);
      })
      .map((el) => `${el.tagName} ${el.textContent?.slice(0, 40)}`);
    const buttons = [...document.querySelectorAll("button")].map((b) => {
      const r = b.getBoundingClientRect();
      return { text: b.textContent ?? "", height: r.height, width: r.width };
    });
    const sections = [...document.querySelectorAll("section")].map((s) => {
      const box = s.getBoundingClientRect();
      const heading = s.querySelector("h1");
      const range = document.createRange();
      range.selectNodeContents(heading ?? s);
      const text = range.getBoundingClientRect();
      // Which edge of the section the heading's text hugs.
      const side: "right" | "left" =
        box.right - text.right < text.left - box.left ? "right" : "left";
      return {
        lang: s.getAttribute("lang") ?? "",
        direction: getComputedStyle(s).direction,
        headingSide: side,
      };
    });
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: width,
      outside,
      buttons,
      sections,
    };
  });
}

describe.each([
  ["phone", PHONE],
  ["desktop", DESKTOP],
])("the RSVP page on a %s", (name, viewport) => {
  it("fits the width, has 44-px buttons, and runs Arabic right to left", async () => {
    const page = await show(await html(open), viewport);
    const m = await measure(page);
    expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
    expect(m.outside).toEqual([]);
    expect(m.buttons.map((b) => b.text)).toEqual(["تأكيد: سأحضر", "Confirm: I will attend"]);
    for (const b of m.buttons) expect(b.height).toBeGreaterThanOrEqual(44);
    expect(m.sections).toEqual([
      { lang: "ar", direction: "rtl", headingSide: "right" },
      { lang: "en", direction: "ltr", headingSide: "left" },
    ]);
    if (name === "phone") {
      // On a phone a button spans the card, as a thumb expects.
      for (const b of m.buttons) expect(b.width).toBeGreaterThan(300);
    }
    await page.screenshot({ path: join(SHOTS, `rsvp-page-${name}.png`), fullPage: true });
    await page.close();
  });

  it("fits the substitute form: full-width fields, 44-px controls, the address typed left to right", async () => {
    const withForm = {
      ...open,
      substitute: { type: "form" as const, action: "/rsvp/token/substitute" },
    };
    const page = await show(await html(withForm), viewport);
    const m = await measure(page);
    expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
    expect(m.outside).toEqual([]);
    expect(m.buttons.map((b) => b.text)).toEqual([
      "تأكيد: سأحضر",
      "أرسل الدعوة إلى البديل",
      "Confirm: I will attend",
      "Send the invitation to my substitute",
    ]);
    for (const b of m.buttons) expect(b.height).toBeGreaterThanOrEqual(44);
    const fields = await page.evaluate(() =>
      [...document.querySelectorAll("input")].map((i) => ({
        name: i.name,
        direction: getComputedStyle(i).direction,
        height: i.getBoundingClientRect().height,
        label: document.querySelector(`label[for="${i.id}"]`)?.textContent ?? "",
      })),
    );
    expect(fields.map((f) => [f.name, f.direction])).toEqual([
      ["name", "rtl"],
      ["email", "ltr"],
      ["name", "ltr"],
      ["email", "ltr"],
    ]);
    for (const f of fields) {
      expect(f.height).toBeGreaterThanOrEqual(44);
      expect(f.label).not.toBe("");
    }
    await page.screenshot({ path: join(SHOTS, `rsvp-substitute-${name}.png`), fullPage: true });
    await page.close();
  });

  it("keeps a long unbroken place (a pasted link) inside the card", async () => {
    const long = {
      ...open,
      meeting: { ...meeting, location: `https://maps.example.org/${"x".repeat(120)}` },
    };
    const page = await show(await html(long), viewport);
    const m = await measure(page);
    expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
    expect(m.outside).toEqual([]);
    await page.close();
  });
});

describe("pages with nothing to press", () => {
  it("a cancelled meeting's page says so and has no button, on a phone", async () => {
    const page = await show(await html({ ...open, state: "cancelled" }), PHONE);
    const m = await measure(page);
    expect(m.buttons).toEqual([]);
    expect(await page.locator("section[lang=en] .notice").textContent()).toBe(
      "This meeting is cancelled; no answer is needed.",
    );
    expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
    await page.close();
  });

  it("the confirmation after a POST names the meeting and the answer, on a phone", async () => {
    const done = { ...open, current: "accepted" as const, recorded: true, action: null };
    const page = await show(await html(done), PHONE);
    const notice = (await page.locator("section[lang=en] .notice").textContent()) ?? "";
    expect(notice.replace(/[\u2066-\u2069]/g, "")).toBe(
      `Your answer to “${meeting.title_en}” is recorded: I will attend.`,
    );
    expect((await measure(page)).buttons).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "rsvp-confirmed-phone.png"), fullPage: true });
    await page.close();
  });
});
