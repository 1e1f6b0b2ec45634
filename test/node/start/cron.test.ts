// The local cron fires on the schedule production uses: wrangler.toml's
// expression, on the minute.
import { describe, expect, it } from "vitest";
import { minuteStep, nextTick, productionCron } from "../../../scripts/start/cron.ts";
import { PROJECT_ROOT } from "../../../scripts/start/worker.ts";

describe("the local cron", () => {
  it("reads the schedule from wrangler.toml", async () => {
    expect(await productionCron(PROJECT_ROOT)).toBe("*/5 * * * *");
  });

  it.each([
    ["*/5 * * * *", 5],
    ["*/15 * * * *", 15],
    ["* * * * *", 1],
    ["0 * * * *", null],
    ["*/5 9-17 * * *", null],
    ["*/0 * * * *", null],
  ])("takes %j as every %s minutes", (cron, step) => {
    expect(minuteStep(cron)).toBe(step);
  });

  it("fires at second 0 of the next minute the step divides", () => {
    expect(nextTick(new Date("2026-12-01T10:02:31Z"), 5).toISOString()).toBe(
      "2026-12-01T10:05:00.000Z",
    );
    expect(nextTick(new Date("2026-12-01T10:05:00Z"), 5).toISOString()).toBe(
      "2026-12-01T10:10:00.000Z",
    );
    expect(nextTick(new Date("2026-12-01T23:58:10Z"), 5).toISOString()).toBe(
      "2026-12-02T00:00:00.000Z",
    );
  });
});
