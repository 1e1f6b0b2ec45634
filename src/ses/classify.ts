// Turns SES v2's HTTP answer to SendEmail into a SendResult. SES v2 speaks
// restJson1: success is 200 `{"MessageId": "..."}`; an error carries its type in
// the `x-amzn-ErrorType` header (`MessageRejected:http://internal.amazon.com/...`)
// and/or the body's `__type`/`code`, and a `message`. Pure, so every error type
// is tested without a network.
import type { SendResult } from "./types.ts";

/** Error types that mean "slow down and try later": the message itself is fine. */
const THROTTLE_TYPES = new Set([
  "TooManyRequestsException",
  // SES v2 answers a used-up daily quota with this; the quota refills, so retry later.
  "LimitExceededException",
  "ThrottlingException",
  "Throttling",
]);

/**
 * Error types where sending the same message again cannot succeed until a person
 * changes something (the message, the address, the account, the config).
 */
const PERMANENT_TYPES = new Set([
  "MessageRejected",
  "AccountSuspendedException",
  "SendingPausedException",
  "MailFromDomainNotVerifiedException",
  "NotFoundException",
  "BadRequestException",
  "InvalidSignatureException",
  "UnrecognizedClientException",
  "AccessDeniedException",
  "MissingAuthenticationTokenException",
]);

/** The bare error type: drops a `:namespace` suffix and a `namespace#` prefix, as the AWS SDKs do. */
export function errorType(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let type = raw.split(":")[0]!.trim();
  const hash = type.lastIndexOf("#");
  if (hash >= 0) type = type.slice(hash + 1);
  return type.length > 0 ? type : null;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function stringField(body: Record<string, unknown> | null, ...names: string[]): string | null {
  for (const name of names) {
    const value = body?.[name];
    if (typeof value === "string" && value.length > 0) return value;
  }
  return null;
}

/** Retry-After in seconds or as an HTTP date; SES rarely sends it, so absence is normal. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies a complete HTTP answer (status, headers, body text) from SendEmail. */
export function classifyResponse(
  status: number,
  headers: Headers,
  bodyText: string,
  now: number,
): SendResult {
  const body = parseJson(bodyText);
  if (status >= 200 && status < 300) {
    const messageId = stringField(body, "MessageId");
    if (messageId) return { kind: "sent", messageId };
    // A 2xx means SES took it; without an id we cannot match bounces to it, and must not resend.
    return {
      kind: "unknown",
      reason: `SES answered HTTP ${status} without a MessageId: ${bodyText.slice(0, 200)}`,
    };
  }
  const code =
    errorType(headers.get("x-amzn-ErrorType")) ??
    errorType(stringField(body, "__type", "code", "Code")) ??
    `HTTP${status}`;
  const message = stringField(body, "message", "Message") ?? bodyText.slice(0, 200);
  const reason = message ? `${code}: ${message}` : code;

  if (status === 429 || THROTTLE_TYPES.has(code)) {
    const hint = retryAfterMs(headers.get("Retry-After"), now);
    return hint === undefined
      ? { kind: "throttled", code, reason }
      : { kind: "throttled", code, reason, retryAfterMs: hint };
  }
  if (status >= 500) {
    // SES naming its own error (InternalFailure, ServiceUnavailable) says it did
    // not take the message: retry. A 5xx with no SES error type came from
    // something in between (a gateway's 502/504), which may have passed the
    // request on before giving up: SES may have accepted it, so never resend.
    return code.startsWith("HTTP")
      ? { kind: "unknown", reason: `HTTP ${status} with no SES error type: ${reason}` }
      : { kind: "transient", code, reason };
  }
  if (PERMANENT_TYPES.has(code) || (status >= 400 && status < 500)) {
    return { kind: "rejected", code, reason };
  }
  // 1xx/3xx should never reach here (fetch follows redirects); treat as a failure worth retrying.
  return { kind: "transient", code, reason };
}

/**
 * Classifies a fetch that threw. Only failures that prove nothing was written
 * (refused, no DNS, unreachable) are safe to retry; a timeout or a dropped
 * connection after the request went out may hide an accepted message.
 * Node's fetch names the socket error (cause.code). workerd does not: a refused
 * connection and one lost mid-answer both throw "Network connection lost."
 * (measured, workerd 1.20261102), so inside the Worker every thrown fetch is
 * "unknown" — a person checks it rather than risking a double send.
 */
export function classifyFetchError(error: unknown, timedOut: boolean): SendResult {
  const text = describeError(error);
  if (timedOut) return { kind: "unknown", reason: `no answer before the timeout (${text})` };
  const causeCode = errorCode(error);
  if (causeCode !== null && NOT_SENT_CODES.has(causeCode)) {
    return { kind: "transient", code: causeCode, reason: `request not delivered: ${text}` };
  }
  return { kind: "unknown", reason: `connection failed, SES may have accepted it: ${text}` };
}

/** Node/undici socket errors raised before a byte of the request could reach the server. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e !== "object") break;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.name}: ${error.message}${cause}`;
}
