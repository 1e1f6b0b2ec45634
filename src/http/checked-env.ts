// The middleware that checks the env once per request, for the routes that read
// vars or secrets (admin, RSVP, unsubscribe, SNS, the health check). The public
// feed routes do without it: they read only FEED and PUBLIC_URL, so they serve
// while secrets are unset.
import { createMiddleware } from "hono/factory";
import { ConfigError, parseEnv } from "../env.ts";
import type { AppEnv } from "./app-env.ts";
import { HttpError } from "./errors.ts";

/** The error an unusable env answers with: what to set, as the other entry points say it. */
export function notConfigured(problems: string[]): HttpError {
  return new HttpError(500, "not_configured", new ConfigError(problems).message, { problems });
}

/** Sets c.var.env, or answers 500 not_configured naming every problem. */
export const checkedEnv = createMiddleware<AppEnv>(async (c, next) => {
  // Routers nested in one that already checked do not parse again.
  if (c.get("env") === undefined) {
    const parsed = parseEnv(c.env);
    if (!parsed.ok) throw notConfigured(parsed.problems);
    c.set("env", parsed.env);
  }
  await next();
});
