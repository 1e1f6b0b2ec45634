// Helpers for worker tests that talk to the Sheets API emulator which
// test/node/setup/sheets-emulator.ts starts: its address and key (by inject),
// its control surface, and a client pointed at it.
import { inject } from "vitest";
import { DEFAULT_POLICY } from "../../../src/google/retry.ts";
import {
  parseServiceAccountKey,
  type ServiceAccountKey,
} from "../../../src/google/service-account.ts";
import { createSheetsClient, type SheetsClientOptions } from "../../../src/google/sheets-client.ts";
import { createTokenSource } from "../../../src/google/token.ts";
import type { SheetsEmulatorContext } from "../../node/setup/sheets-emulator-context.ts";

/** The emulator these tests own: they inject faults and write, so they share it with no other file. */
export function emulator(): SheetsEmulatorContext {
  return inject("sheetsEmulators")["google-client"];
}

/** POSTs to the emulator's control surface (faults, reset, key, token-ttl) and returns its JSON. */
export async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator().url}/__control/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok)
    throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text === "" ? null : JSON.parse(text);
}

export interface EmulatorCalls {
  reads: number;
  writes: number;
  tokens: number;
  byMethod: Record<string, number>;
}

export async function calls(): Promise<EmulatorCalls> {
  const response = await fetch(`${emulator().url}/__control/calls`);
  return (await response.json()) as EmulatorCalls;
}

export function parseKey(raw: string): ServiceAccountKey {
  const parsed = parseServiceAccountKey(raw);
  if (!parsed.ok) throw new Error(parsed.error.detail);
  return parsed.value;
}

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
  const tokens = createTokenSource({
    key: parseKey(context.serviceAccountKey),
    tokenUrl: context.tokenUrl,
    fetch: (input, init) => fetch(input, init),
    policy: DEFAULT_POLICY,
    runtime: { now: () => Date.now(), sleep: async () => {}, random: () => 0 },
  });
  const token = await tokens.get();
  if (!token.ok) throw new Error(token.error.detail);
  const url = `${context.url}/v4/spreadsheets/${context.spreadsheetId}?includeGridData=true&ranges=${encodeURIComponent(range)}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token.value}` } });
  const body = (await response.json()) as {
    sheets?: { data?: { rowData?: { values?: { userEnteredValue?: unknown }[] }[] }[] }[];
  };
  const cells = (body.sheets ?? []).flatMap((sheet) =>
    (sheet.data ?? []).flatMap((grid) => (grid.rowData ?? []).flatMap((row) => row.values ?? [])),
  );
  return cells.find((cell) => cell.userEnteredValue !== undefined)?.userEnteredValue;
}
