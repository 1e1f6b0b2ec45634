// Renders the invitation in headless Chromium and checks the layout a reader
// sees: the Arabic block runs right to left, and Latin names inside it keep
// their own order. Also takes the screenshots the README shows; they replace the
// ones in docs/ only with UPDATE_SCREENSHOTS=1, so a test run leaves the work tree
// as it was.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMail } from "../../../src/mail/render.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import { englishReader, inputFor, meeting } from "../../worker/mail/fixtures.ts";
import { dropScreenshotDir, launchChromium, screenshotDir } from "../support/chromium.ts";

const SHOTS = screenshotDir("liqaa-mail-");

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  dropScreenshotDir(SHOTS);
});

async function open(html: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
  // Nothing in the email may load from the network; a request here is a bug.
  await page.route("**/*", (route) => route.abort());
  await page.setContent(html, { waitUntil: "load" });
  return page;
}

interface Box {
  left: number;
  right: number;
}

/** The on-screen box of `needle` inside the first text node under selector that holds `context`. */
function textBox(page: Page, selector: string, context: string, needle: string): Promise<Box> {
  return page.evaluate(
    ([sel, ctx, find]) => {
      const root = document.querySelector(sel!);
      if (root === null) throw new Error(`no element ${sel}`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? "";
        if (!text.includes(ctx!)) continue;
        const at = text.indexOf(find!, text.indexOf(ctx!));
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + find!.length);
        const rect = range.getBoundingClientRect();
        return { left: rect.left, right: rect.right };
      }
      throw new Error(`no text ${ctx} in ${sel}`);
    },
    [selector, context, needle] as const,
  );
}

/** The boxes of several words, in order, inside the Arabic cell whose text holds `context`. */
function arabicBoxes<const N extends readonly string[]>(
  page: Page,
  context: string,
  needles: N,
): Promise<{ [K in keyof N]: Box }> {
  const boxes = Promise.all(needles.map((needle) => textBox(page, "td.liqaa-ar", context, needle)));
  // One box per needle, in the needles' order: the tuple's shape is the needles'.
  return boxes as Promise<{ [K in keyof N]: Box }>;
}

/** The invitation as a mail client shows it. */
const invitationPage = () => open(renderMail(inputFor("invitation")).html);

describe("the Arabic invitation in Chromium", () => {
  it("lays the Arabic block out right to left", async () => {
    const page = await invitationPage();
    const direction = await page.$eval("td.liqaa-ar", (el) => getComputedStyle(el).direction);
    const english = await page.$eval("td.liqaa-en", (el) => getComputedStyle(el).direction);
    expect(direction).toBe("rtl");
    expect(english).toBe("ltr");
    const heading = await page.$eval("td.liqaa-ar h1", (el) => {
      const box = el.getBoundingClientRect();
      const cell = el.closest("td")!.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(el);
      return {
        textRight: range.getBoundingClientRect().right,
        cellRight: cell.right,
        width: box.width,
      };
    });
    // Right-aligned: the heading's text ends near the cell's right edge (its padding).
    expect(heading.cellRight - heading.textRight).toBeLessThan(40);
    await page.close();
  });

  it("keeps UNDP between its Arabic neighbours in the sentence order", async () => {
    const page = await invitationPage();
    // "مشاورات مع UNDP حول": right to left, "مع" comes first (rightmost), then UNDP, then "حول".
    const title = "مشاورات مع UNDP حول";
    const [with_, undp, about] = await arabicBoxes(page, title, ["مع", "UNDP", "حول"]);
    expect(undp.right).toBeLessThanOrEqual(with_.left + 1);
    expect(about.right).toBeLessThanOrEqual(undp.left + 1);
    // And UNDP itself reads left to right.
    const [u, p] = await arabicBoxes(page, title, ["U", "P"]);
    expect(u.left).toBeLessThan(p.left);
    await page.close();
  });

  it("keeps a Latin name's words in their own order inside Arabic", async () => {
    const page = await invitationPage();
    const name = "Jane Smith, Resilience Advisor";
    const [jane, smith, advisor] = await arabicBoxes(page, name, ["Jane", "Smith,", "Advisor"]);
    expect(jane.right).toBeLessThan(smith.left);
    expect(smith.right).toBeLessThan(advisor.left);
    await page.close();
  });

  it("shows an English agenda line inside the Arabic block with its number first", async () => {
    const page = await invitationPage();
    const line = "1. Early recovery priorities";
    const [number, early] = await arabicBoxes(page, line, ["1.", "Early"]);
    expect(number.right).toBeLessThanOrEqual(early.left + 1);
    await page.close();
  });

  it("places the email address after «إلى», to its left, reading left to right", async () => {
    const page = await invitationPage();
    const to = await textBox(page, "td.liqaa-ar", " إلى", "إلى");
    const [local, domain] = await arabicBoxes(page, "salma@basma", ["salma", "org"]);
    expect(local.right).toBeLessThanOrEqual(to.left + 1);
    expect(local.left).toBeLessThan(domain.left);
    await page.close();
  });

  it("takes screenshots of the invitation in both languages", async () => {
    for (const [file, contact] of [
      ["email-invitation-ar.png", undefined],
      ["email-invitation-en.png", englishReader],
    ] as const) {
      const page = await open(
        renderMail(inputFor("invitation", contact === undefined ? {} : { contact })).html,
      );
      const png = await page.screenshot({ path: join(SHOTS, file), fullPage: true });
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      await page.close();
    }
  });

  it("takes a screenshot of an update that leads with what changed", async () => {
    // The invitee had it an hour earlier, at the network's office.
    const before = { ...meeting, start: "09:00", location: "مكتب الشبكة، غازي عنتاب" };
    const page = await open(
      renderMail(inputFor("update", { previousFingerprint: fingerprint(before) })).html,
    );
    const lead = await page.$eval("td.liqaa-ar table", (el) => el.textContent ?? "");
    expect(lead).toContain("مكتب الشبكة، غازي عنتاب");
    const png = await page.screenshot({ path: join(SHOTS, "email-update-ar.png"), fullPage: true });
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    await page.close();
  });
});
