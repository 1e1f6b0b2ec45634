// Builds the mail sender for one invocation from configuration: SES v2 paced at
// SES_MAX_SEND_RATE, or the dry-run sender when DRY_RUN=true. The queue
// consumer calls senderFromEnv once per batch and sends through it.
import { createDryRunSender } from "./dry-run.ts";
import { createRateLimiter, type Pacing, rateLimited } from "./rate-limiter.ts";
import { createSesSender } from "./ses-sender.ts";
import type { Clock, MailSender, Sleep } from "./types.ts";

export { classifyFetchError, classifyResponse } from "./classify.ts";
export { createDryRunSender, type DryRunSender } from "./dry-run.ts";
export { createRateLimiter, type Pacing, type RateLimiter, rateLimited } from "./rate-limiter.ts";
export { createSesSender, defaultEndpoint, type SesSenderConfig } from "./ses-sender.ts";
export type { Clock, MailSender, OutgoingMail, SendResult, Sleep } from "./types.ts";

/** Long enough for a 10 MB message over a slow link, short enough to finish inside a queue invocation. */
export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

export interface SenderConfig {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  endpoint?: string;
  configurationSetName?: string;
  /** Sends per second (SES MaxSendRate). */
  maxSendRate: number;
  timeoutMs: number;
  fetch?: typeof fetch;
  now: Clock;
  sleep: Sleep;
  /** Shared pacing memory, so successive batches keep the rate across their boundary. */
  pacing?: Pacing;
}

/**
 * The pacing memory of this isolate's mail consumer: a plain number, no I/O
 * object, so workerd allows it at module scope. The consumer builds a sender
 * per batch; sharing this keeps the rate across batch boundaries, where a fresh
 * limiter would let a batch's first send go at once. With max_concurrency = 1
 * one consumer runs at a time, so one isolate's memory covers the account.
 */
export const isolatePacing: Pacing = { nextAt: Number.NEGATIVE_INFINITY };

/** The real sender, paced: every send waits for its slot, throttles slow the rest. */
export function createSender(config: SenderConfig): MailSender {
  const limiter = createRateLimiter({
    ratePerSecond: config.maxSendRate,
    now: config.now,
    sleep: config.sleep,
    ...(config.pacing ? { pacing: config.pacing } : {}),
  });
  return rateLimited(createSesSender(config), limiter);
}

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The part of the checked env (src/env.ts Config) the sender reads. Spelled out
 * rather than imported so Node-side code can build a sender without the
 * Workers binding types that Config drags in.
 */
export interface SesEnv {
  SES_REGION: string;
  SES_ENDPOINT?: string | undefined;
  SES_MAX_SEND_RATE: string;
  SES_ACCESS_KEY_ID: string;
  SES_SECRET_ACCESS_KEY: string;
  DRY_RUN: "true" | "false";
}

/** From the checked env: SES_* settings and secrets, DRY_RUN. */
export function senderFromEnv(
  env: SesEnv,
  deps: {
    now: Clock;
    sleep?: Sleep;
    fetch?: typeof fetch;
    timeoutMs?: number;
    pacing?: Pacing;
  } = {
    now: Date.now,
  },
): MailSender {
  if (env.DRY_RUN === "true") return createDryRunSender();
  return createSender({
    region: env.SES_REGION,
    accessKeyId: env.SES_ACCESS_KEY_ID,
    secretAccessKey: env.SES_SECRET_ACCESS_KEY,
    ...(env.SES_ENDPOINT ? { endpoint: env.SES_ENDPOINT } : {}),
    maxSendRate: Number(env.SES_MAX_SEND_RATE),
    timeoutMs: deps.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    now: deps.now,
    sleep: deps.sleep ?? realSleep,
    ...(deps.pacing ? { pacing: deps.pacing } : {}),
  });
}
