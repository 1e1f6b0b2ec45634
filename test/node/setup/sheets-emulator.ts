// vitest globalSetup (runs in Node, once per run): serves copies of the demo
// sheet from the project's Sheets API emulator on 127.0.0.1, one emulator per
// name in EMULATOR_NAMES, and provides their addresses, trusted service-account
// keys, and the rows the validator's CSV reader sees in the same files, so
// worker tests can compare the two.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { readSheetFolder } from "../../../scripts/lib/csv-folder.ts";
import {
  type SheetsEmulator,
  startSheetsEmulator,
} from "../../../scripts/sheets-emulator/server.ts";
import {
  EMULATOR_NAMES,
  type EmulatorName,
  type SheetsEmulatorContext,
} from "./sheets-emulator-context.ts";

const DEMO_SHEET = resolve(import.meta.dirname, "../../../demo-sheet");

async function start(): Promise<{
  emulator: SheetsEmulator;
  dataDir: string;
  context: SheetsEmulatorContext;
}> {
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
  return { emulator, dataDir, context };
}

export default async function setup(project: TestProject) {
  const started = await Promise.all(EMULATOR_NAMES.map(() => start()));
  const contexts = Object.fromEntries(
    EMULATOR_NAMES.map((name, i) => [name, started[i]!.context]),
  ) as Record<EmulatorName, SheetsEmulatorContext>;
  project.provide("sheetsEmulators", contexts);
  project.provide("sheetsEmulator", contexts.shared);

  return async () => {
    await Promise.all(
      started.map(async ({ emulator, dataDir }) => {
        await emulator.close();
        await rm(dataDir, { recursive: true, force: true });
      }),
    );
  };
}
