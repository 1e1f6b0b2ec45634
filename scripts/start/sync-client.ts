// Asks the running Worker for a sync (POST /admin/sync with the local admin
// token) and turns its JSON summary into the one line `npm start` and
// `npm run sync` print per sync. The summary is read defensively: it is the
// Worker's answer, and an older or newer Worker may say less or more.

export type SyncResult =
  | { ok: true; line: string; summary: Record<string, unknown> | null }
  | { ok: false; line: string };

const num = (value: unknown): number | null => (typeof value === "number" ? value : null);

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * "sync ok: 15 meetings read (14 valid, 1 rejected), 2 problems, 9 emails
 * queued (49 since start)" from the Worker's summary. `queuedBefore` is what
 * earlier syncs of this `npm start` queued, when the caller keeps count.
 */
export function describeSummary(summary: Record<string, unknown>, queuedBefore?: number): string {
  const counts = record(summary.counts) ?? {};
  const outcome = typeof summary.outcome === "string" ? summary.outcome : "done";
  const parts: string[] = [];
  const valid = num(counts.meetings);
  const rejected = num(counts.rejected) ?? 0;
  if (valid !== null) {
    // counts.meetings holds the valid rows only; a rejected row was read too.
    const read = valid + rejected;
    const split = rejected > 0 ? ` (${valid} valid, ${rejected} rejected)` : "";
    parts.push(`${plural(read, "meeting")} read${split} / الاجتماعات المقروءة`);
  }
  const problems =
    num(counts.problems) ?? (Array.isArray(summary.problems) ? summary.problems.length : null);
  if (problems !== null) parts.push(`${plural(problems, "problem")} / مشكلات`);
  const enqueued = num(counts.enqueued);
  if (enqueued !== null) {
    const total = queuedBefore === undefined ? "" : ` (${queuedBefore + enqueued} since start)`;
    parts.push(`${plural(enqueued, "email")} queued${total} / رسائل`);
  }
  const written = num(counts.rowsWritten);
  if (written) parts.push(`${plural(written, "row")} written back`);
  const error = record(summary.error);
  const message = record(error?.message);
  if (outcome !== "ok" && typeof message?.en === "string") {
    parts.push(`${summary.failedAt ? `at ${String(summary.failedAt)}: ` : ""}${message.en}`);
  }
  return `sync ${outcome}${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
}

/** Runs one sync on the Worker at `workerUrl`; never throws. */
export async function requestSync(
  workerUrl: string,
  adminToken: string,
  options: { timeoutMs?: number; queuedBefore?: number } = {},
): Promise<SyncResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  let res: Response;
  try {
    res = await fetch(`${workerUrl}/admin/sync`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return {
      ok: false,
      line: `sync failed: the Worker did not answer (${(error as Error).message})`,
    };
  }
  if (res.status === 404) {
    // A Worker without the admin route: run the cron handler, which syncs but reports nothing.
    const cron = await fetch(`${workerUrl}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`, {
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: Error) => error);
    if (cron instanceof Error || !cron.ok) {
      return {
        ok: false,
        line: "sync failed: the Worker has no /admin/sync and its cron handler did not run",
      };
    }
    return {
      ok: true,
      line: "sync ran (cron handler; the Worker reports no summary)",
      summary: null,
    };
  }
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = record(JSON.parse(text));
  } catch {
    // Not JSON: shown as text below.
  }
  if (!res.ok && !body?.counts) {
    return { ok: false, line: `sync failed: HTTP ${res.status} ${text.slice(0, 300)}` };
  }
  const summary = record(body?.summary) ?? body;
  if (!summary) return { ok: true, line: `sync done (HTTP ${res.status})`, summary: null };
  return {
    ok: summary.outcome !== "failed",
    line: describeSummary(summary, options.queuedBefore),
    summary,
  };
}

/**
 * Fires the Worker's scheduled handler as the cron would (wrangler dev's
 * /cdn-cgi/handler/scheduled), then describes the run it recorded, read from
 * /admin/runs. Never throws.
 */
export async function requestCron(
  workerUrl: string,
  adminToken: string,
  cron: string,
  options: { timeoutMs?: number; queuedBefore?: number } = {},
): Promise<SyncResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const fired = await fetch(
    `${workerUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`,
    { signal: AbortSignal.timeout(timeoutMs) },
  ).catch((error: Error) => error);
  if (fired instanceof Error || !fired.ok) {
    const why = fired instanceof Error ? fired.message : `HTTP ${fired.status}`;
    return { ok: false, line: `cron failed: the scheduled handler did not run (${why})` };
  }
  await fired.body?.cancel();
  const runs = await fetch(`${workerUrl}/admin/runs?limit=1`, {
    headers: { authorization: `Bearer ${adminToken}` },
    signal: AbortSignal.timeout(timeoutMs),
  })
    .then((res) => (res.ok ? (res.json() as Promise<{ runs?: unknown[] }>) : null))
    .catch(() => null);
  const run = record(runs?.runs?.[0]);
  if (!run) return { ok: true, line: "sync ran (cron; no run record to show)", summary: null };
  return {
    ok: run.outcome !== "failed",
    line: describeSummary(run, options.queuedBefore),
    summary: run,
  };
}
