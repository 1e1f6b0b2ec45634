// What the Sheets emulator's globalSetup hands to the worker tests through
// vitest's provide/inject (which the Cloudflare pool forwards into workerd).
// Only JSON-safe values cross that boundary.

/**
 * One emulator per name, each serving its own copy of demo-sheet/. Faults,
 * token lifetimes and writes are per emulator, and test files run at the same
 * time: a file that injects faults or writes should own its emulator. Add a
 * name here when a new suite needs one.
 */
export const EMULATOR_NAMES = ["shared", "google-client", "sync"] as const;
export type EmulatorName = (typeof EMULATOR_NAMES)[number];

export interface SheetsEmulatorContext {
  /** SHEETS_API_URL for the client: the emulator's origin. */
  url: string;
  /** GOOGLE_TOKEN_URL for the client. */
  tokenUrl: string;
  spreadsheetId: string;
  /** The key the emulator trusts, as the GOOGLE_SERVICE_ACCOUNT_KEY secret would hold it. */
  serviceAccountKey: string;
  /** Every tab of the served folder as scripts/lib/csv-folder.ts reads it, before any test wrote. */
  expectedTabs: Record<string, string[][]>;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The "shared" emulator: read it, do not break it. */
    sheetsEmulator: SheetsEmulatorContext;
    sheetsEmulators: Record<EmulatorName, SheetsEmulatorContext>;
  }
}
