// Keeps sends at or under SES's MaxSendRate, and backs off when SES throttles
// anyway. It holds one "next allowed send time" for the senders built from it,
// so it spaces sends within ONE invocation (the queue consumer handles one
// batch at a time). It does not coordinate two consumer invocations running at
// once: each would send at the full rate. Setting `max_concurrency = 1` on the
// mail queue's consumer in wrangler.toml bounds that to one invocation at a
// time, so the account-wide rate holds; SES's own 429 remains the backstop.
import type { Clock, MailSender, OutgoingMail, SendResult, Sleep } from "./types.ts";

export interface RateLimiter {
  /** Waits until the next send is allowed, then claims that slot. */
  take(): Promise<void>;
  /** Pushes the next allowed send at least `ms` into the future (after a throttle). */
  backOff(ms: number): void;
}

/**
 * Where a limiter keeps its next allowed send time. Pass the same object to the
 * limiters of successive batches (src/ses/index.ts keeps one per isolate), so
 * a new batch's first send waits out the interval after the last batch's last.
 */
export interface Pacing {
  nextAt: number;
}

export function createRateLimiter(options: {
  /** Sends per second, > 0 (SES MaxSendRate; the sandbox allows 1). */
  ratePerSecond: number;
  now: Clock;
  sleep: Sleep;
  pacing?: Pacing;
}): RateLimiter {
  if (!(options.ratePerSecond > 0)) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
  }
  const intervalMs = 1000 / options.ratePerSecond;
  const pacing = options.pacing ?? { nextAt: Number.NEGATIVE_INFINITY };
  return {
    async take() {
      const now = options.now();
      const slot = Math.max(now, pacing.nextAt);
      // Claim before sleeping, so two callers awaiting at once get distinct slots.
      pacing.nextAt = slot + intervalMs;
      if (slot > now) await options.sleep(slot - now);
    },
    backOff(ms: number) {
      pacing.nextAt = Math.max(pacing.nextAt, options.now() + ms);
    },
  };
}

/** First wait after a throttle without a hint; doubles on each throttle in a row. */
const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Wraps a sender so each send waits its turn, and a throttled answer slows the
 * following sends in this invocation. The throttled message itself is returned
 * as throttled: resending it is the outbox's decision, never hidden here.
 */
export function rateLimited(inner: MailSender, limiter: RateLimiter): MailSender {
  let throttlesInARow = 0;
  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      await limiter.take();
      const result = await inner.send(mail);
      if (result.kind === "throttled") {
        const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** throttlesInARow);
        throttlesInARow++;
        limiter.backOff(Math.max(result.retryAfterMs ?? 0, backoff));
      } else if (result.kind === "sent") {
        throttlesInARow = 0;
      }
      return result;
    },
  };
}
