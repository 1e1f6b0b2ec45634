// When Google fails: what the run records, what staff are told, and when an
// outage has lasted long enough (an hour) to be worth a digest. A read failure
// means the sheet's state is unknown, so nothing is planned; a write failure
// comes after mail went out and the feed was published, so only the sheet's
// own cells wait for the next sync.
import type { GoogleError } from "../google/errors.ts";
import { TABS } from "../sheet/contract.ts";
import type { Problem } from "../sheet/types.ts";

const HOUR_MS = 60 * 60 * 1000;

/** When Google started failing, if every run since the last good one failed; null when it did not. */
export function failingSinceStatement(db: D1Database, runId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT MIN(started_at) AS since FROM sync_runs
       WHERE outcome IN ('failed', 'write_failed') AND id <> ?1
         AND started_at > COALESCE((SELECT MAX(started_at) FROM sync_runs WHERE outcome = 'ok'), '')`,
    )
    .bind(runId);
}

/** What failingSinceStatement read, as failingSince returns it. */
export function failingSinceFrom(result: D1Result | undefined): Date | null {
  const since = (result?.results[0] as { since: string | null } | undefined)?.since;
  return since ? new Date(since) : null;
}

export async function failingSince(db: D1Database, runId: string): Promise<Date | null> {
  return failingSinceFrom(await failingSinceStatement(db, runId).all());
}

/** How long an outage has lasted, and since when (UTC), once it reached an hour; null before. */
function outageSpan(since: Date, now: Date): { minutes: number; from: string } | null {
  const minutes = Math.round((now.getTime() - since.getTime()) / 60_000);
  if (minutes * 60_000 < HOUR_MS) return null;
  return { minutes, from: since.toISOString().slice(0, 16).replace("T", " ") };
}

/** A Sync log problem about the whole sheet. */
const logProblem = (
  code: string,
  severity: Problem["severity"],
  message: { ar: string; en: string },
): Problem => ({
  tab: TABS.syncLog.en,
  row: null,
  column: null,
  value: null,
  code,
  severity,
  message,
});

/** The warning for staff when Google has failed every sync for an hour or more. */
export function outageProblem(since: Date, now: Date, ongoing: boolean): Problem | null {
  const span = outageSpan(since, now);
  if (span === null) return null;
  const { minutes, from } = span;
  return logProblem(
    "google.outage",
    "warning",
    ongoing
      ? {
          ar: `تعذّرت قراءة الجدول منذ ${from} UTC (${minutes} دقيقة): لم يُرسل بريد جديد ولم تُحدَّث الصفحة العامة. ستعاد المحاولة تلقائياً.`,
          en: `The sheet could not be read since ${from} UTC (${minutes} minutes): no new mail went out and the public feed was not updated. Liqaa keeps trying.`,
        }
      : {
          ar: `فشلت المزامنة مع الجدول (قراءةً أو كتابةً) من ${from} UTC لمدة ${minutes} دقيقة؛ عادت المزامنة الآن.`,
          en: `Syncing with the sheet (reading or writing it) failed from ${from} UTC for ${minutes} minutes; syncing is back now.`,
        },
  );
}

/** What staff are told when the sheet was read but the write-back failed: mail still went. */
export function writeFailedMessage(error: GoogleError): { ar: string; en: string } {
  if (error.kind === "forbidden") {
    const account = error.serviceAccount || "the service account";
    return {
      ar: `يستطيع لقاء قراءة الجدول لكن لا يستطيع الكتابة فيه: حساب الخدمة ${account} مشارَك بصلاحية «عارض». شارك الجدول معه بصلاحية «محرر». البريد يُرسل والصفحة العامة تُحدَّث، لكن حالة المزامنة والردود وسجل المزامنة لا تُكتب.`,
      en: `Liqaa can read the sheet but may not write into it: the service account ${account} is a Viewer. Share the sheet with it as Editor. Mail still goes out and the public feed is updated, but Sync status, Responses and the Sync log are not written.`,
    };
  }
  return {
    ar: `تعذّرت الكتابة في الجدول (${error.message.ar}). البريد يُرسل والصفحة العامة تُحدَّث؛ ستعاد الكتابة في المزامنة التالية.`,
    en: `Liqaa could not write into the sheet (${error.message.en}). Mail still goes out and the public feed is updated; the next sync writes again.`,
  };
}

/** The warning for staff when writing into the sheet has failed for an hour or more. */
export function writeOutageProblem(
  since: Date,
  now: Date,
  why: { ar: string; en: string },
): Problem | null {
  const span = outageSpan(since, now);
  if (span === null) return null;
  const { minutes, from } = span;
  return logProblem("google.write_failed", "error", {
    ar: `لم تُكتب نتائج المزامنة في الجدول منذ ${from} UTC (${minutes} دقيقة). ${why.ar}`,
    en: `Sync results have not been written into the sheet since ${from} UTC (${minutes} minutes). ${why.en}`,
  });
}
