// The reads a sync's later steps need (the Sync log's mail problems, the
// served Resend requests, the calendar UIDs compose and publish use), made
// early so they run in the state's batch (incremental.ts, full-inputs.ts)
// instead of a round trip each; what they read comes back by name.
import { uidsFrom, uidsStatement } from "./calendar-uids.ts";
import { type ResendRecordRow, resendRecordsStatement } from "./resend-step.ts";
import { mailProblemStatements, mailProblemsFrom } from "./responses.ts";

/** The early reads' statements, and what they read, by name (the batch keeps their order). */
export function earlyReads(
  deps: { db: D1Database; sheetId: string },
  now: Date,
  withUids: boolean,
) {
  const mail = mailProblemStatements(deps.db, now);
  const statements = [
    ...mail,
    resendRecordsStatement(deps.db, deps.sheetId),
    ...(withUids ? [uidsStatement(deps.db)] : []),
  ];
  return {
    statements,
    from(results: readonly D1Result[]) {
      const uids = withUids ? results[mail.length + 1] : undefined;
      return {
        mailProblems: mailProblemsFrom(results.slice(0, mail.length)),
        resendRecords: (results[mail.length]?.results ?? []) as ResendRecordRow[],
        uids: uids ? uidsFrom(uids) : undefined,
      };
    },
  };
}
