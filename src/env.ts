// The typed environment: what wrangler binds, and the zod schema that checks the
// vars and secrets before anything else runs. A missing or malformed value fails
// with a message that names it and says how to set it.
import * as z from "zod/mini";
import type { OutboxMessage } from "./outbox/row.ts";

/**
 * Bindings declared in wrangler.toml (types from `npm run types`); workerd checks
 * they exist. `wrangler types` cannot know a queue's message type, so MAIL_QUEUE is
 * typed here: every message on it is an OutboxMessage.
 */
export type Bindings = Pick<Cloudflare.Env, "DB" | "FEED"> & { MAIL_QUEUE: Queue<OutboxMessage> };

/** Everything the Worker may be given, as it arrives: strings that may be absent. */
export type RawEnv = Bindings & Record<string, unknown>;

const SECRET_HINT = (name: string) =>
  `set it with \`wrangler secret put ${name}\` (locally: a line ${name}=... in .dev.vars)`;
const VAR_HINT = (name: string) =>
  `set ${name} under [vars] in wrangler.toml (locally it may be overridden in .dev.vars)`;

const required = (name: string, hint: (n: string) => string) =>
  z
    .string({ error: `${name} is missing: ${hint(name)}` })
    .check(z.minLength(1, { error: `${name} is empty: ${hint(name)}` }));

const httpUrl = (name: string) =>
  z.url({
    protocol: /^https?$/,
    error: `${name} must be an http(s) URL: ${VAR_HINT(name)}`,
  });

/** A wait in milliseconds, 100 to 60,000; 10,000 when unset. */
const milliseconds = (name: string) =>
  z._default(
    z.string().check(
      z.regex(/^\d+$/, {
        error: `${name} must be a whole number of milliseconds: ${VAR_HINT(name)}`,
      }),
      // Not a number at all is the check above's problem, said once.
      z.refine(
        (value) => !/^\d+$/.test(value) || (Number(value) >= 100 && Number(value) <= 60_000),
        {
          error: `${name} must be between 100 and 60000 milliseconds: ${VAR_HINT(name)}`,
        },
      ),
    ),
    "10000",
  );

const flag = (name: string) =>
  z._default(z.enum(["true", "false"], { error: `${name} must be "true" or "false"` }), "false");

/** The vars and secrets Liqaa reads. Secrets are optional here only where a feature can run without them. */
export const EnvSchema = z.object({
  SHEET_ID: required("SHEET_ID", VAR_HINT),
  GOOGLE_TOKEN_URL: httpUrl("GOOGLE_TOKEN_URL"),
  SHEETS_API_URL: httpUrl("SHEETS_API_URL"),
  GOOGLE_SERVICE_ACCOUNT_KEY: required("GOOGLE_SERVICE_ACCOUNT_KEY", SECRET_HINT),
  SES_REGION: required("SES_REGION", VAR_HINT),
  SES_ENDPOINT: z.optional(z.union([z.literal(""), httpUrl("SES_ENDPOINT")])),
  SES_MAX_SEND_RATE: z._default(
    z.string().check(
      z.regex(/^\d+(\.\d+)?$/, {
        error: "SES_MAX_SEND_RATE must be a number of emails per second",
      }),
      z.refine((value) => Number(value) > 0, {
        error: "SES_MAX_SEND_RATE must be above 0 (SES's MaxSendRate, 1 in the sandbox)",
      }),
    ),
    "1",
  ),
  SES_ACCESS_KEY_ID: required("SES_ACCESS_KEY_ID", SECRET_HINT),
  SES_SECRET_ACCESS_KEY: required("SES_SECRET_ACCESS_KEY", SECRET_HINT),
  ADMIN_TOKEN: required("ADMIN_TOKEN", SECRET_HINT).check(
    z.minLength(16, {
      error: `ADMIN_TOKEN must be at least 16 characters: ${SECRET_HINT("ADMIN_TOKEN")}`,
    }),
  ),
  SIGNING_SECRET: required("SIGNING_SECRET", SECRET_HINT).check(
    z.minLength(32, {
      error: `SIGNING_SECRET must be at least 32 characters: ${SECRET_HINT("SIGNING_SECRET")}`,
    }),
  ),
  SNS_TOPIC_ARNS: z._default(
    z.string().check(
      z.regex(/^\s*(arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+\s*(,\s*|$))*$/, {
        error: `SNS_TOPIC_ARNS must be comma-separated SNS topic ARNs: ${VAR_HINT("SNS_TOPIC_ARNS")}`,
      }),
    ),
    "",
  ),
  PUBLIC_URL: z.optional(z.union([z.literal(""), httpUrl("PUBLIC_URL")])),
  // The ORGANIZER of every invitation, routed by Email Routing to the email()
  // trigger, so calendar Accept/Decline replies are read; in the sender's
  // domain (checked where Settings are known). Empty: invitations name the
  // sender, as before, and nothing reads the replies.
  REPLIES_ADDRESS: z.optional(
    z.union([
      z.literal(""),
      z.email({
        error: `REPLIES_ADDRESS must be one email address (e.g. replies@your-domain): ${VAR_HINT("REPLIES_ADDRESS")}`,
      }),
    ]),
  ),
  DRY_RUN: flag("DRY_RUN"),
  RETENTION_DAYS: z._default(
    z.string().check(
      z.regex(/^[1-9]\d*$/, {
        error: `RETENTION_DAYS must be a whole number of days: ${VAR_HINT("RETENTION_DAYS")}`,
      }),
    ),
    "180",
  ),
  // How long Liqaa waits for one answer from SES or from Google before it counts
  // the call as timed out (an SES send that timed out is unconfirmed, never
  // resent by itself; a Google call is retried with backoff).
  SES_TIMEOUT_MS: milliseconds("SES_TIMEOUT_MS"),
  GOOGLE_TIMEOUT_MS: milliseconds("GOOGLE_TIMEOUT_MS"),
});

/**
 * RSVP and unsubscribe links in emails point at the Worker's own URL; without it
 * they would point nowhere. A dry run sends nothing, so it may go without.
 */
const EnvRules = EnvSchema.check(
  z.refine((env) => env.DRY_RUN === "true" || (env.PUBLIC_URL ?? "") !== "", {
    error: `PUBLIC_URL is empty: emails' RSVP and unsubscribe links need the Worker's own https URL; ${VAR_HINT("PUBLIC_URL")}`,
    path: ["PUBLIC_URL"],
  }),
  // Mail providers ignore a List-Unsubscribe that is not https, and invitees'
  // answers would cross the network in clear: plain http is for this machine only.
  z.refine((env) => !env.PUBLIC_URL || httpsOrLoopback(env.PUBLIC_URL), {
    error: `PUBLIC_URL must be https (plain http only for 127.0.0.1 or localhost, as npm start uses); ${VAR_HINT("PUBLIC_URL")}`,
    path: ["PUBLIC_URL"],
  }),
);

/** True for an https URL, or an http one on this machine's loopback. */
function httpsOrLoopback(url: string): boolean {
  // A malformed URL is the URL check's problem, reported once there.
  if (!URL.canParse(url)) return true;
  const { protocol, hostname } = new URL(url);
  if (protocol === "https:") return true;
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export type Config = z.infer<typeof EnvSchema>;
export type Env = Bindings & Config;

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

/** Checks the raw env once per invocation; returns every problem, not just the first. */
export function parseEnv(raw: RawEnv): EnvResult {
  const parsed = z.safeParse(EnvRules, raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => issue.message) };
  }
  return {
    ok: true,
    env: { ...parsed.data, DB: raw.DB, FEED: raw.FEED, MAIL_QUEUE: raw.MAIL_QUEUE },
  };
}

/** The error an entry point throws when the env is unusable: loud, and naming what to fix. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Liqaa is not configured:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
