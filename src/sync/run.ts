// One sync, start to end: read the sheet (one values:batchGet), parse, plan
// against D1, record the plan, compose the messages, enqueue them, publish the
// feed snapshot, write back into the sheet (one values:batchUpdate, only when
// something changed). Google failing ends the run cleanly: it is recorded in
// D1, the last snapshot stays, and the next tick tries again. Overlapping runs
// are safe: recordPlan's compare-and-swap lets only one of them record.
//
// Calls to Google per run: 1 read in steady state. A run that writes Meetings
// rows re-reads the Meetings tab first (there is no conditional write in the
// Sheets API), so a changed sheet costs 2 reads + 1 write. The tab titles come
// from D1; getSpreadsheet is called only on the first run or when a title
// stopped matching. A sheet without Liqaa's Responses or Sync log tab gets them
// (one spreadsheets:batchUpdate, itself a write) before the values are written.
import { buildSnapshot, writeSnapshot } from "../feed/snapshot.ts";
import type { GoogleError } from "../google/errors.ts";
import {
  a1Range,
  type SheetsClient,
  tabOfRange,
  type ValueRange,
} from "../google/sheets-client.ts";
import { enqueueDue } from "../outbox/enqueue.ts";
import { responseRows, unsentDigestRows } from "../outbox/reads.ts";
import { sweepStaleClaims } from "../outbox/recover.ts";
import type { MailQueue } from "../outbox/row.ts";
import { TABS } from "../sheet/contract.ts";
import { findTab } from "../sheet/layout.ts";
import { parseSheet } from "../sheet/parse.ts";
import type { Grid, Lang, ParsedSheet, Problem, Workbook } from "../sheet/types.ts";
import { type ComposeProblem, composePending } from "./compose.ts";
import { problemSetHash, queueDigest, rememberedSettings, rememberSettings } from "./digest.ts";
import { plan } from "./plan.ts";
import { finishRun, loadState, recordPlan, startRun } from "./store.ts";
import type { SkippedResponse } from "./types.ts";
import {
  confirmRows,
  planWriteBack,
  type ResponseLine,
  staffLanguage,
  toCellUpdates,
} from "./write-back.ts";

export interface SyncDeps {
  db: D1Database;
  feed: KVNamespace;
  queue: MailQueue;
  sheets: SheetsClient;
  /** SHEET_ID: the remembered tab titles belong to one spreadsheet. */
  sheetId: string;
  signingSecret: string;
  publicUrl: string | null;
  /** The spreadsheet's address for staff (the digest's button), when it is Google's. */
  sheetUrl?: string | null;
  /** DRY_RUN=true: plan and show the plan (Sync status, run summary), but record, compose and enqueue nothing. */
  dryRun: boolean;
  now: () => Date;
  newId: () => string;
}

export type SyncOutcome = "ok" | "failed" | "skipped";

export interface SyncSummary {
  runId: string;
  outcome: SyncOutcome;
  /** DRY_RUN: counts.planned is what would go; nothing was recorded or sent. */
  dryRun: boolean;
  /** Which step failed, when one did. */
  failedAt?: "read" | "write";
  error?: {
    kind: string;
    /**
     * write_failed: the sheet was read and mail went out; only the write-back
     * failed. The summary's outcome is failed; the run is recorded as write_failed.
     */
    outcome?: "write_failed";
    message: { ar: string; en: string };
    detail: string;
  };
  counts: {
    reads: number;
    writes: number;
    meetings: number;
    rejected: number;
    problems: number;
    planned: number;
    recorded: number;
    composed: number;
    /** Emails put on the mail Queue for the first time by this run: newly queued for sending. */
    enqueued: number;
    /** Emails queued before and sent to the Queue again (a message that seems lost, a retry now due): not new mail. */
    requeued: number;
    rowsWritten: number;
    rowsHeldBack: number;
    tabsWritten: number;
    /** Liqaa's own tabs (Responses, Sync log) added because the sheet had none. */
    tabsCreated: number;
    snapshotWritten: number;
    /** 1 when the feed was left as it was: the sheet's structure is broken or the snapshot failed its check. */
    snapshotKept: number;
    /** Problem digests queued for staff (one per staff address). */
    digests: number;
    /** Outbox rows that could not be rendered (their meeting left the sheet, no sender in Settings). */
    uncomposed: number;
  };
  problems: Problem[];
}

/** Counts this run's calls to Google, for the run record and the tests. */
function counted(sheets: SheetsClient, counts: { reads: number; writes: number }): SheetsClient {
  return {
    batchGet: (ranges, opts) => {
      counts.reads += 1;
      return sheets.batchGet(ranges, opts);
    },
    batchUpdate: (data) => {
      counts.writes += 1;
      return sheets.batchUpdate(data);
    },
    getSpreadsheet: () => {
      counts.reads += 1;
      return sheets.getSpreadsheet();
    },
    addSheets: (tabs) => {
      counts.writes += 1;
      return sheets.addSheets(tabs);
    },
  };
}

const tabsKey = (sheetId: string) => `tabs:${sheetId}`;

/** Looking again for a contract tab the sheet lacked (staff may add Responses later) at most this often. */
const MISSING_TAB_RECHECK_MS = 60 * 60 * 1000;

/** Whether every contract tab is among the titles, by either of its names. */
function hasEveryTab(titles: string[]): boolean {
  const workbook = Object.fromEntries(titles.map((t) => [t, []]));
  return (Object.keys(TABS) as (keyof typeof TABS)[]).every(
    (key) => findTab(workbook, key, []) !== null,
  );
}

/** The titles remembered from the last getSpreadsheet; null when they should be looked up again. */
async function rememberedTabs(
  db: D1Database,
  sheetId: string,
  now: Date,
): Promise<string[] | null> {
  const row = await db
    .prepare("SELECT value, updated_at FROM sync_meta WHERE key = ?")
    .bind(tabsKey(sheetId))
    .first<{ value: string; updated_at: string }>();
  if (!row) return null;
  const titles = JSON.parse(row.value) as string[];
  const stale = now.getTime() - Date.parse(row.updated_at) > MISSING_TAB_RECHECK_MS;
  return stale && !hasEveryTab(titles) ? null : titles;
}

async function rememberTabs(db: D1Database, sheetId: string, titles: string[], now: Date) {
  await db
    .prepare(
      `INSERT INTO sync_meta (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .bind(tabsKey(sheetId), JSON.stringify(titles), now.toISOString())
    .run();
}

async function forgetTabs(db: D1Database, sheetId: string) {
  await db.prepare("DELETE FROM sync_meta WHERE key = ?").bind(tabsKey(sheetId)).run();
}

type ReadResult = { ok: true; workbook: Workbook } | { ok: false; error: GoogleError };

/** The whole sheet in one batchGet; the titles are looked up only when unknown or stale. */
async function readWorkbook(deps: SyncDeps, sheets: SheetsClient): Promise<ReadResult> {
  let titles = await rememberedTabs(deps.db, deps.sheetId, deps.now());
  for (let fresh = titles === null; ; fresh = true) {
    if (titles === null || fresh) {
      const info = await sheets.getSpreadsheet();
      if (!info.ok) return info;
      titles = info.value.sheets.map((s) => s.title);
      await rememberTabs(deps.db, deps.sheetId, titles, deps.now());
    }
    const read = await sheets.batchGet(titles.map((t) => a1Range(t)));
    if (read.ok) {
      const workbook: Record<string, Grid> = {};
      titles.forEach((title, i) => {
        workbook[title] = (read.value[i] as ValueRange | undefined)?.values ?? [];
      });
      return { ok: true, workbook };
    }
    // A renamed or deleted tab fails the whole batchGet as a bad request; look the titles up again once.
    if (read.error.kind !== "bad_request" || fresh) return read;
  }
}

const DELIVERY: Record<string, Record<Lang, string>> = {
  pending: { ar: "قيد الإرسال", en: "queued" },
  claimed: { ar: "قيد الإرسال", en: "sending" },
  sent: { ar: "أُرسل", en: "sent" },
  failed_transient: { ar: "يُعاد المحاولة", en: "retrying" },
  dead: { ar: "فشل الإرسال", en: "failed" },
  rejected: { ar: "مرفوض", en: "rejected" },
  unconfirmed: { ar: "غير مؤكد: يحتاج إعادة إرسال يدوية", en: "unconfirmed: resend by hand" },
  bounce: { ar: "ارتدّ", en: "bounced" },
  complaint: { ar: "شكوى", en: "complaint" },
};

const KIND_WORDS: Record<string, Record<Lang, string>> = {
  invite: { ar: "دعوة", en: "invitation" },
  update: { ar: "تحديث", en: "update" },
  cancel: { ar: "إلغاء", en: "cancellation" },
  reminder: { ar: "تذكير", en: "reminder" },
  summary: { ar: "ملخص", en: "summary" },
};

const RESPONSE_WORDS: Record<string, Record<Lang, string>> = {
  accepted: { ar: "قبول", en: "accepted" },
  declined: { ar: "اعتذار", en: "declined" },
  tentative: { ar: "ربما", en: "tentative" },
};

/** States of an email that will not go without a person acting: shown even when a later email went. */
const NOT_SENT = ["dead", "rejected", "unconfirmed"];

interface OutboxLine {
  meeting_id: string;
  email: string;
  kind: string | null;
  state: string | null;
  updated_at: string | null;
  event: string | null;
}

/**
 * The Responses tab: one line per invitation with the last email sent to that
 * invitee and what became of it; before it, one line for each earlier email to
 * the same invitee that was not sent (dead, rejected, unconfirmed), which a
 * later update would otherwise hide; and one line for each address the plan
 * left out (suppressed, unsubscribed), with the reason. An invitee's last line
 * is always the latest email.
 */
async function responseLines(
  db: D1Database,
  sheet: ParsedSheet,
  lang: Lang,
  skipped: readonly SkippedResponse[],
): Promise<ResponseLine[]> {
  const [latest, unsent] = await responseRows(db);
  const titles = new Map(
    sheet.meetings.map((m) => [
      m.id,
      (lang === "ar" ? m.title_ar : m.title_en) ?? m.title_ar ?? m.title_en ?? "",
    ]),
  );
  const names = new Map(sheet.contacts.map((c) => [c.email.toLowerCase(), c.name ?? ""]));
  const line = (r: OutboxLine & { response?: string | null }): ResponseLine => {
    const delivery = r.event === "bounce" || r.event === "complaint" ? r.event : (r.state ?? "");
    return {
      meeting_id: r.meeting_id,
      meeting: titles.get(r.meeting_id) ?? "",
      email: r.email,
      name: names.get(r.email) ?? "",
      kind: r.kind ? (KIND_WORDS[r.kind]?.[lang] ?? r.kind) : "",
      sent: r.state === "sent" && r.updated_at ? r.updated_at.slice(0, 16).replace("T", " ") : "",
      response: r.response ? (RESPONSE_WORDS[r.response]?.[lang] ?? r.response) : "",
      delivery: DELIVERY[delivery]?.[lang] ?? delivery,
    };
  };
  const before = new Map<string, ResponseLine[]>();
  const add = (key: string, l: ResponseLine) => {
    const list = before.get(key);
    if (list) list.push(l);
    else before.set(key, [l]);
  };
  for (const r of (unsent?.results ?? []) as OutboxLine[]) {
    if (r.state && NOT_SENT.includes(r.state)) add(`${r.meeting_id}|${r.email}`, line(r));
  }
  for (const s of skipped) {
    add(`${s.meeting_id}|${s.email}`, {
      meeting_id: s.meeting_id,
      meeting: titles.get(s.meeting_id) ?? "",
      email: s.email,
      name: names.get(s.email) ?? "",
      kind: "",
      sent: "",
      response: "",
      delivery: s.message[lang],
    });
  }
  const lines: ResponseLine[] = [];
  for (const r of (latest?.results ?? []) as (OutboxLine & { response: string | null })[]) {
    const key = `${r.meeting_id}|${r.email}`;
    lines.push(...(before.get(key) ?? []), line(r));
    before.delete(key);
  }
  // Left out and never invited: no invitation line to stand before.
  for (const rest of before.values()) lines.push(...rest);
  return lines;
}

/** Rows that stay unsent because they cannot be rendered, for the Sync log: one line per cause. */
function composeProblems(problems: readonly ComposeProblem[], sheet: ParsedSheet): Problem[] {
  const groups = new Map<string, { code: string; meetingId: string; emails: string[] }>();
  for (const p of problems) {
    const [meetingId = "", email = ""] = p.key.split("|");
    const group = p.code === "meeting.missing" ? `${p.code}|${meetingId}` : p.code;
    const entry = groups.get(group) ?? { code: p.code, meetingId, emails: [] };
    entry.emails.push(email);
    groups.set(group, entry);
  }
  const tab = sheet.layout.meetings?.title ?? TABS.meetings.en;
  return [...groups.values()].map(({ code, meetingId, emails }) => {
    const n = emails.length;
    const who = [...new Set(emails)].slice(0, 5).join(", ");
    const message =
      code === "sender.missing"
        ? {
            ar: `${n} رسالة لم تُرسل لأن ورقة الإعدادات لا تذكر عنوان المرسل (${who}). أضف عنوان المرسل في الإعدادات فتُرسل في المزامنة التالية.`,
            en: `${n} emails are not sent because Settings name no sender address (${who}). Add the sender in Settings and they go at the next sync.`,
          }
        : code === "meeting.missing"
          ? {
              ar: `${n} رسالة للاجتماع ${meetingId} لم تُرسل لأن الاجتماع لم يعد في الجدول (${who}).`,
              en: `${n} emails for meeting ${meetingId} are not sent because the meeting is no longer in the sheet (${who}).`,
            }
          : {
              ar: `${n} رسالة لم تُرسل لأن العنوان لا يصلح للبريد (${who}). صحّح العنوان في جهات الاتصال.`,
              en: `${n} emails are not sent because the address cannot be mailed (${who}). Correct it in Contacts.`,
            };
    return {
      tab,
      row: null,
      column: null,
      value: code === "meeting.missing" ? meetingId : null,
      code: `compose.${code}`,
      severity: "error",
      message,
    } satisfies Problem;
  });
}

/** How long a staff digest that was not sent stays in the Sync log. */
const DIGEST_SHOWN_MS = 7 * 24 * 60 * 60 * 1000;

/** Staff digests that ended unsent (dead, rejected, unconfirmed) lately, one line per address. */
async function unsentDigests(db: D1Database, now: Date): Promise<Problem[]> {
  const { results } = await unsentDigestRows(db, new Date(now.getTime() - DIGEST_SHOWN_MS));
  const byEmail = new Map(results.map((r) => [r.email, r]));
  return [...byEmail.values()].map((r) => {
    const state = DELIVERY[r.state] ?? { ar: r.state, en: r.state };
    const why = r.last_error ? ` (${r.last_error.slice(0, 200)})` : "";
    return {
      tab: TABS.syncLog.en,
      row: null,
      column: null,
      value: r.email,
      code: "digest.not_sent",
      severity: "warning",
      message: {
        ar: `لم يصل ملخص المشكلات إلى ${r.email}: ${state.ar}${why}.`,
        en: `The problem digest to ${r.email} was not sent: ${state.en}${why}.`,
      },
    } satisfies Problem;
  });
}

const HOUR_MS = 60 * 60 * 1000;

/** Problems kept in a run's D1 record; the rest are counted (counts.problems) and listed in the Sync log tab. */
const RUN_PROBLEMS_KEPT = 200;

/** When Google started failing, if every run since the last good one failed; null when it did not. */
async function failingSince(db: D1Database, runId: string): Promise<Date | null> {
  const row = await db
    .prepare(
      `SELECT MIN(started_at) AS since FROM sync_runs
       WHERE outcome IN ('failed', 'write_failed') AND id <> ?1
         AND started_at > COALESCE((SELECT MAX(started_at) FROM sync_runs WHERE outcome = 'ok'), '')`,
    )
    .bind(runId)
    .first<{ since: string | null }>();
  return row?.since ? new Date(row.since) : null;
}

/** The warning for staff when Google has failed every sync for an hour or more. */
function outageProblem(since: Date, now: Date, ongoing: boolean): Problem | null {
  const minutes = Math.round((now.getTime() - since.getTime()) / 60_000);
  if (minutes * 60_000 < HOUR_MS) return null;
  const from = since.toISOString().slice(0, 16).replace("T", " ");
  return {
    tab: TABS.syncLog.en,
    row: null,
    column: null,
    value: null,
    code: "google.outage",
    severity: "warning",
    message: ongoing
      ? {
          ar: `تعذّرت قراءة الجدول منذ ${from} UTC (${minutes} دقيقة): لم يُرسل بريد جديد ولم تُحدَّث الصفحة العامة. ستعاد المحاولة تلقائياً.`,
          en: `The sheet could not be read since ${from} UTC (${minutes} minutes): no new mail went out and the public feed was not updated. Liqaa keeps trying.`,
        }
      : {
          ar: `فشلت المزامنة مع الجدول (قراءةً أو كتابةً) من ${from} UTC لمدة ${minutes} دقيقة؛ عادت المزامنة الآن.`,
          en: `Syncing with the sheet (reading or writing it) failed from ${from} UTC for ${minutes} minutes; syncing is back now.`,
        },
  };
}

/** What staff are told when the sheet was read but the write-back failed: mail still went. */
function writeFailedMessage(error: GoogleError): { ar: string; en: string } {
  if (error.kind === "forbidden") {
    const account = /with (\S+) as Editor/.exec(error.message.en)?.[1] ?? "the service account";
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
function writeOutageProblem(
  since: Date,
  now: Date,
  why: { ar: string; en: string },
): Problem | null {
  const minutes = Math.round((now.getTime() - since.getTime()) / 60_000);
  if (minutes * 60_000 < HOUR_MS) return null;
  const from = since.toISOString().slice(0, 16).replace("T", " ");
  return {
    tab: TABS.syncLog.en,
    row: null,
    column: null,
    value: null,
    code: "google.write_failed",
    severity: "error",
    message: {
      ar: `لم تُكتب نتائج المزامنة في الجدول منذ ${from} UTC (${minutes} دقيقة). ${why.ar}`,
      en: `Sync results have not been written into the sheet since ${from} UTC (${minutes} minutes). ${why.en}`,
    },
  };
}

/**
 * A dry run's Sync status: said to be one, so staff can tell a preview from
 * mail that went. "invited 23" becomes "would invite 23"; other notes keep
 * their words behind the marker.
 */
export function dryRunStatus(note: { ar: string; en: string }): { ar: string; en: string } {
  const bare = (text: string) => text.replace(/^[✓✕⚠⏳]\uFE0F?\s*/u, "");
  return {
    ar: `◌ معاينة، لم يُرسل شيء: ${bare(note.ar).replace(/^دُعي /, "سيُدعى ")}`,
    en: `◌ dry run, nothing sent: ${bare(note.en).replace(/^invited /, "would invite ")}`,
  };
}

/**
 * Problems that mean the sheet could not be read as a whole: a Meetings or
 * Contacts tab that is gone, or a required column that is (a header typo, a
 * title row inserted above the header). Every meeting then looks absent, and a
 * snapshot built from that would empty the public feed.
 */
function structuralProblems(sheet: ParsedSheet): Problem[] {
  const tabs = new Set([
    TABS.meetings.en,
    TABS.contacts.en,
    sheet.layout.meetings?.title,
    sheet.layout.contacts?.title,
  ]);
  return sheet.problems.filter(
    (p) =>
      p.severity === "error" &&
      (p.code === "tab.missing" || p.code === "column.missing") &&
      tabs.has(p.tab),
  );
}

function feedKeptProblem(reason: { ar: string; en: string }): Problem {
  return {
    tab: TABS.syncLog.en,
    row: null,
    column: null,
    value: null,
    code: "feed.kept",
    severity: "warning",
    message: {
      ar: `بقيت الصفحة العامة كما كانت لأن ${reason.ar}`,
      en: `The public feed was kept as it was because ${reason.en}`,
    },
  };
}

/**
 * Writes the feed snapshot unless the sheet's structure is broken; either way
 * the last good snapshot keeps serving when this one is not written. What kept
 * it back comes back as problems for the Sync log and the run record.
 */
async function publish(
  feed: KVNamespace,
  sheet: ParsedSheet,
  now: Date,
): Promise<{ written: boolean; kept: boolean; problems: Problem[] }> {
  const broken = structuralProblems(sheet);
  if (broken.length > 0) {
    const where = [...new Set(broken.map((p) => (p.column ? `${p.tab}: ${p.column}` : p.tab)))];
    return {
      written: false,
      kept: true,
      problems: [
        feedKeptProblem({
          ar: `بنية الجدول غير مكتملة (${where.join("، ")})؛ صحّح العناوين أو أسماء الأوراق كما في سجل المزامنة.`,
          en: `the sheet's structure is broken (${where.join(", ")}); fix the headers or tab names listed in the Sync log.`,
        }),
      ],
    };
  }
  const published = await writeSnapshot(feed, buildSnapshot(sheet, now));
  if (published.ok) return { written: published.written, kept: false, problems: [] };
  return {
    written: false,
    kept: true,
    problems: [
      feedKeptProblem({
        ar: "النشرة الجديدة لم تجتز فحص المخطط:",
        en: "the new snapshot failed the feed schema check:",
      }),
      ...published.problems.slice(0, 20).map(
        (detail): Problem => ({
          tab: TABS.syncLog.en,
          row: null,
          column: null,
          value: detail,
          code: "feed.invalid",
          severity: "error",
          message: {
            ar: `خطأ في النشرة العامة: ${detail}`,
            en: `The public feed snapshot is invalid: ${detail}`,
          },
        }),
      ),
    ],
  };
}

const digestDeps = (deps: SyncDeps, runId: string, now: Date) => ({
  db: deps.db,
  sheetId: deps.sheetId,
  signingSecret: deps.signingSecret,
  publicUrl: deps.publicUrl,
  sheetUrl: deps.sheetUrl ?? null,
  runId,
  now,
});

export async function runSync(deps: SyncDeps): Promise<SyncSummary> {
  const runId = deps.newId();
  const started = deps.now();
  await startRun(deps.db, runId, started);
  const calls = { reads: 0, writes: 0 };
  const sheets = counted(deps.sheets, calls);
  const summary: SyncSummary = {
    runId,
    outcome: "ok",
    dryRun: deps.dryRun,
    counts: {
      reads: 0,
      writes: 0,
      meetings: 0,
      rejected: 0,
      problems: 0,
      planned: 0,
      recorded: 0,
      composed: 0,
      enqueued: 0,
      requeued: 0,
      rowsWritten: 0,
      rowsHeldBack: 0,
      tabsWritten: 0,
      tabsCreated: 0,
      snapshotWritten: 0,
      snapshotKept: 0,
      digests: 0,
      uncomposed: 0,
    },
    problems: [],
  };
  let finished = false;
  const finish = async (outcome: SyncOutcome): Promise<SyncSummary> => {
    finished = true;
    summary.outcome = outcome;
    summary.counts.reads = calls.reads;
    summary.counts.writes = calls.writes;
    // The run record keeps the first problems only (D1 refuses a value over 2 MB);
    // counts.problems has the total and the Sync log tab lists them all.
    const kept = summary.problems.slice(0, RUN_PROBLEMS_KEPT);
    await finishRun(deps.db, runId, {
      now: deps.now(),
      outcome: summary.error?.outcome ?? outcome,
      counts: summary.counts,
      problems: summary.error ? [summary.error, ...kept] : kept,
    });
    return summary;
  };
  try {
    return await steps();
  } catch (error) {
    // Whatever threw, the run is recorded as failed rather than left "running";
    // the error still goes up, so the Workers logs show it.
    if (!finished) {
      summary.error = {
        kind: "exception",
        message: {
          ar: "توقفت المزامنة بسبب خطأ غير متوقع؛ ستعاد المحاولة في الدورة التالية.",
          en: "The sync stopped on an unexpected error; the next run tries again.",
        },
        detail: error instanceof Error ? error.message : String(error),
      };
      await finish("failed").catch(() => {});
    }
    throw error;
  }

  async function steps(): Promise<SyncSummary> {
    const enqueue = async (at: Date) => {
      const sent = await enqueueDue(deps.db, deps.queue, at);
      summary.counts.enqueued += sent.enqueued;
      summary.counts.requeued += sent.requeued;
    };

    const fail = async (at: "read" | "write", error: GoogleError) => {
      summary.failedAt = at;
      summary.error = {
        kind: error.kind,
        ...(at === "write" ? { outcome: "write_failed" as const } : {}),
        message: at === "write" ? writeFailedMessage(error) : error.message,
        detail: error.detail,
      };
      const since = (await failingSince(deps.db, runId)) ?? started;
      const outage =
        at === "write"
          ? writeOutageProblem(since, deps.now(), summary.error.message)
          : outageProblem(since, deps.now(), true);
      if (outage) {
        summary.problems = [...(at === "write" ? summary.problems : []), outage];
        // Staff hear of it by email too, from the Settings of the last good sync; once per outage.
        const settings = deps.dryRun ? null : await rememberedSettings(deps.db, deps.sheetId);
        if (settings) {
          const digest = await queueDigest(digestDeps(deps, runId, deps.now()), {
            settings,
            problems: [outage],
            hash: `outage:${since.toISOString()}`,
            // A write outage has its own digest memory: the sheet's own problem
            // digest still runs each sync, and sharing one would make each of
            // them news again every five minutes.
            ...(at === "write" ? { stream: "write-outage" as const } : {}),
          });
          summary.counts.digests += digest.queued;
        }
      }
      // Mail does not wait for Google: rows a stale-claim sweep released and
      // retries now due are queued even when the sheet cannot be read or written.
      if (!deps.dryRun) await enqueue(deps.now());
      return finish("failed");
    };

    // Claims a dead worker left behind: sent-maybe becomes unconfirmed, never-sent goes back.
    await sweepStaleClaims(deps.db, started);

    const read = await readWorkbook(deps, sheets);
    if (!read.ok) return fail("read", read.error);

    const state = await loadState(deps.db);
    // A Settings value that is unusable now (an erased time zone) falls back to the last good sync's.
    const lastGood = await rememberedSettings(deps.db, deps.sheetId);
    const sheet = parseSheet(read.workbook, {
      existingIds: new Set(state.meetings.keys()),
      ...(lastGood ? { lastGoodSettings: lastGood } : {}),
    });
    const since = await failingSince(deps.db, runId);
    const outage = since ? outageProblem(since, started, false) : null;
    // The outage just ended goes into this run's Sync log, beside the sheet's own problems.
    if (outage) sheet.problems.push(outage);
    summary.problems = sheet.problems;
    summary.counts.meetings = sheet.meetings.length;
    summary.counts.rejected = sheet.rejected.length;
    summary.counts.problems = sheet.problems.length;

    const now = deps.now();
    const decided = plan({ sheet, state, now });
    summary.counts.planned = decided.emails.length;
    sheet.problems.push(...decided.problems);
    // A dry run records nothing: the ledger stays as it was, so the first real
    // sync plans from scratch instead of sending a backlog of stale updates.
    if (!deps.dryRun) {
      const recorded = await recordPlan(deps.db, decided, { version: state.version, runId, now });
      if (!recorded.ok) {
        // Another sync recorded since this one loaded the state: it owns this round.
        return finish("skipped");
      }
      summary.counts.recorded = recorded.inserted;

      const composed = await composePending({
        db: deps.db,
        sheet,
        signingSecret: deps.signingSecret,
        publicUrl: deps.publicUrl,
        now,
      });
      summary.counts.composed = composed.composed;
      summary.counts.uncomposed = composed.problems.length;
      sheet.problems.push(...composeProblems(composed.problems, sheet));
    }
    sheet.problems.push(...(await unsentDigests(deps.db, now)));
    // Before the digest, so what kept the feed back is in it and in the Sync log.
    const published = await publish(deps.feed, sheet, now);
    sheet.problems.push(...published.problems);
    summary.counts.problems = sheet.problems.length;
    summary.counts.snapshotWritten = published.written ? 1 : 0;
    summary.counts.snapshotKept = published.kept ? 1 : 0;
    if (sheet.settingsTrusted !== false) {
      await rememberSettings(deps.db, deps.sheetId, sheet.settings, now);
    }
    if (!deps.dryRun) {
      // A dry run queues no digest either: it would wait in the outbox and go out later.
      const digest = await queueDigest(digestDeps(deps, runId, now), {
        settings: sheet.settings,
        problems: sheet.problems,
        hash: await problemSetHash(sheet.problems),
      });
      summary.counts.digests = digest.queued;
      await enqueue(now);
    }

    const lang = staffLanguage(sheet);
    // Liqaa's own tabs the sheet lacks are created, titled in the staff's language,
    // and filled by the same write as the rest; only beside a Meetings tab, so a
    // wrong SHEET_ID does not get tabs added to someone else's spreadsheet.
    const creating: string[] = [];
    const ownTab = (key: "responses" | "syncLog") => {
      const found = findTab(read.workbook, key, []);
      if (found || !sheet.layout.meetings) return found;
      creating.push(TABS[key][lang]);
      return { title: TABS[key][lang], grid: [] };
    };
    const responses = ownTab("responses");
    const syncLog = ownTab("syncLog");
    const meetingsGrid = sheet.layout.meetings
      ? (read.workbook[sheet.layout.meetings.title] ?? [])
      : [];
    const writeBack = planWriteBack({
      sheet,
      meetingsGrid,
      statusByMeeting: deps.dryRun
        ? new Map([...decided.statusByMeeting].map(([id, note]) => [id, dryRunStatus(note)]))
        : decided.statusByMeeting,
      responsesTab: responses,
      syncLogTab: syncLog,
      responses: responses
        ? await responseLines(deps.db, sheet, lang, decided.responsesSkipped)
        : [],
      stamp: now.toISOString().slice(0, 16).replace("T", " "),
    });
    let rows = writeBack.rows;
    const layout = sheet.layout.meetings;
    if (rows.length > 0 && layout) {
      const fresh = await sheets.batchGet([a1Range(layout.title)]);
      if (!fresh.ok) return fail("write", fresh.error);
      const confirmed = confirmRows(rows, fresh.value[0]?.values ?? [], layout);
      rows = confirmed.kept;
      summary.counts.rowsHeldBack = confirmed.heldBack;
    }
    let data = toCellUpdates(writeBack, rows, layout);
    if (creating.length > 0) {
      const added = await sheets.addSheets(
        creating.map((title) => ({ title, rightToLeft: lang === "ar" })),
      );
      if (added.ok) {
        summary.counts.tabsCreated = added.value.length;
        await rememberTabs(
          deps.db,
          deps.sheetId,
          [...Object.keys(read.workbook), ...creating],
          deps.now(),
        );
      } else if (added.error.kind === "bad_request") {
        // Staff added a tab of that name since the titles were looked up: write
        // nothing into it blind; the next sync looks the titles up and fills it.
        await forgetTabs(deps.db, deps.sheetId);
        data = data.filter((update) => !creating.includes(tabOfRange(update.range)));
      } else {
        return fail("write", added.error);
      }
    }
    if (data.length > 0) {
      const written = await sheets.batchUpdate(data);
      if (!written.ok) return fail("write", written.error);
      summary.counts.rowsWritten = rows.length;
      summary.counts.tabsWritten = new Set(
        data.map((update) => tabOfRange(update.range)).filter((t) => t !== layout?.title),
      ).size;
    }
    return finish("ok");
  }
}
