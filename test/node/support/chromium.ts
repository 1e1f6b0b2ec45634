// Debian's Chromium for the browser tests, launched the one way these machines
// allow (no sandbox as root, no background network calls to Google's hosts),
// and where their screenshots go. A missing browser fails loudly: never skipped.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the CI script does`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
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
