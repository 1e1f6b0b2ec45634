// Admin routes, behind `Authorization: Bearer <ADMIN_TOKEN>`: run the sync now,
// list the last runs, resend an email whose delivery is unconfirmed or dead,
// preview a meeting's email. The one token check below covers every route.
import { Hono } from "hono";
import type { Env, RawEnv } from "../src/env.ts";
import { enqueueDue } from "../src/outbox/enqueue.ts";
import { resend } from "../src/outbox/recover.ts";
import type { MailQueue } from "../src/outbox/row.ts";
import { type PreviewRouteDeps, previewRoutes } from "../src/preview/routes.ts";
import { runSync } from "../src/sync/run.ts";
import { lastRuns } from "../src/sync/store.ts";
import { requireEnv, syncDeps } from "./services.ts";

type AdminEnv = { Bindings: RawEnv; Variables: { env: Env } };

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** Compares in constant time; hashing first makes the lengths equal. */
async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export function adminRoutes(deps: { preview?: PreviewRouteDeps } = {}): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use("*", async (c, next) => {
    const env = requireEnv(c.env);
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !(await tokenMatches(match[1].trim(), env.ADMIN_TOKEN))) {
      return c.json(
        { error: { code: "unauthorized", message: "a valid admin token is needed" } },
        401,
        {
          "www-authenticate": 'Bearer realm="liqaa-admin"',
        },
      );
    }
    c.set("env", env);
    await next();
  });

  app.post("/sync", async (c) => {
    const summary = await runSync(syncDeps(c.get("env")));
    return c.json(summary, summary.outcome === "failed" ? 503 : 200);
  });

  app.get("/runs", async (c) => {
    const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 10) || 10));
    return c.json({ runs: await lastRuns(c.get("env").DB, limit) });
  });

  app.post("/outbox/:key/resend", async (c) => {
    const env = c.get("env");
    const now = new Date();
    const row = await resend(env.DB, c.req.param("key"), now);
    if (!row) {
      return c.json(
        { error: { code: "not_resendable", message: "no unconfirmed or dead email has this key" } },
        404,
      );
    }
    // The binding is typed with an unknown body; messages are OutboxMessage.
    await enqueueDue(env.DB, env.MAIL_QUEUE as unknown as MailQueue, now);
    return c.json({ resent: row.idempotency_key, state: "pending" });
  });

  app.route("/", previewRoutes(deps.preview));
  return app;
}
