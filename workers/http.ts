// The HTTP trigger: the public feed routes (served from KV, never from Google),
// /healthz, and the admin routes behind ADMIN_TOKEN.
import { Hono } from "hono";
import { parseEnv, type RawEnv } from "../src/env.ts";
import { feedRoutes } from "../src/feed/routes.ts";
import { adminRoutes } from "./admin.ts";

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
  app.route("/admin", adminRoutes());
  app.route("/", feedRoutes());
  return app;
}

export function handleFetch(request: Request, env: RawEnv, ctx: ExecutionContext) {
  return buildApp().fetch(request, env, ctx);
}
