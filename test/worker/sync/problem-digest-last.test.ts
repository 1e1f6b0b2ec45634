// The problem digest runs its caller's `last` reads (run.ts: the mail due for
// the Queue) in its own batches: they must see the digest row it inserted, or
// the digest would wait a whole tick for the Queue.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { Problem } from "../../../src/sheet/types.ts";
import { queueProblemDigest } from "../../../src/sync/problem-digest.ts";
import { settings } from "./fixtures.ts";

const db = env.DB;
const now = new Date("2026-12-01T09:00:00Z");
const deps = {
  db,
  sheetId: "sheet-1",
  signingSecret: "s".repeat(32),
  publicUrl: "https://liqaa.example",
  sheetUrl: null,
  runId: "run-1",
  now,
};
const problem: Problem = {
  tab: "Meetings",
  row: 3,
  column: "Date",
  value: "31/02",
  code: "date.invalid",
  severity: "error",
  message: { ar: "تاريخ غير صالح", en: "Not a date" },
};
const digestRows = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'digest'");

beforeEach(async () => {
  await db.batch([db.prepare("DELETE FROM outbox"), db.prepare("DELETE FROM sync_meta")]);
});

describe("the problem digest's last reads", () => {
  it("see the digest it queued", async () => {
    const result = await queueProblemDigest(deps, {
      settings: settings({ staff_emails: ["staff@network.example"] }),
      problems: [problem],
      last: [digestRows],
    });
    expect(result.queued).toBe(1);
    expect(result.last[0]?.results).toEqual([{ n: 1 }]);
  });

  it("run once when the digest writes nothing, and when nobody takes it", async () => {
    const staff = settings({ staff_emails: ["staff@network.example"] });
    await queueProblemDigest(deps, { settings: staff, problems: [problem] });
    // The same set again inside the interval: nothing to write.
    const again = await queueProblemDigest(deps, {
      settings: staff,
      problems: [problem],
      last: [digestRows],
    });
    expect(again).toMatchObject({ queued: 0, skipped: "waiting", last: [{ results: [{ n: 1 }] }] });
    const nobody = await queueProblemDigest(deps, {
      settings: settings({ staff_emails: [] }),
      problems: [problem],
      last: [digestRows],
    });
    expect(nobody).toMatchObject({ skipped: "no_staff", last: [{ results: [{ n: 1 }] }] });
  });
});
