// The HTTP trigger: assembles the app from the routers in src/ (public feed,
// RSVP and unsubscribe pages, SES events through SNS, /healthz, and the admin
// routes behind ADMIN_TOKEN) and hands each request to it. The env is checked
// per request by src/http's middleware, on the routes that need it.
import type { Hono } from "hono";
import { adminRoutes } from "../src/admin/routes.ts";
import type { RawEnv } from "../src/env.ts";
import { feedRoutes } from "../src/feed/routes.ts";
import { createApp, healthRoutes } from "../src/http/app.ts";
import type { AppEnv } from "../src/http/app-env.ts";
import type { PreviewRouteDeps } from "../src/preview/routes.ts";
import { rsvpRoutes } from "../src/rsvp/routes.ts";
import { snsRoutes } from "../src/sns/routes.ts";
import { unsubscribeRoutes } from "../src/unsubscribe/routes.ts";
import { syncDeps } from "./services.ts";

/** The Worker's app; tests may give the admin preview a clock. */
export function buildApp(deps: { preview?: PreviewRouteDeps } = {}): Hono<AppEnv> {
  const app = createApp();
  app.route("/", healthRoutes());
  app.route("/admin", adminRoutes({ syncDeps, ...deps }));
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
