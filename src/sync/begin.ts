// A sync's first D1 round trip. Every run starts the same way: its record in
// sync_runs, the sweep of claims a dead worker left behind, and the tab titles
// the read needs. Each D1 call also costs the Worker CPU of its own (the
// binding's JavaScript), so the three go as one batch: D1 runs a batch as one
// transaction, in order, so the sweep and the titles see what they saw one by
// one. The sheet's own look (unchanged.ts) waits for the read: its change
// marker is read right after it.
import { staleClaimStatements } from "../outbox/recover.ts";
import { type TabsRow, tabsStatement } from "./read.ts";
import { startRunStatement } from "./run-record.ts";
import type { RunLog } from "./summary.ts";

/** What the first batch read for the rest of the run. */
export interface Begun {
  /** The remembered tab titles' row; null when none is remembered. */
  tabs: TabsRow | null;
}

/**
 * Starts the run: records it as running, sweeps stale claims (a claim whose
 * worker reached SES becomes unconfirmed, one that had not goes back to
 * pending), and reads the remembered titles. A refused batch wrote nothing:
 * the run is then recorded as started and failed, as when the sweep or the
 * titles' read failed on its own after the record, and the error goes up.
 * When even the record cannot be written, that error goes up instead, as it
 * did from the record alone.
 */
export async function beginRun(
  db: D1Database,
  log: RunLog,
  sheetId: string,
  started: Date,
): Promise<Begun> {
  const runId = log.summary.runId;
  let results: D1Result[];
  try {
    results = await db.batch([
      startRunStatement(db, runId, started),
      ...staleClaimStatements(db, started),
      tabsStatement(db, sheetId),
    ]);
  } catch (error) {
    await startRunStatement(db, runId, started).run();
    await log.crashed(error);
    throw error;
  }
  return { tabs: (results[3]?.results[0] as TabsRow | undefined) ?? null };
}
