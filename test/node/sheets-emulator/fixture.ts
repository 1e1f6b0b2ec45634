// Shared by the emulator's tests: a small sheet folder in a temp dir, an emulator
// serving it, and Google's official Node client signed in with the emulator's key.
// google-auth-library posts to Google's token URL whatever the key's token_uri
// says, so a request interceptor on the JWT client's transporter points it at
// the emulator (the Sheets client itself takes rootUrl).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sheets, type sheets_v4 } from "@googleapis/sheets";
import { JWT } from "google-auth-library";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { toCsv } from "../../../scripts/lib/csv-folder.ts";
import {
  type ServiceAccountKey,
  type SheetsEmulator,
  startSheetsEmulator,
} from "../../../scripts/sheets-emulator/server.ts";

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
export const SCOPE = "https://www.googleapis.com/auth/spreadsheets";

export const FIXTURE: Record<string, string[][]> = {
  Meetings: [
    ["ID", "Title (Arabic)", "Date", "Start", "Publish", "Count"],
    ["m-1", "مشاورات مع أوتشا", "2019-05-16", "10:00", "TRUE", "12"],
    ["", "ورشة عمل", "16/05/2019", "", "", ""],
    ["m-3", "إحاطة", "2019/11/18-19"],
  ],
  الاجتماعات: [
    ["المعرف", "العنوان"],
    ["a-1", "اجتماع ثنائي"],
  ],
  Contacts: [
    ["Organization", "Email"],
    ["OCHA", "ocha@example.org"],
  ],
};

export interface Harness {
  dir: string;
  dataDir: string;
  emulator: SheetsEmulator;
  close(): Promise<void>;
}

/** A fresh copy of the fixture served by a fresh emulator (the key file is shared to save key generation). */
export async function startHarness(
  keyFile: string,
  tabs: Record<string, string[][]> = FIXTURE,
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "sheets-emulator-test-"));
  const dataDir = join(dir, "sheet");
  const emulator = await startSheetsEmulator({ dataDir, keyFile, port: 0 });
  // Written after start, so this also exercises picking up new files.
  for (const [title, rows] of Object.entries(tabs)) {
    await writeFile(join(dataDir, `${title}.csv`), toCsv(rows), "utf8");
  }
  return {
    dir,
    dataDir,
    emulator,
    async close() {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh harness for every test of the calling file, all sharing one key file
 * (generated once, in beforeAll, and removed after the file). Read `emulator`,
 * `dataDir` and `dir` from the returned object inside tests: they change per test.
 */
export function harnessPerTest(name: string): Harness {
  const keyFile = join(tmpdir(), `sheets-emulator-${name}-${process.pid}.json`);
  let current: Harness | undefined;
  const now = () => {
    if (!current) throw new Error("the harness exists only inside a test");
    return current;
  };
  beforeAll(async () => {
    // Generates the key once; every harness below reuses it.
    await (await startHarness(keyFile, {})).close();
  });
  beforeEach(async () => {
    current = await startHarness(keyFile);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await rm(keyFile, { force: true });
  });
  return {
    get dir() {
      return now().dir;
    },
    get dataDir() {
      return now().dataDir;
    },
    get emulator() {
      return now().emulator;
    },
    close: () => now().close(),
  };
}

/** A JWT client for `key` whose token requests go to the emulator. */
export function jwtFor(key: ServiceAccountKey, tokenUrl: string, scopes = [SCOPE]): JWT {
  const auth = new JWT({ email: key.client_email, key: key.private_key, scopes });
  auth.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (String(options.url).startsWith(GOOGLE_TOKEN_URL)) options.url = new URL(tokenUrl);
      return options;
    },
  });
  return auth;
}

/** Google's official Sheets client, talking to the emulator. */
export function officialClient(
  emulator: SheetsEmulator,
  key: ServiceAccountKey = emulator.serviceAccountKey,
  scopes = [SCOPE],
): sheets_v4.Sheets {
  return sheets({
    version: "v4",
    auth: jwtFor(key, emulator.tokenUrl, scopes),
    rootUrl: `${emulator.url}/`,
    // Retries would hide the emulator's answers from the tests.
    retry: false,
  });
}

type OnSheet<P> = Omit<P, "spreadsheetId">;

/**
 * Google's official client's calls on the emulator's spreadsheet, its id filled
 * in for the calls most tests make; `spreadsheets` for the rest.
 */
export function onSpreadsheet(
  emulator: SheetsEmulator,
  key: ServiceAccountKey = emulator.serviceAccountKey,
  scopes = [SCOPE],
) {
  const { spreadsheets } = officialClient(emulator, key, scopes);
  const { spreadsheetId } = emulator;
  const v = spreadsheets.values;
  return {
    spreadsheets,
    get: (p: OnSheet<sheets_v4.Params$Resource$Spreadsheets$Get> = {}) =>
      spreadsheets.get({ spreadsheetId, ...p }),
    values: {
      get: (p: OnSheet<sheets_v4.Params$Resource$Spreadsheets$Values$Get>) =>
        v.get({ spreadsheetId, ...p }),
      update: (p: OnSheet<sheets_v4.Params$Resource$Spreadsheets$Values$Update>) =>
        v.update({ spreadsheetId, ...p }),
    },
    /** values.update of `values` at `range`, RAW unless told. */
    write: (range: string, values: unknown[][], valueInputOption = "RAW") =>
      v.update({ spreadsheetId, range, valueInputOption, requestBody: { values } }),
  };
}

/** The error a client call rejected with, for asserting on Google's error shape. */
export async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (e) {
    const err = e as { status?: number; message: string; response?: { data?: unknown } };
    return { status: err.status, message: err.message, data: err.response?.data };
  }
  throw new Error("expected the call to fail");
}
