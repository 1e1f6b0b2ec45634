import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sameBytes } from "../../../src/google/bytes.ts";
import {
  backoffDelay,
  DEFAULT_POLICY,
  exchangeWithRetry,
  parseRetryAfter,
  type RetryPolicy,
} from "../../../src/google/retry.ts";

const NOW = Date.parse("2026-11-29T10:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7000);
  });

  it("reads an HTTP date as the time left until it", () => {
    expect(parseRetryAfter("Sun, 29 Nov 2026 10:00:30 GMT", NOW)).toBe(30_000);
  });

  it("reads a date already past as no wait", () => {
    expect(parseRetryAfter("Sun, 29 Nov 2026 09:00:00 GMT", NOW)).toBe(0);
  });

  it("ignores an absent or unreadable header", () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter("soon", NOW)).toBeNull();
  });
});

describe("backoffDelay", () => {
  const policy: RetryPolicy = { ...DEFAULT_POLICY, baseDelayMs: 500, maxDelayMs: 4000 };

  it("stays below base·2^attempt, and below the cap", () => {
    for (const attempt of [0, 1, 2, 3, 10]) {
      const ceiling = Math.min(4000, 500 * 2 ** attempt);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBeLessThan(ceiling);
      expect(backoffDelay(attempt, policy, () => 0)).toBe(0);
    }
  });

  it("spreads waits across the whole window (full jitter)", () => {
    expect(backoffDelay(2, policy, () => 0.5)).toBe(1000);
  });
});

// These drive the retry loop with answers built in memory: the loop's rules, not
// Google's protocol, are under test here (that is in sheets-client.test.ts).
describe("exchangeWithRetry", () => {
  const runtime = (waits: number[]) => ({
    now: () => NOW,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
  const answers = (...statuses: [number, Record<string, string>?][]) => {
    let calls = 0;
    const request = async () => {
      const [status, headers] = statuses[Math.min(calls++, statuses.length - 1)]!;
      return new Response("{}", { status, headers: headers ?? {} });
    };
    return { request, calls: () => calls };
  };

  it("does not retry a 403", async () => {
    const script = answers([403], [200]);
    const result = await exchangeWithRetry(script.request, DEFAULT_POLICY, runtime([]));
    expect(result.ok && result.answer.status).toBe(403);
    expect(script.calls()).toBe(1);
  });

  it("stops after maxAttempts of 503", async () => {
    const waits: number[] = [];
    const script = answers([503]);
    const result = await exchangeWithRetry(
      script.request,
      { ...DEFAULT_POLICY, maxAttempts: 3 },
      runtime(waits),
    );
    expect(result).toMatchObject({ ok: true, attempts: 3, answer: { status: 503 } });
    expect(script.calls()).toBe(3);
    expect(waits).toEqual([250, 500]);
  });

  it("waits as long as Retry-After asks when that is longer than the backoff", async () => {
    const waits: number[] = [];
    const script = answers([429, { "retry-after": "3" }], [200]);
    await exchangeWithRetry(script.request, DEFAULT_POLICY, runtime(waits));
    expect(waits).toEqual([3000]);
  });

  it("gives up at once when Retry-After is longer than the cap", async () => {
    const script = answers([429, { "retry-after": "3600" }], [200]);
    const result = await exchangeWithRetry(script.request, DEFAULT_POLICY, runtime([]));
    expect(result.ok && result.answer.status).toBe(429);
    expect(script.calls()).toBe(1);
  });

  it("abandons an attempt that outlives its timeout", async () => {
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    const result = await exchangeWithRetry(
      hang,
      { ...DEFAULT_POLICY, maxAttempts: 2, timeoutMs: 20 },
      runtime([]),
    );
    expect(result).toMatchObject({ ok: false, reason: "timeout", attempts: 2 });
  });
});

describe("sameBytes", () => {
  // Views at any offset into a shared buffer, so aligned and unaligned words are both compared.
  const view = (bytes: Uint8Array, offset: number) => {
    const buffer = new Uint8Array(bytes.length + offset);
    buffer.set(bytes, offset);
    return buffer.subarray(offset);
  };
  const bytewise = (a: Uint8Array, b: Uint8Array) =>
    a.length === b.length && a.every((x, i) => x === b[i]);

  it("agrees with a byte-by-byte comparison, at every alignment", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.nat({ max: 7 }),
        fc.nat({ max: 7 }),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { nil: undefined }),
        (bytes, offsetA, offsetB, flip) => {
          const a = view(bytes, offsetA);
          const b = view(bytes, offsetB);
          if (flip !== undefined && b.length > 0) {
            const at = flip[0] % b.length;
            b[at] = ((b[at] ?? 0) + flip[1]) % 256;
          }
          expect(sameBytes(a, b)).toBe(bytewise(a, b));
        },
      ),
    );
  });

  it("tells answers of different lengths apart, and finds a change in the last byte", () => {
    const a = new TextEncoder().encode('{"values":[["ok"]]}');
    expect(sameBytes(a, a.subarray(0, a.length - 1))).toBe(false);
    const b = a.slice();
    b[b.length - 1] = 0x20;
    expect(sameBytes(a, b)).toBe(false);
    expect(sameBytes(a, a.slice())).toBe(true);
  });
});
