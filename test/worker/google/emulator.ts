// Helpers for the Google client's tests against the Sheets API emulator that
// test/node/setup/sheets-emulator.ts starts: a client pointed at it and a way
// to see how a cell is stored. The emulator's address, key, control surface
// and access token come from the worker tests' support.
import { createSheetsClient, type SheetsClientOptions } from "../../../src/google/sheets-client.ts";
import { accessToken, emulator, parseKey } from "../support/emulator.ts";

export {
  accessToken,
  control,
  createSpreadsheet,
  type EmulatorCalls,
  emulator,
  emulatorCalls as calls,
  parseKey,
} from "../support/emulator.ts";

/** A client for the emulator's sheet with the trusted key; waits are recorded, not slept. */
export function emulatorClient(overrides: Partial<SheetsClientOptions> = {}) {
  const waits: number[] = [];
  const context = emulator();
  const client = createSheetsClient({
    key: parseKey(context.serviceAccountKey),
    sheetId: context.spreadsheetId,
    tokenUrl: context.tokenUrl,
    apiUrl: context.url,
    now: () => Date.now(),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 5_000,
    maxAttempts: 3,
    ...overrides,
  });
  return { client, waits };
}

/**
 * How the sheet holds one cell, read through spreadsheets.get with grid data:
 * `{ stringValue }` for text, `{ formulaValue }` for a formula. The values API
 * renders both as the same string, so only this tells them apart.
 */
export async function userEnteredValue(range: string): Promise<unknown> {
  const context = emulator();
  const url = `${context.url}/v4/spreadsheets/${context.spreadsheetId}?includeGridData=true&ranges=${encodeURIComponent(range)}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${await accessToken()}` },
  });
  const body = (await response.json()) as {
    sheets?: { data?: { rowData?: { values?: { userEnteredValue?: unknown }[] }[] }[] }[];
  };
  const cells = (body.sheets ?? []).flatMap((sheet) =>
    (sheet.data ?? []).flatMap((grid) => (grid.rowData ?? []).flatMap((row) => row.values ?? [])),
  );
  return cells.find((cell) => cell.userEnteredValue !== undefined)?.userEnteredValue;
}
