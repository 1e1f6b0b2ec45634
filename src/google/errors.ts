// What can go wrong talking to Google, as values: each failure has a kind the
// sync can switch on, whether trying again later may help, the data its advice
// is made of, and that advice in Arabic and English (from src/google/error-words.ts),
// telling the person who runs Liqaa what to do about it.
import type { Bilingual } from "../sheet/types.ts";
import type { GoogleErrorFacts } from "./error-facts.ts";
import { googleErrorWords } from "./error-words.ts";

export type { GoogleErrorFacts, GoogleErrorKind } from "./error-facts.ts";

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** A failure with what a person should do about it, in both languages (src/google/error-words.ts). */
export type GoogleError = GoogleErrorFacts & { message: Bilingual };

function failure(facts: GoogleErrorFacts): GoogleError {
  return { ...facts, message: googleErrorWords(facts) };
}

/** The key secret is unusable before Google is even asked; `what` says which part is wrong. */
export function badKey(what: string): GoogleError {
  return failure({ kind: "bad_key", retryable: false, detail: what });
}

/** Google's token endpoint refused the signed assertion: the key is wrong, deleted or revoked. */
export function authRefused(status: number, detail: string): GoogleError {
  return failure({ kind: "auth", status, retryable: false, detail });
}

export function forbidden(serviceAccount: string, detail: string): GoogleError {
  return failure({ kind: "forbidden", status: 403, retryable: false, detail, serviceAccount });
}

export function notFound(detail: string): GoogleError {
  return failure({ kind: "not_found", status: 404, retryable: false, detail });
}

export function quota(detail: string): GoogleError {
  return failure({ kind: "quota", status: 429, retryable: true, detail });
}

export function unavailable(status: number | undefined, detail: string): GoogleError {
  return failure({
    kind: "unavailable",
    ...(status === undefined ? {} : { status }),
    retryable: true,
    detail,
  });
}

export function timedOut(timeoutMs: number, detail: string): GoogleError {
  return failure({ kind: "timeout", retryable: true, detail, timeoutMs });
}

/** A request Google refused as malformed; `detail` is Google's reason, shown to the person. */
export function badRequest(status: number, detail: string): GoogleError {
  return failure({ kind: "bad_request", status, retryable: false, detail });
}

/** Google's API error body: `{"error": {"code", "message", "status"}}`. */
function apiErrorText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && "error" in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (error && typeof error === "object") {
        const { message, status } = error as { message?: unknown; status?: unknown };
        const parts = [status, message].filter((p): p is string => typeof p === "string");
        if (parts.length > 0) return parts.join(": ");
      }
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text is the best detail there is.
  }
  return body.slice(0, 300);
}

/** Classifies a Sheets API answer that was not 2xx. */
export function classifySheetsFailure(
  status: number,
  body: string,
  clientEmail: string,
): GoogleError {
  const detail = `HTTP ${status}: ${apiErrorText(body)}`;
  if (status === 401) return authRefused(status, detail);
  if (status === 403) return forbidden(clientEmail, detail);
  if (status === 404) return notFound(detail);
  if (status === 429) return quota(detail);
  if (status >= 500) return unavailable(status, detail);
  return badRequest(status, apiErrorText(body));
}

/** Classifies the OAuth token endpoint's answer that was not 2xx: `{"error", "error_description"}`. */
export function classifyTokenFailure(status: number, body: string): GoogleError {
  let detail = `HTTP ${status}: ${body.slice(0, 300)}`;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    if (typeof parsed.error === "string") {
      detail = `HTTP ${status}: ${parsed.error}${typeof parsed.error_description === "string" ? ` (${parsed.error_description})` : ""}`;
    }
  } catch {
    // Keep the raw text as the detail.
  }
  if (status === 429) return quota(detail);
  if (status >= 500) return unavailable(status, detail);
  // invalid_grant, invalid_client, unauthorized_client: all mean the key is not accepted.
  return authRefused(status, detail);
}

/** A call that got no answer (timed out, or the network failed), as the error Liqaa reports. */
export function noAnswer(
  exchange: { reason: "timeout" | "network"; detail: string },
  timeoutMs: number,
  where = "",
): GoogleError {
  const detail = `${where}${exchange.detail}`;
  return exchange.reason === "timeout"
    ? timedOut(timeoutMs, detail)
    : unavailable(undefined, detail);
}
