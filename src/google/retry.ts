// One HTTP exchange with Google, tried a bounded number of times: a timeout on
// each attempt, full-jitter backoff between attempts, Retry-After honoured up to
// a cap. Only answers that may change on their own are retried (429, 5xx, no
// answer); a 400/401/403/404 is handed back at once for the caller to classify.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Each attempt, headers and body together, is abandoned after this long. */
  timeoutMs: number;
  /** The first backoff's ceiling; it doubles each attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the attempt is given up and the next sync tries. */
  maxRetryAfterMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = {
  maxAttempts: 3,
  timeoutMs: 10_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
};

export interface RetryRuntime {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1), like Math.random; passed in so tests can pin the jitter. */
  random: () => number;
}

/** A whole answer: status, headers and body, read within the attempt's timeout. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body decoded as response.text() decodes it (UTF-8, a leading BOM dropped), on first use. */
  readonly body: string;
  /** The body's bytes as they came, before decoding (the sheet digest hashes these). */
  bytes: Uint8Array;
}

const utf8 = new TextDecoder();

/**
 * An answer whose text is decoded only when asked for: the sheet's read is
 * ~600 KB, decoding it costs a few ms in workerd, and an answer byte for byte
 * the same as the last is not decoded at all (sheets-client.ts).
 */
function answerOf(status: number, headers: Headers, bytes: Uint8Array): Answer {
  let body: string | undefined;
  return {
    status,
    headers,
    bytes,
    get body() {
      body ??= utf8.decode(bytes);
      return body;
    },
  };
}

export type Exchange =
  | { ok: true; answer: Answer; attempts: number }
  | { ok: false; reason: "timeout" | "network"; detail: string; attempts: number };

/** Full jitter: a uniform wait in [0, min(max, base·2^attempt)), attempt counted from 0. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

/**
 * Sends `request` up to policy.maxAttempts times. `request` builds a fresh
 * request each time (a body cannot be sent twice) and must pass the signal on.
 */
export async function exchangeWithRetry(
  request: (signal: AbortSignal) => Promise<Response>,
  policy: RetryPolicy,
  runtime: RetryRuntime,
): Promise<Exchange> {
  let last: Exchange = { ok: false, reason: "network", detail: "not attempted", attempts: 0 };
  for (let attempt = 0; attempt < policy.maxAttempts; attempt++) {
    last = await attemptOnce(request, policy.timeoutMs, attempt + 1);
    const status = last.ok ? last.answer.status : null;
    if (status !== null && !isRetryableStatus(status)) return last;
    if (attempt + 1 >= policy.maxAttempts) break;

    let wait = backoffDelay(attempt, policy, runtime.random);
    if (last.ok) {
      const asked = parseRetryAfter(last.answer.headers.get("retry-after"), runtime.now());
      if (asked !== null) {
        // Asking again sooner than Google said would only spend quota.
        if (asked > policy.maxRetryAfterMs) return last;
        wait = Math.max(wait, asked);
      }
    }
    await runtime.sleep(wait);
  }
  return last;
}

async function attemptOnce(
  request: (signal: AbortSignal) => Promise<Response>,
  timeoutMs: number,
  attempts: number,
): Promise<Exchange> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException("timed out", "TimeoutError")),
    timeoutMs,
  );
  try {
    const response = await request(controller.signal);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { ok: true, answer: answerOf(response.status, response.headers, bytes), attempts };
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (controller.signal.aborted) {
      return { ok: false, reason: "timeout", detail: `no answer within ${timeoutMs} ms`, attempts };
    }
    return { ok: false, reason: "network", detail, attempts };
  } finally {
    clearTimeout(timer);
  }
}
