// The HTTP trigger: routes public and admin requests. Public routes serve from
// KV; admin routes need ADMIN_TOKEN.
import { Hono } from "hono";
import { parseEnv, type RawEnv } from "../src/env.ts";

export type AppEnv = { Bindings: RawEnv };

export function buildApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/healthz", (c) => {
    const parsed = parseEnv(c.env);
    if (!parsed.ok) {
      return c.json({ ok: false, problems: parsed.problems }, 500);
    }
    return c.json({ ok: true });
  });
  return app;
}

export function handleFetch(request: Request, env: RawEnv, ctx: ExecutionContext) {
  return buildApp().fetch(request, env, ctx);
}
