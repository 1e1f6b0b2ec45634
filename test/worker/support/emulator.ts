// The Sheets API emulator as worker tests reach it: the address and key that
// test/node/setup/sheets-emulator.ts provides (by inject), its control surface
// (faults, counts, reset, token lifetime, its clock, a column's display
// format), and an access token
// signed with the trusted key, for calls the Sheets client does not make.
import { inject } from "vitest";
import { DEFAULT_POLICY } from "../../../src/google/retry.ts";
import {
  parseServiceAccountKey,
  type ServiceAccountKey,
} from "../../../src/google/service-account.ts";
import { createTokenSource } from "../../../src/google/token.ts";
import type { SheetsEmulatorContext } from "../../node/setup/sheets-emulator-context.ts";

/** The emulator these tests own: they inject faults and write, so they share it with no other file. */
export function emulator(): SheetsEmulatorContext {
  return inject("sheetsEmulators")["google-client"];
}

/** POSTs to the emulator's control surface (faults, reset, key, token-ttl, clock) and returns its JSON. */
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

export async function emulatorCalls(): Promise<EmulatorCalls> {
  const response = await fetch(`${emulator().url}/__control/calls`);
  return (await response.json()) as EmulatorCalls;
}

/** Zeroes the emulator's call counts, drops any fault still queued, and puts its clock back. */
export async function resetCalls(): Promise<void> {
  await control("reset");
}

export interface Fault {
  status?: 403 | 429 | 500 | 503;
  hangMs?: number;
  count: number;
}

export async function injectFault(fault: Fault): Promise<void> {
  await control("faults", fault);
}

/** Moves the emulator's clock forward, so its tokens age without a test sleeping. */
export async function advanceEmulatorClock(seconds: number): Promise<void> {
  await control("clock", { advanceSeconds: seconds });
}

/**
 * Sets the display format of a column (a letter) of one spreadsheet's tab, as
 * staff do with Format > Number; a null pattern puts it back. The cells keep
 * their values: only FORMATTED_VALUE reads change.
 */
export async function setNumberFormat(
  spreadsheetId: string,
  tab: string,
  column: string,
  pattern: string | null,
  locale = "en_US",
): Promise<void> {
  await control("number-format", { spreadsheetId, tab, column, pattern, locale });
}

export function parseKey(raw: string): ServiceAccountKey {
  const parsed = parseServiceAccountKey(raw);
  if (!parsed.ok) throw new Error(parsed.error.detail);
  return parsed.value;
}

/** A fresh access token from the emulator, signed with the key it trusts. */
export async function accessToken(): Promise<string> {
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
  return token.value;
}

/** A new spreadsheet on the emulator, created as Google's spreadsheets.create does; returns its id. */
export async function createSpreadsheet(body: unknown): Promise<string> {
  const response = await fetch(`${emulator().url}/v4/spreadsheets`, {
    method: "POST",
    headers: { authorization: `Bearer ${await accessToken()}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`create: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { spreadsheetId: string }).spreadsheetId;
}
