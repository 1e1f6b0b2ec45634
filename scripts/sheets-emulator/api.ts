// What a running Sheets API emulator offers the code that starts it and its
// /__control endpoints: apart from server.ts so control.ts can take it
// without the two importing each other.
import type { ServiceAccountKey } from "./auth.ts";
import type { Fault } from "./faults.ts";

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
  /** Moves the emulator's clock (token expiry, assertion times, the quota's minute) forward. */
  advanceClock(seconds: number): void;
  close(): Promise<void>;
}
