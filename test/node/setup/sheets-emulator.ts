// vitest globalSetup (runs in Node, once per run): serves a copy of the demo
// sheet from the project's Sheets API emulator on 127.0.0.1 and provides its
// address, its trusted service-account key, and the rows the validator's CSV
// reader sees in the same files, so worker tests can compare the two.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { readSheetFolder } from "../../../scripts/lib/csv-folder.ts";
import { startSheetsEmulator } from "../../../scripts/sheets-emulator/server.ts";
import type { SheetsEmulatorContext } from "./sheets-emulator-context.ts";

const DEMO_SHEET = resolve(import.meta.dirname, "../../../demo-sheet");

export default async function setup(project: TestProject) {
  // A copy, because tests write back into the sheet and the demo must stay as it is.
  const dataDir = await mkdtemp(join(tmpdir(), "liqaa-sheet-"));
  await cp(DEMO_SHEET, dataDir, {
    recursive: true,
    filter: (source) => !source.endsWith(".md"),
  });
  const expectedTabs = await readSheetFolder(dataDir);
  const emulator = await startSheetsEmulator({
    dataDir,
    host: "127.0.0.1",
    port: 0,
    keyFile: join(dataDir, ".emulator", "service-account.json"),
  });
  const context: SheetsEmulatorContext = {
    url: emulator.url,
    tokenUrl: emulator.tokenUrl,
    spreadsheetId: emulator.spreadsheetId,
    serviceAccountKey: JSON.stringify(emulator.serviceAccountKey),
    expectedTabs,
  };
  project.provide("sheetsEmulator", context);

  return async () => {
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
