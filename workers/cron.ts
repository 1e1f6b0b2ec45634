// The cron trigger: one sync per tick (the schedule is in wrangler.toml). A
// Google failure is recorded as a failed run by runSync and retried at the next
// tick; a broken configuration throws, so the failure shows in the Workers logs.
import type { RawEnv } from "../src/env.ts";
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
  return run;
}
