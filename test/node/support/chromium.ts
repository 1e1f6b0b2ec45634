// The Chromium the browser tests drive, launched the one way these machines
// allow (no sandbox as root, no background network calls to Google's hosts),
// and where their screenshots go. Debian's chromium when it is installed;
// otherwise the one inside the @sparticuz/chromium npm package (extracted to
// /tmp on first use), so `npm install && npm test` needs no system browser.
// LIQAA_BROWSER=npm picks the npm one even where Debian's is installed.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** Which browser the tests use, and where its binary is. */
export async function chromiumPath(): Promise<{ from: "debian" | "npm"; path: string }> {
  if (process.env.LIQAA_BROWSER !== "npm" && existsSync(DEBIAN_CHROMIUM)) {
    return { from: "debian", path: DEBIAN_CHROMIUM };
  }
  const { default: packaged } = await import("@sparticuz/chromium");
  return { from: "npm", path: await packaged.executablePath() };
}

export async function launchChromium(): Promise<Browser> {
  const { path } = await chromiumPath();
  return chromium.launch({
    executablePath: path,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** docs/ when refreshing the README's pictures on purpose (UPDATE_SCREENSHOTS=1), else a temp dir. */
export function screenshotDir(prefix: string): string {
  return process.env.UPDATE_SCREENSHOTS === "1" ? "docs" : mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a temp screenshot dir; leaves docs/ alone. */
export function dropScreenshotDir(dir: string): void {
  if (dir !== "docs") rmSync(dir, { recursive: true, force: true });
}

/**
 * A Chromium for the tests of the describe block (or file) that calls it:
 * launched before them, closed after (dropping `shots`, a temp screenshot dir,
 * when given); the returned function gives it to a test.
 */
export function chromiumForTests(shots?: string): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (shots !== undefined) dropScreenshotDir(shots);
  });
  return () => {
    if (browser === undefined) throw new Error("Chromium is not running yet");
    return browser;
  };
}

/** A page showing `html` that may load nothing from the network: a request is aborted. */
export async function offlinePage(
  browser: Browser,
  html: string,
  viewport: { width: number; height: number },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.route("**/*", (route) => route.abort());
  await page.setContent(html, { waitUntil: "load" });
  return page;
}
