// What a running Sheets API emulator offers the code that starts it and its
// /__control endpoints: apart from server.ts so control.ts can take it
// without the two importing each other.
import type { ServiceAccountKey } from "./auth.ts";
import type { Fault } from "./faults.ts";
import type { NumberFormat } from "./number-format.ts";

export interface CallCounts {
  reads: number;
  writes: number;
  tokens: number;
  byMethod: Record<string, number>;
}

export interface SheetsEmulator {
  url: string;
  tokenUrl: string;
  spreadsheetId: string;
  serviceAccountKey: ServiceAccountKey;
  keyFile: string;
  calls(): CallCounts;
  injectFaults(f: Fault): void;
  /** Drops faults, zeroes counts, restores token lifetime and read quota, and the wall clock. */
  reset(): void;
  /** A well-formed key for the same account that the emulator does not trust. */
  untrustedKey(): ServiceAccountKey;
  setTokenTtl(seconds: number): void;
  setReadQuota(perMinute: number | null): void;
  /**
   * Sets the display format of a column of the served spreadsheet's tab (a
   * letter, "D"), as staff do with Format > Number: dates and numbers in it are
   * shown in the pattern; null puts the column back to showing what the file holds.
   * On the served spreadsheet unless `spreadsheetId` names one created since.
   */
  setNumberFormat(
    tab: string,
    column: string,
    format: NumberFormat | null,
    spreadsheetId?: string,
  ): Promise<void>;
  /** Moves the emulator's clock (token expiry, assertion times, the quota's minute) forward. */
  advanceClock(seconds: number): void;
  close(): Promise<void>;
}
