// The HTTP trigger: the public feed routes (served from KV, never from Google),
// RSVP and unsubscribe pages, SES events through SNS, /healthz, and the admin
// routes (sync, runs, resend, preview) behind ADMIN_TOKEN.
import { Hono } from "hono";
import { parseEnv, type RawEnv } from "../src/env.ts";
import { feedRoutes } from "../src/feed/routes.ts";
import { rsvpRoutes } from "../src/rsvp/routes.ts";
import { snsRoutes } from "../src/sns/routes.ts";
import { unsubscribeRoutes } from "../src/unsubscribe/routes.ts";
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
  app.route("/", rsvpRoutes());
  app.route("/", unsubscribeRoutes());
  app.route("/", snsRoutes());
  app.route("/", feedRoutes());
  return app;
}

// Built once per isolate: the app holds routes, no I/O objects (handlers read
// c.env per request), and building it plus compiling its router cost ~1 ms —
// more than serving a cached feed response.
const app = buildApp();

export function handleFetch(request: Request, env: RawEnv, ctx: ExecutionContext) {
  return app.fetch(request, env, ctx);
}
