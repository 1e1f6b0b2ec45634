// Failing on purpose, as Google does: injected faults (403/429/500/503 answers
// or hangs, for API or token calls) taken one call at a time, the per-minute
// read quota, and the error bodies Google sends for each.
import type { ServerResponse } from "node:http";
import { errorInfo, sendError } from "./http.ts";
import { ApiError } from "./state.ts";

export interface Fault {
  /** 403 answers as Google does for a spreadsheet not shared with the service account. */
  status?: 403 | 429 | 500 | 503;
  hangMs?: number;
  /** A 200 answer with this body instead of the real one: a garbled or unexpected answer. */
  body?: string;
  count: number;
  /** Which calls fail: Sheets API calls (the default), token requests, or both. */
  target?: "api" | "token" | "any";
}

export const READ_METHODS = new Set([
  "spreadsheets.get",
  "spreadsheets.values.get",
  "spreadsheets.values.batchGet",
]);

/** The faults still to come, each used up by `count` calls it applies to. */
export class FaultQueue {
  private faults: Fault[] = [];

  inject(f: Fault): void {
    if (!Number.isInteger(f.count) || f.count < 1)
      throw new Error("a fault needs a count of 1 or more");
    this.faults.push({ ...f });
  }

  pending(): Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** Takes the next injected fault that applies to this call, if any. */
  take(kind: "api" | "token"): Fault | null {
    const fault = this.faults.find((f) => (f.target ?? "api") === kind || f.target === "any");
    if (!fault) return null;
    fault.count--;
    if (fault.count <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

/** Hangs and/or answers as the fault says; true when it answered. */
export async function answerFault(
  res: ServerResponse,
  fault: Fault,
  method: string,
): Promise<boolean> {
  if (fault.hangMs) await new Promise((r) => setTimeout(r, fault.hangMs));
  if (fault.body !== undefined) {
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    res.end(fault.body);
    return true;
  }
  if (fault.status === undefined) return false;
  sendError(res, faultError(fault.status, method));
  return true;
}

/** Google's per-minute read quota, off while `perMinute` is null. */
export class ReadQuota {
  private times: number[] = [];
  perMinute: number | null;
  constructor(perMinute: number | null) {
    this.perMinute = perMinute;
  }

  set(perMinute: number | null): void {
    this.perMinute = perMinute;
    this.times = [];
  }

  /** Counts a read at `now`; true when it is over the quota (and so not counted). */
  over(now: number): boolean {
    if (this.perMinute === null) return false;
    this.times = this.times.filter((t) => t > now - 60_000);
    if (this.times.length >= this.perMinute) return true;
    this.times.push(now);
    return false;
  }
}

function faultError(status: 403 | 429 | 500 | 503, method: string): ApiError {
  switch (status) {
    case 403:
      return new ApiError(403, "PERMISSION_DENIED", "The caller does not have permission");
    case 429:
      return quotaError(method);
    case 500:
      return new ApiError(500, "INTERNAL", "Internal error encountered.");
    case 503:
      return new ApiError(503, "UNAVAILABLE", "The service is currently unavailable.");
  }
}

export function quotaError(method: string): ApiError {
  const read = READ_METHODS.has(method);
  const metric = read ? "Read requests" : "Write requests";
  const limit = read ? "ReadRequestsPerMinutePerProject" : "WriteRequestsPerMinutePerProject";
  return new ApiError(
    429,
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`,
    [
      errorInfo("RATE_LIMIT_EXCEEDED", `google.apps.sheets.v4.SpreadsheetsService.${method}`, {
        quota_metric: `sheets.googleapis.com/${read ? "read" : "write"}_requests`,
        quota_limit: limit,
        consumer: "projects/000000000000",
      }),
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [
          {
            description: "Request a higher quota limit.",
            url: "https://cloud.google.com/docs/quota#requesting_higher_quota",
          },
        ],
      },
    ],
  );
}
