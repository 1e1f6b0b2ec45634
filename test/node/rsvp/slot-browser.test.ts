// A bilateral series' slot choice on an organisation's RSVP page, as headless
// Chromium draws it at a 390×844 phone and a 1280×800 desktop: the slot held
// and the free slots grouped by day, in the meeting's zone, in Arabic (right to
// left, Arabic-Indic digits) and English; every slot a 44-px button that
// submits its own day and start to the choice's action; nothing off the side.
// A pinned slot shows no choice; a slot taken a moment before says so above
// the slots still free. The phone shot goes to docs/ with UPDATE_SCREENSHOTS=1.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { page as pageHtml } from "../../../src/rsvp/page.ts";
import { type RsvpPageInput, rsvpSections, rsvpTitle } from "../../../src/rsvp/rsvp-page.ts";
import type { SlotPart } from "../../../src/series/self-service-page.ts";
import { meeting, settings } from "../../worker/mail/fixtures.ts";
import { chromiumForTests, offlinePage, screenshotDir } from "../support/chromium.ts";

const SHOTS = screenshotDir("liqaa-slots-");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const slots: SlotPart = {
  held: { day: "2026-12-10", start: "09:00", end: "09:45" },
  pinned: false,
  free: [
    { day: "2026-12-10", start: "10:00", end: "10:45" },
    { day: "2026-12-10", start: "14:00", end: "14:45" },
    { day: "2026-12-11", start: "09:00", end: "09:45" },
    { day: "2026-12-11", start: "11:00", end: "11:45" },
    { day: "2026-12-11", start: "15:00", end: "15:45" },
  ],
  timezone: "Asia/Damascus",
  action: "/rsvp/token/slot",
};

const input: RsvpPageInput = {
  langs: ["ar", "en"],
  settings,
  meeting: {
    ...meeting,
    title_ar: "لقاءات ثنائية مع مستشار UNDP",
    title_en: "Bilateral meetings with the UNDP adviser",
    // The organisation's own meeting, at its slot (the route shows D1's slot).
    kind: "bilateral",
    date: "2026-12-10",
    date_end: null,
    start: "09:00",
    end: "09:45",
  },
  state: "open",
  response: "accepted",
  current: null,
  respondedAt: null,
  action: "/rsvp/token",
  recorded: false,
  slots,
};

const html = async (over: Partial<RsvpPageInput>) => {
  const full = { ...input, ...over };
  return (await pageHtml(rsvpTitle(full), rsvpSections(full))).toString();
};

const browser = chromiumForTests(SHOTS);
const show = (content: string, viewport: { width: number; height: number }) =>
  offlinePage(browser(), content, viewport);

const ISOLATES = /[\u2066-\u2069]/g;

interface Choice {
  lang: string;
  direction: string;
  action: string | null;
  legends: string[];
  options: { text: string; name: string; value: string; height: number; width: number }[];
  text: string;
}

function choices(page: Page): Promise<Choice[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("section")].map((s) => {
      const box = s.querySelector(".choice");
      return {
        lang: s.getAttribute("lang") ?? "",
        direction: getComputedStyle(s).direction,
        action: box?.getAttribute("action") ?? null,
        legends: [...s.querySelectorAll(".choice legend")].map((l) => l.textContent ?? ""),
        options: [...s.querySelectorAll<HTMLButtonElement>(".choice button")].map((b) => {
          const r = b.getBoundingClientRect();
          return {
            text: b.textContent ?? "",
            name: b.name,
            value: b.value,
            height: r.height,
            width: r.width,
          };
        }),
        text: box?.textContent ?? "",
      };
    }),
  );
}

async function fits(page: Page): Promise<void> {
  const m = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = [...document.body.querySelectorAll("*")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5);
      })
      .map((el) => el.tagName);
    return { scroll: document.documentElement.scrollWidth, width, outside };
  });
  expect(m.scroll).toBeLessThanOrEqual(m.width);
  expect(m.outside).toEqual([]);
}

describe.each([
  ["phone", PHONE],
  ["desktop", DESKTOP],
])("the slot choice on a %s", (name, viewport) => {
  it("offers the free slots by day, in the meeting's zone, in Arabic and English", async () => {
    const page = await show(await html({}), viewport);
    await fits(page);
    const [ar, en] = await choices(page);
    expect(ar?.direction).toBe("rtl");
    expect(en?.direction).toBe("ltr");
    for (const c of [ar, en]) {
      expect(c?.action).toBe("/rsvp/token/slot");
      expect(c?.options.map((o) => [o.name, o.value])).toEqual(
        slots.free.map((s) => ["slot", `${s.day}T${s.start}`]),
      );
      for (const o of c?.options ?? []) expect(o.height).toBeGreaterThanOrEqual(44);
    }
    // Two days, each its own group, named in the block's language.
    expect(en?.legends).toEqual(["Thursday, 10 December 2026", "Friday, 11 December 2026"]);
    expect(ar?.legends.map((l) => l.replace(ISOLATES, ""))).toEqual([
      "الخميس، ١٠ كانون الأول ٢٠٢٦",
      "الجمعة، ١١ كانون الأول ٢٠٢٦",
    ]);
    expect(en?.options[0]?.text.replace(/\s/g, " ")).toMatch(/^10:00\s?–\s?10:45$/);
    // Arabic-Indic digits on the Arabic buttons.
    expect(ar?.options[0]?.text).toMatch(/١٠:٠٠/);
    expect(en?.text).toContain("Your organisation's slot: Thursday, 10 December 2026, 09:00");
    expect(en?.text).toContain("GMT+3");
    // The answer buttons are still there, above the choice.
    const answers = await page.locator(".actions button").allTextContents();
    expect(answers).toEqual(["تأكيد: سأحضر", "Confirm: I will attend"]);
    if (name === "phone") {
      // Two slots side by side on a phone, each wide enough for a thumb.
      for (const o of en?.options ?? []) expect(o.width).toBeGreaterThan(140);
    }
    await page.screenshot({ path: join(SHOTS, `rsvp-slots-${name}.png`), fullPage: true });
    await page.close();
  });
});

describe("when there is nothing to choose", () => {
  it("a pinned slot is shown with no slot to press, on a phone", async () => {
    const page = await show(await html({ slots: { ...slots, pinned: true } }), PHONE);
    await fits(page);
    const [ar, en] = await choices(page);
    expect(ar?.options).toEqual([]);
    expect(en?.options).toEqual([]);
    expect(en?.action).toBeNull();
    expect(en?.text).toContain("The secretariat set this slot");
    expect(ar?.text).toContain("حدّدت الأمانة هذا الموعد");
    await page.close();
  });

  it("a slot taken a moment before says so, above the slots still free", async () => {
    const rest = slots.free.slice(1);
    const page = await show(
      // As the POST answers: no answer button, the slot choice still there.
      await html({ action: null, slots: { ...slots, free: rest, outcome: "taken" } }),
      PHONE,
    );
    await fits(page);
    const notices = await page.locator(".notice").allTextContents();
    expect(notices).toEqual([
      "حجزت مؤسسة أخرى هذا الموعد قبل لحظات. اختاروا موعدًا من المواعيد التي ما زالت متاحة.",
      "Another organisation took that slot a moment ago. Choose one of the slots still free.",
    ]);
    const [, en] = await choices(page);
    expect(en?.options.map((o) => o.value)).toEqual(rest.map((s) => `${s.day}T${s.start}`));
    await page.screenshot({ path: join(SHOTS, "rsvp-slot-taken-phone.png"), fullPage: true });
    await page.close();
  });
});
