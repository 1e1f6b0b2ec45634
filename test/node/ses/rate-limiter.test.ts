import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SesFake, startSesFake } from "../../../scripts/ses-fake/server.ts";
import { createSender } from "../../../src/ses/index.ts";
import { createRateLimiter, rateLimited } from "../../../src/ses/rate-limiter.ts";
import type { MailSender, SendResult } from "../../../src/ses/types.ts";
import { bilingualMail, CREDENTIALS } from "./helpers.ts";

/** A clock that only moves when the code under test sleeps, recording each wait. */
function manualTime(start = 1_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    waits,
    elapsed: () => now - start,
  };
}

/** A sender that answers from a list, for pacing tests that need no network. */
function answering(results: SendResult[]): MailSender {
  return {
    async send() {
      return results.shift() ?? { kind: "sent", messageId: "id" };
    },
  };
}

describe("the rate limiter", () => {
  it("spaces N sends at rate R over (N-1)/R seconds", async () => {
    const time = manualTime();
    const limiter = createRateLimiter({ ratePerSecond: 4, now: time.now, sleep: time.sleep });
    for (let i = 0; i < 5; i++) await limiter.take();
    expect(time.waits).toEqual([250, 250, 250, 250]);
    expect(time.elapsed()).toBe(1000);
  });

  it("does not wait when the previous send was long enough ago", async () => {
    const time = manualTime();
    const limiter = createRateLimiter({ ratePerSecond: 1, now: time.now, sleep: time.sleep });
    await limiter.take();
    time.advance(1500);
    await limiter.take();
    expect(time.waits).toEqual([]);
  });

  it("gives callers that arrive together distinct slots", async () => {
    const time = manualTime();
    const slept: number[] = [];
    const limiter = createRateLimiter({
      ratePerSecond: 2,
      now: time.now,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    expect(slept).toEqual([500, 1000]);
  });

  it("keeps the rate across batches that share their pacing", async () => {
    const time = manualTime();
    const pacing = { nextAt: Number.NEGATIVE_INFINITY };
    const batch = () =>
      createRateLimiter({ ratePerSecond: 4, now: time.now, sleep: time.sleep, pacing });
    const first = batch();
    for (let i = 0; i < 3; i++) await first.take();
    // A new batch's limiter: its first send still waits its turn after the last one.
    const second = batch();
    for (let i = 0; i < 2; i++) await second.take();
    expect(time.waits).toEqual([250, 250, 250, 250]);
  });

  it("lets a fresh limiter send at once when it does not share pacing", async () => {
    const time = manualTime();
    const first = createRateLimiter({ ratePerSecond: 4, now: time.now, sleep: time.sleep });
    await first.take();
    await first.take();
    const second = createRateLimiter({ ratePerSecond: 4, now: time.now, sleep: time.sleep });
    await second.take();
    expect(time.waits).toEqual([250]);
  });

  it("refuses a rate of zero", () => {
    const time = manualTime();
    expect(() => createRateLimiter({ ratePerSecond: 0, ...time })).toThrow(RangeError);
  });
});

describe("a rate-limited sender", () => {
  it("waits SES's Retry-After hint before the next send after a throttle", async () => {
    const time = manualTime();
    const sender = rateLimited(
      answering([
        { kind: "throttled", code: "TooManyRequestsException", reason: "", retryAfterMs: 7000 },
      ]),
      createRateLimiter({ ratePerSecond: 10, now: time.now, sleep: time.sleep }),
    );
    await sender.send(bilingualMail());
    await sender.send(bilingualMail());
    expect(time.waits).toEqual([7000]);
  });

  it("backs off longer after each throttle in a row", async () => {
    const time = manualTime();
    const throttled: SendResult = {
      kind: "throttled",
      code: "TooManyRequestsException",
      reason: "",
    };
    const sender = rateLimited(
      answering([throttled, throttled, throttled]),
      createRateLimiter({ ratePerSecond: 10, now: time.now, sleep: time.sleep }),
    );
    for (let i = 0; i < 4; i++) await sender.send(bilingualMail());
    expect(time.waits).toEqual([1000, 2000, 4000]);
  });

  it("returns the throttled result to the caller instead of resending it", async () => {
    const time = manualTime();
    const inner = answering([{ kind: "throttled", code: "TooManyRequestsException", reason: "" }]);
    const sender = rateLimited(
      inner,
      createRateLimiter({ ratePerSecond: 10, now: time.now, sleep: time.sleep }),
    );
    expect((await sender.send(bilingualMail())).kind).toBe("throttled");
  });
});

describe("pacing against the SES fake's max rate", () => {
  const RATE = 5;
  const SENDS = 2 * RATE;
  let fake: SesFake;
  beforeAll(async () => {
    fake = await startSesFake({ maxRate: RATE });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clear());

  const senderAt = (maxSendRate: number) =>
    createSender({
      region: "eu-central-1",
      ...CREDENTIALS,
      endpoint: fake.url,
      maxSendRate,
      timeoutMs: 2000,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });

  async function sendAll(sender: MailSender): Promise<string[]> {
    const kinds: string[] = [];
    for (let i = 0; i < SENDS; i++) kinds.push((await sender.send(bilingualMail(String(i)))).kind);
    return kinds;
  }

  it("is throttled by the fake when a sender outruns the rate", async () => {
    const kinds = await sendAll(senderAt(1000));
    expect(kinds).toContain("throttled");
  });

  it("gets every message accepted when paced at the configured rate", async () => {
    const kinds = await sendAll(senderAt(RATE));
    expect(kinds).toEqual(Array(SENDS).fill("sent"));
    expect(fake.messages()).toHaveLength(SENDS);
  });
});
