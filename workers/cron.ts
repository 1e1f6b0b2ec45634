// The cron trigger: one sync per tick (the schedule is in wrangler.toml), then
// the retention sweep. A Google failure is recorded as a failed run by runSync
// and retried at the next tick; a broken configuration throws, so the failure
// shows in the Workers logs.
import type { RawEnv } from "../src/env.ts";
import { sweepRetention } from "../src/outbox/retention.ts";
import { runSync, type SyncSummary } from "../src/sync/run.ts";
import { requireEnv, syncDeps } from "./services.ts";

export function handleScheduled(
  _controller: ScheduledController,
  raw: RawEnv,
  ctx: ExecutionContext,
): Promise<SyncSummary> {
  const env = requireEnv(raw);
  const run = runSync(syncDeps(env));
  ctx.waitUntil(run);
  // After the sync, whatever its end: only history goes, and a sweep that fails
  // is logged and tried again at the next tick.
  ctx.waitUntil(
    run
      .catch(() => undefined)
      .then(() => sweepRetention(env.DB, new Date(), { days: Number(env.RETENTION_DAYS) }))
      .catch((error: unknown) => console.error("retention sweep failed", error)),
  );
  return run;
}
