// The cron of a local `npm start`: `wrangler dev` does not fire the scheduled
// handler by itself, so the launcher does, on the schedule wrangler.toml gives
// production (e.g. every 5 minutes, on the minute). A sheet nobody edits still
// converges as in production: delivery outcomes reach the Responses tab and
// reminders go out on time. `--tick <seconds>` replaces the schedule (tests).
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The first cron expression under [triggers] in wrangler.toml, or null. */
export async function productionCron(projectRoot: string): Promise<string | null> {
  const toml = await readFile(join(projectRoot, "wrangler.toml"), "utf8");
  return /^\s*crons\s*=\s*\[\s*"([^"]+)"/m.exec(toml)?.[1] ?? null;
}

/**
 * Minutes between ticks for the expressions Liqaa documents ("*\/N * * * *" and
 * "* * * * *"), or null for another expression (then the launcher says so and
 * uses every 5 minutes).
 */
export function minuteStep(cron: string): number | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(1).some((f) => f !== "*")) return null;
  if (fields[0] === "*") return 1;
  const step = /^\*\/(\d+)$/.exec(fields[0] ?? "")?.[1];
  const n = step === undefined ? Number.NaN : Number(step);
  return Number.isInteger(n) && n >= 1 && n <= 59 ? n : null;
}

/** When a minute-step schedule next fires after `now`: second 0 of the next minute divisible by the step. */
export function nextTick(now: Date, stepMinutes: number): Date {
  const next = new Date(now.getTime());
  next.setUTCSeconds(0, 0);
  next.setUTCMinutes(next.getUTCMinutes() + 1);
  while (next.getUTCMinutes() % stepMinutes !== 0) next.setUTCMinutes(next.getUTCMinutes() + 1);
  return next;
}

export interface CronTicks {
  stop(): void;
}

/** Calls `tick` on the schedule (or every `everyMs`), one at a time, until stopped. */
export function startTicks(
  schedule: { stepMinutes: number } | { everyMs: number },
  tick: () => Promise<unknown>,
): CronTicks {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const wait =
      "everyMs" in schedule
        ? schedule.everyMs
        : nextTick(new Date(), schedule.stepMinutes).getTime() - Date.now();
    timer = setTimeout(() => {
      void tick().finally(arm);
    }, wait);
  };
  arm();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
