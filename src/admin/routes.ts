// Admin routes, behind `Authorization: Bearer <ADMIN_TOKEN>`: run the sync now,
// list the last runs, resend an email whose delivery is unconfirmed or dead,
// preview a meeting's email. The one token check below covers every route.
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Env } from "../env.ts";
import type { AppEnv } from "../http/app-env.ts";
import { checkedEnv } from "../http/checked-env.ts";
import { jsonError } from "../http/errors.ts";
import { enqueueDue } from "../outbox/enqueue.ts";
import { resend } from "../outbox/recover.ts";
import { type PreviewRouteDeps, previewRoutes } from "../preview/routes.ts";
import { runSync, type SyncDeps } from "../sync/run.ts";
import { lastRuns } from "../sync/store.ts";

export interface AdminRouteDeps {
  /** Builds the sync's services from the checked env; the entry point owns how. */
  syncDeps: (env: Env) => SyncDeps;
  preview?: PreviewRouteDeps;
}

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** Compares in constant time; hashing first makes the lengths equal. */
async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

const adminToken = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1] || !(await tokenMatches(match[1].trim(), c.var.env.ADMIN_TOKEN))) {
    c.header("www-authenticate", 'Bearer realm="liqaa-admin"');
    return jsonError(c, 401, "unauthorized", "a valid admin token is needed");
  }
  await next();
});

export function adminRoutes(deps: AdminRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", checkedEnv, adminToken);

  app.post("/sync", async (c) => {
    const summary = await runSync(deps.syncDeps(c.var.env));
    return c.json(summary, summary.outcome === "failed" ? 503 : 200);
  });

  app.get("/runs", async (c) => {
    const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 10) || 10));
    return c.json({ runs: await lastRuns(c.var.env.DB, limit) });
  });

  app.post("/outbox/:key/resend", async (c) => {
    const env = c.var.env;
    const now = new Date();
    const row = await resend(env.DB, c.req.param("key"), now);
    if (!row) {
      return jsonError(c, 404, "not_resendable", "no unconfirmed or dead email has this key");
    }
    await enqueueDue(env.DB, env.MAIL_QUEUE, now);
    return c.json({ resent: row.idempotency_key, state: "pending" });
  });

  app.route("/", previewRoutes(deps.preview));
  return app;
}
