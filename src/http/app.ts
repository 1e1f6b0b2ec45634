// The HTTP app's frame: a Hono app with the one onError, and the health check.
// workers/http.ts mounts every router on it; tests build theirs the same way.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { checkedEnv } from "./checked-env.ts";
import { renderError } from "./errors.ts";

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(renderError);
  return app;
}

/** GET /healthz: 200 `{ ok: true }` when the env checks, else 500 not_configured. */
export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/healthz", checkedEnv, (c) => c.json({ ok: true }));
  return app;
}
