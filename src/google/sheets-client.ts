// Liqaa's Google Sheets API v4 client for the Worker: plain fetch plus a
// service-account token (see README: chosen over googleapis for bundle size and
// start-up time). A sync makes one values:batchGet for every tab it reads and one
// values:batchUpdate for all it writes, always RAW so no cell becomes a formula.
// Tabs Liqaa owns and the sheet lacks are added with one spreadsheets:batchUpdate.
import * as z from "zod/mini";
import type { Cell } from "../sheet/types.ts";
import {
  type AnswerMemo,
  BatchGetAnswer,
  frozen,
  lastBatchGet,
  quickBatchGet,
  rememberAnswer,
  rememberBytes,
} from "./batch-get-answer.ts";
import { sameBytes } from "./bytes.ts";
import { deltaBatchGet } from "./delta-answer.ts";
import {
  classifySheetsFailure,
  err,
  type GoogleError,
  noAnswer,
  ok,
  type Result,
  unavailable,
} from "./errors.ts";
import { DEFAULT_POLICY, exchangeWithRetry, type RetryPolicy, type RetryRuntime } from "./retry.ts";
import { parseServiceAccountKey, type ServiceAccountKey } from "./service-account.ts";
import { createTokenSource, SHEETS_READONLY_SCOPE, SHEETS_SCOPE } from "./token.ts";

export { BatchGetAnswer, batchGetBytes, quickBatchGet } from "./batch-get-answer.ts";

/** One range's values as Google returns them: ragged rows, `values` present even when empty. */
export interface ValueRange {
  range: string;
  values: Cell[][];
}

export interface BatchGetOptions {
  /** FORMATTED_VALUE gives text as the sheet shows it; UNFORMATTED_VALUE (Liqaa's) gives numbers and booleans. */
  valueRenderOption?: "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";
  /** Only used with UNFORMATTED_VALUE: dates as serial numbers (Liqaa's) or as text in their display format. */
  dateTimeRenderOption?: "SERIAL_NUMBER" | "FORMATTED_STRING";
}

/**
 * How Liqaa reads cells, and so every batchGet's default: a date or time cell
 * as its serial number (days since 1899-12-30, the time a fraction of a day),
 * so a column's display format ("16 May 2027", "١٦‏/٥‏/٢٠٢٧") changes nothing a
 * sync sees; text stays text, a typed number is a number and a checkbox a
 * boolean, which the sheet's parser turns back into the text Sheets shows.
 * One default for every reader matters: the write-back compares its fresh read
 * of a row with the sync's read, and the two must render cells alike.
 */
export const LIQAA_READ: Required<BatchGetOptions> = {
  valueRenderOption: "UNFORMATTED_VALUE",
  dateTimeRenderOption: "SERIAL_NUMBER",
};

export interface CellUpdate {
  /** An A1 range with a quoted tab title: build it with a1Range. */
  range: string;
  values: string[][];
}

export interface UpdateSummary {
  totalUpdatedCells: number;
  updatedRanges: string[];
}

export interface SheetInfo {
  title: string;
  sheetId: number;
}

export interface NewSheet {
  title: string;
  /** Arabic tabs read right to left, as the staff's own tabs do. */
  rightToLeft?: boolean;
}

export interface SheetsClient {
  /** Reads every range in one request; the answer keeps the order of `ranges`. */
  batchGet(ranges: string[], opts?: BatchGetOptions): Promise<Result<ValueRange[], GoogleError>>;
  /** Writes every range in one request, as RAW values. */
  batchUpdate(data: CellUpdate[]): Promise<Result<UpdateSummary, GoogleError>>;
  /** The tabs the spreadsheet has, in order. */
  getSpreadsheet(): Promise<Result<{ sheets: SheetInfo[] }, GoogleError>>;
  /** Adds empty tabs at the end, all in one request (all or none); answers them in order. */
  addSheets(sheets: NewSheet[]): Promise<Result<SheetInfo[], GoogleError>>;
}

export interface SheetsClientOptions {
  key: ServiceAccountKey;
  sheetId: string;
  /** GOOGLE_TOKEN_URL: Google's, or the emulator's. */
  tokenUrl: string;
  /** SHEETS_API_URL without /v4: Google's, or the emulator's. */
  apiUrl: string;
  fetch?: typeof fetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Sign in with the read-only scope, so a preview or dry run cannot write even by mistake. */
  readOnly?: boolean;
}

/**
 * An A1 range on a tab, the title always quoted: `'الاجتماعات'!A1:Z`. Quoting is
 * valid for every title and needed for spaces, Arabic and punctuation; a `'`
 * inside the title is doubled.
 */
export function a1Range(tab: string, range?: string): string {
  const quoted = `'${tab.replaceAll("'", "''")}'`;
  return range ? `${quoted}!${range}` : quoted;
}

/** The tab title of an A1 range as Google echoes it (`'Sync log'!A1:F9` → `Sync log`). */
export function tabOfRange(range: string): string {
  const quoted = /^'((?:[^']|'')*)'(?:!|$)/.exec(range);
  if (quoted) return quoted[1]!.replaceAll("''", "'");
  const bang = range.lastIndexOf("!");
  return bang === -1 ? range : range.slice(0, bang);
}

const BatchUpdateAnswer = z.object({
  totalUpdatedCells: z._default(z.number(), 0),
  responses: z._default(z.array(z.object({ updatedRange: z.optional(z.string()) })), []),
});
const AddSheetsAnswer = z.object({
  replies: z._default(
    z.array(
      z.object({
        addSheet: z.optional(
          z.object({ properties: z.object({ sheetId: z.number(), title: z.string() }) }),
        ),
      }),
    ),
    [],
  ),
});
const SpreadsheetAnswer = z.object({
  sheets: z._default(
    z.array(z.object({ properties: z.object({ sheetId: z.number(), title: z.string() }) })),
    [],
  ),
});

/** The vars and the secret the client is built from (see src/env.ts). */
export interface SheetsEnv {
  SHEET_ID: string;
  GOOGLE_TOKEN_URL: string;
  SHEETS_API_URL: string;
  GOOGLE_SERVICE_ACCOUNT_KEY: string;
}

/** Builds the client for one invocation from the checked env; a bad key secret is the only failure. */
export function sheetsClientFromEnv(
  env: SheetsEnv,
  runtime: Omit<SheetsClientOptions, "key" | "sheetId" | "tokenUrl" | "apiUrl">,
): Result<SheetsClient, GoogleError> {
  return sheetsClientFromSecret(env.GOOGLE_SERVICE_ACCOUNT_KEY, {
    ...runtime,
    sheetId: env.SHEET_ID,
    tokenUrl: env.GOOGLE_TOKEN_URL,
    apiUrl: env.SHEETS_API_URL,
  });
}

/** Parses GOOGLE_SERVICE_ACCOUNT_KEY and builds the client; a bad key is the only way this fails. */
export function sheetsClientFromSecret(
  rawKey: string,
  options: Omit<SheetsClientOptions, "key">,
): Result<SheetsClient, GoogleError> {
  const key = parseServiceAccountKey(rawKey);
  if (!key.ok) return key;
  return ok(createSheetsClient({ ...options, key: key.value }));
}

export function createSheetsClient(options: SheetsClientOptions): SheetsClient {
  // workerd refuses a detached `fetch` ("Illegal invocation"), so the default is wrapped.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const policy: RetryPolicy = {
    ...DEFAULT_POLICY,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  };
  const runtime: RetryRuntime = {
    now: options.now,
    sleep: options.sleep,
    random: options.random,
  };
  const tokens = createTokenSource({
    key: options.key,
    tokenUrl: options.tokenUrl,
    scope: options.readOnly ? SHEETS_READONLY_SCOPE : SHEETS_SCOPE,
    fetch: doFetch,
    policy,
    runtime,
  });
  const base = `${options.apiUrl.replace(/\/+$/, "")}/v4/spreadsheets/${encodeURIComponent(options.sheetId)}`;

  /** One API call: a token, the retried exchange, and one fresh token if Google says 401. */
  async function call<T>(
    method: "GET" | "POST",
    url: string,
    body: unknown,
    schema: z.ZodMiniType<T>,
    memo?: AnswerMemo<T>,
    quick?: (json: unknown) => T | null,
    delta?: (prev: { bytes: Uint8Array; value: T }, bytes: Uint8Array) => T | null,
  ): Promise<Result<T, GoogleError> & { bytes?: Uint8Array }> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await tokens.get();
      if (!token.ok) return token;
      const exchange = await exchangeWithRetry(
        (signal) =>
          doFetch(url, {
            method,
            headers: {
              authorization: `Bearer ${token.value}`,
              ...(body === undefined ? {} : { "content-type": "application/json" }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal,
          }),
        policy,
        runtime,
      );
      if (!exchange.ok) {
        return err(noAnswer(exchange, policy.timeoutMs));
      }
      const { status, bytes } = exchange.answer;
      // A cached token can be revoked or expire early: drop it and try once with a new one.
      if (status === 401 && !refreshed) {
        tokens.invalidate();
        continue;
      }
      if (status < 200 || status > 299) {
        return err(classifySheetsFailure(status, exchange.answer.body, options.key.client_email));
      }
      // The very answer parsed last time (most syncs: nobody edited): its bytes and parsed value, frozen.
      const last = memo?.byUrl.get(url);
      if (last && sameBytes(last.bytes, bytes)) {
        if (memo) rememberAnswer(memo, url, last);
        return { ...ok(last.value), bytes: last.bytes };
      }
      // Else, when only a few rows differ from it, only they are decoded and parsed (already frozen).
      // Only against this same request's last answer: another one's bytes would share nothing.
      const moved = last && delta ? delta(last, bytes) : null;
      if (memo && moved !== null) {
        rememberAnswer(memo, url, { bytes, value: moved });
        return { ...ok(moved), bytes };
      }
      const text = exchange.answer.body;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return err(unavailable(status, `the answer was not JSON: ${text.slice(0, 200)}`));
      }
      const fast = quick?.(json) ?? null;
      const parsed =
        fast === null ? z.safeParse(schema, json) : { success: true as const, data: fast };
      if (!parsed.success) {
        return err(unavailable(status, `unexpected answer: ${z.prettifyError(parsed.error)}`));
      }
      if (memo) rememberAnswer(memo, url, { bytes, value: frozen(parsed.data) });
      return { ...ok(parsed.data), bytes };
    }
  }

  return {
    async batchGet(ranges, opts = {}) {
      if (ranges.length === 0) return ok([]);
      const query = ranges.map((range) => `ranges=${encodeURIComponent(range)}`);
      const valueRender = opts.valueRenderOption ?? LIQAA_READ.valueRenderOption;
      query.push(`valueRenderOption=${valueRender}`);
      // Google ignores it for FORMATTED_VALUE; it is sent only where it means something.
      if (valueRender === "UNFORMATTED_VALUE") {
        query.push(
          `dateTimeRenderOption=${opts.dateTimeRenderOption ?? LIQAA_READ.dateTimeRenderOption}`,
        );
      }
      query.push("majorDimension=ROWS");
      const answer = await call(
        "GET",
        `${base}/values:batchGet?${query.join("&")}`,
        undefined,
        BatchGetAnswer,
        lastBatchGet,
        quickBatchGet,
        deltaBatchGet,
      );
      if (!answer.ok) return answer;
      const read = answer.value.valueRanges;
      if (answer.bytes !== undefined) rememberBytes(read, answer.bytes);
      return ok(read);
    },

    async batchUpdate(data) {
      if (data.length === 0) return ok({ totalUpdatedCells: 0, updatedRanges: [] });
      const answer = await call(
        "POST",
        `${base}/values:batchUpdate`,
        {
          // RAW: a cell written as "=IMPORTXML(...)" stays that text, never a formula.
          valueInputOption: "RAW",
          includeValuesInResponse: false,
          data: data.map(({ range, values }) => ({ range, majorDimension: "ROWS", values })),
        },
        BatchUpdateAnswer,
      );
      if (!answer.ok) return answer;
      return ok({
        totalUpdatedCells: answer.value.totalUpdatedCells,
        updatedRanges: answer.value.responses.flatMap((r) =>
          r.updatedRange === undefined ? [] : [r.updatedRange],
        ),
      });
    },

    async getSpreadsheet() {
      const answer = await call(
        "GET",
        `${base}?fields=${encodeURIComponent("sheets.properties(sheetId,title)")}`,
        undefined,
        SpreadsheetAnswer,
      );
      if (!answer.ok) return answer;
      return ok({ sheets: answer.value.sheets.map(({ properties }) => properties) });
    },

    async addSheets(sheets) {
      if (sheets.length === 0) return ok([]);
      const answer = await call(
        "POST",
        `${base}:batchUpdate`,
        {
          requests: sheets.map(({ title, rightToLeft }) => ({
            addSheet: { properties: { title, ...(rightToLeft ? { rightToLeft: true } : {}) } },
          })),
        },
        AddSheetsAnswer,
      );
      if (!answer.ok) return answer;
      return ok(answer.value.replies.flatMap((r) => (r.addSheet ? [r.addSheet.properties] : [])));
    },
  };
}
