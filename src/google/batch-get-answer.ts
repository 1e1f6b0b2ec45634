// Reading a values:batchGet answer: the schema that says what is wrong with a
// bad one, the quick reader for the usual shape, and the isolate's memo of the
// last answer, so the same bytes are not read twice and bytes that differ in
// a few rows are read only there (delta-answer.ts).
import * as z from "zod/mini";

const CellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What a values:batchGet answers (exported for the test that pins quickBatchGet to it). */
export const BatchGetAnswer = z.object({
  valueRanges: z._default(
    z.array(
      z.object({
        range: z.string(),
        values: z._default(z.array(z.array(CellSchema)), []),
      }),
    ),
    [],
  ),
});

export type BatchGet = z.infer<typeof BatchGetAnswer>;

type Cell = BatchGet["valueRanges"][number]["values"][number][number];

/** A list of strings, numbers, booleans and nulls: a row as batchGet answers it. */
export function isRowOfCells(row: unknown): row is Cell[] {
  if (!Array.isArray(row)) return false;
  for (const cell of row as unknown[]) {
    const type = typeof cell;
    if (type !== "string" && type !== "number" && type !== "boolean" && cell !== null) return false;
  }
  return true;
}

/**
 * A batchGet answer of the usual shape read without the schema: the same
 * value the schema gives (each range and its rows of strings, numbers,
 * booleans and nulls; absent lists empty), for a fifth of its CPU on a
 * network's 20,000 cells. Anything else is null, and the schema reads it,
 * to say what is wrong.
 */
export function quickBatchGet(json: unknown): BatchGet | null {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return null;
  const ranges: unknown = (json as { valueRanges?: unknown }).valueRanges;
  if (ranges === undefined) return { valueRanges: [] };
  if (!Array.isArray(ranges)) return null;
  const valueRanges: BatchGet["valueRanges"] = [];
  for (const item of ranges as unknown[]) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return null;
    const { range, values } = item as { range?: unknown; values?: unknown };
    if (typeof range !== "string") return null;
    if (values === undefined) {
      valueRanges.push({ range, values: [] });
      continue;
    }
    if (!Array.isArray(values)) return null;
    for (const row of values as unknown[]) if (!isRowOfCells(row)) return null;
    valueRanges.push({ range, values: values as BatchGet["valueRanges"][number]["values"] });
  }
  return { valueRanges };
}

/**
 * The last answers of one kind, as sent and as parsed, by what was asked: the
 * same bytes are not decoded, parsed and checked again, and only an answer to
 * the same request is worth reading as a delta of it. A sync asks two things
 * (the whole sheet, and the few rows the write-back re-reads); keeping each
 * one's last answer means the write-back's read does not make the next sync
 * parse the whole sheet again.
 */
export interface AnswerMemo<T> {
  byUrl: Map<string, { bytes: Uint8Array; value: T }>;
}

/** How many requests' answers a memo keeps, the least recently used let go. */
const MEMO_REQUESTS = 2;

/** Keeps `entry` as the answer to `url`, the most recent. */
export function rememberAnswer<T>(
  memo: AnswerMemo<T>,
  url: string,
  entry: { bytes: Uint8Array; value: T },
): void {
  memo.byUrl.delete(url);
  memo.byUrl.set(url, entry);
  for (const oldest of memo.byUrl.keys()) {
    if (memo.byUrl.size <= MEMO_REQUESTS) break;
    memo.byUrl.delete(oldest);
  }
}

/**
 * The isolate's last batchGet answers, as sent and as parsed: one sheet's worth.
 * Module-scope data (a client is made per invocation); the same bytes parse to
 * the same value whatever asked for it, so a cold isolate only parses once more.
 */
export const lastBatchGet: AnswerMemo<BatchGet> = { byUrl: new Map() };

/** Frozen all the way to the cells, so a value handed out twice cannot be changed in between. */
export function frozen<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    // Cells are primitives: only objects and arrays are walked, arrays without a copy of their items.
    const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const v of items) if (v !== null && typeof v === "object") frozen(v);
    Object.freeze(value);
  }
  return value;
}

/** Each batchGet's answer as Google sent it, by the ranges returned (for the sheet digest). */
const rawBytes = new WeakMap<object, Uint8Array>();

export function rememberBytes(ranges: object, bytes: Uint8Array): void {
  rawBytes.set(ranges, bytes);
}

/**
 * The bytes of the batchGet answer these ranges came from, as they came,
 * never decoded here: hashed and compared as bytes. Undefined for ranges made
 * another way.
 */
export function batchGetBytes(ranges: object): Uint8Array | undefined {
  return rawBytes.get(ranges);
}
