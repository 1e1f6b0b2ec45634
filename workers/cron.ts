// The cron trigger: one sync per tick (the schedule is in wrangler.toml), then,
// after a light one, the hourly retention sweep. A Google failure is recorded
// as a failed run by runSync and retried at the next tick; a broken
// configuration throws, so the failure shows in the Workers logs.
import type { RawEnv } from "../src/env.ts";
import { sweepIfDue } from "../src/outbox/retention.ts";
import { runSync, type SyncSummary } from "../src/sync/run.ts";
import { requireEnv, syncDeps } from "./services.ts";

/** A run that left room in its invocation: it took the short cut, or stopped before planning. */
export function lightRun(summary: SyncSummary): boolean {
  return (
    summary.counts.unchanged === 1 || summary.outcome === "failed" || summary.outcome === "skipped"
  );
}

export function handleScheduled(
  _controller: ScheduledController,
  raw: RawEnv,
  ctx: ExecutionContext,
): Promise<SyncSummary> {
  const env = requireEnv(raw);
  const run = runSync(syncDeps(env));
  ctx.waitUntil(run);
  // After a light sync only (the unchanged short cut, or one that stopped early),
  // so the sweep's statements never add to a full sync's D1 budget (50 queries
  // per invocation on the Free plan); only history goes, and a sweep that fails
  // is logged and tried again later.
  ctx.waitUntil(
    run
      .then(
        (summary) =>
          lightRun(summary)
            ? sweepIfDue(env.DB, new Date(), { days: Number(env.RETENTION_DAYS) })
            : null,
        // A sync that threw is logged by the runtime; the sweep waits for a light one.
        () => null,
      )
      .catch((error: unknown) => console.error("retention sweep failed", error)),
  );
  return run;
}
