// The run's record in sync_runs as statements, for the batches that write it
// with the run's other first or last writes (begin.ts, summary.ts): each D1
// call costs the Worker CPU of its own. store.ts runs them alone.

/** write_failed: the sheet was read and mail went out; only writing back into the sheet failed. */
export type RunOutcome = "ok" | "failed" | "write_failed" | "skipped";

/** How a run ended, as its record keeps it. */
export interface RunResult {
  now: Date;
  outcome: RunOutcome;
  counts: Record<string, number>;
  problems: unknown[];
}

/** The run's record as it starts. */
export function startRunStatement(db: D1Database, id: string, now: Date): D1PreparedStatement {
  return db
    .prepare("INSERT INTO sync_runs (id, started_at, outcome) VALUES (?, ?, 'running')")
    .bind(id, now.toISOString());
}

/** The run's record as it ends, with how long it took. */
export function finishRunStatement(
  db: D1Database,
  id: string,
  result: RunResult,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_runs SET finished_at = ?1, outcome = ?2, counts = ?3, problems = ?4,
         duration_ms = CAST(ROUND((julianday(?1) - julianday(started_at)) * 86400000) AS INTEGER)
       WHERE id = ?5`,
    )
    .bind(
      result.now.toISOString(),
      result.outcome,
      JSON.stringify(result.counts),
      JSON.stringify(result.problems),
      id,
    );
}
