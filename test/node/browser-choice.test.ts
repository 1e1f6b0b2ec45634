// The browser tests need no system browser: without Debian's chromium (or with
// LIQAA_BROWSER=npm, as here) they launch the Chromium inside the
// @sparticuz/chromium npm package, and it renders Arabic right to left.
import { afterAll, expect, test } from "vitest";
import { chromiumPath, launchChromium } from "./support/chromium.ts";

const before = process.env.LIQAA_BROWSER;
afterAll(() => {
  if (before === undefined) delete process.env.LIQAA_BROWSER;
  else process.env.LIQAA_BROWSER = before;
});

test("the npm package's Chromium launches and lays Arabic out right to left", async () => {
  process.env.LIQAA_BROWSER = "npm";
  const chosen = await chromiumPath();
  expect(chosen.from).toBe("npm");
  expect(chosen.path).not.toBe("/usr/bin/chromium");

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 400, height: 120 } });
    await page.setContent(
      '<html lang="ar" dir="rtl"><body style="margin:0"><p id="t" style="font-size:24px">اجتماع تنسيقي</p></body></html>',
    );
    const box = await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("t") as HTMLElement);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    });
    // Right-aligned in a right-to-left block, with real glyphs (not zero-width boxes).
    expect(box.width).toBeGreaterThan(60);
    expect(400 - box.right).toBeLessThan(box.left);
  } finally {
    await browser.close();
  }
}, 60_000);
