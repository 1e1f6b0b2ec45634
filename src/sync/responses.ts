// The Responses tab's lines, and the mail problems the Sync log shows: for
// each invitation the last email sent and what became of it, the earlier
// emails that were not sent, the addresses the plan left out, the rows that
// could not be composed and the staff digests that went unsent.
import { KIND_LABELS } from "../outbox/kinds.ts";
import { responseRows, type UnsentDigest, unsentDigestStatement } from "../outbox/reads.ts";
import { replyProblemStatements, replyProblemsFrom } from "../replies/events.ts";
import { TABS } from "../sheet/contract.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import { idKey } from "../sheet/ids.ts";
import type { Contact, Lang, Meeting, ParsedSheet, Problem } from "../sheet/types.ts";
import { markSubstitutes } from "../substitutes/lines.ts";
import { allSubstitutesStatement, substitutesFrom } from "../substitutes/store.ts";
import type { ComposeProblem } from "./compose.ts";
import { isoStamper } from "./stamp.ts";
import type { SkippedResponse } from "./types.ts";
import type { ResponseLine } from "./write-back.ts";

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
  // An email staff asked for again (the Resend cell, or the admin route).
  resend_pending: { ar: "طُلبت إعادة الإرسال", en: "resend requested" },
  resend_sent: { ar: "أُعيد الإرسال", en: "sent again" },
};

/** The outbox's kinds by name, for a line read back from D1 (any string). */
const KIND_WORDS: Readonly<Record<string, Record<Lang, string>>> = KIND_LABELS;

const RESPONSE_WORDS: Record<string, Record<Lang, string>> = {
  accepted: { ar: "قبول", en: "accepted" },
  declined: { ar: "اعتذار", en: "declined" },
  tentative: { ar: "ربما", en: "tentative" },
};

/** Said after an answer given with the calendar's buttons; a link answer, the older kind, says nothing more. */
const FROM_CALENDAR: Record<Lang, string> = { ar: " (من التقويم)", en: " (calendar)" };

/** States of an email that will not go without a person acting: shown even when a later email went. */
const NOT_SENT = ["dead", "rejected", "unconfirmed"];

interface OutboxLine {
  meeting_id: string;
  email: string;
  kind: string | null;
  state: string | null;
  updated_at: string | null;
  event: string | null;
  resends?: number | null;
}

/**
 * The Responses tab: one line per invitation with the last email sent to that
 * invitee and what became of it; before it, one line for each earlier email to
 * the same invitee that was not sent (dead, rejected, unconfirmed), which a
 * later update would otherwise hide; and one line for each address the plan
 * left out (suppressed, unsubscribed), with the reason. An invitee's last line
 * is always the latest email.
 */
export async function responseLines(
  db: D1Database,
  sheet: ParsedSheet,
  lang: Lang,
  skipped: readonly SkippedResponse[],
  /** The meetings mail went about, when they are more than the sheet's rows (a series' organisations). */
  mailed: readonly Meeting[] = sheet.meetings,
): Promise<ResponseLine[]> {
  return (await responseLinesOf(db, sheet, lang, skipped, undefined, mailed)).lines;
}

/**
 * Each contact's name by address, made once per parsed Contacts list: an
 * incremental sync hands on the last sync's list, and its thousand addresses
 * need not be normalised again to patch one meeting's lines. Never mutated.
 */
const namesOf = new WeakMap<readonly Contact[], ReadonlyMap<string, string>>();
function contactNames(contacts: readonly Contact[]): ReadonlyMap<string, string> {
  let names = namesOf.get(contacts);
  if (names === undefined) {
    names = new Map(contacts.map((c) => [normalizeEmail(c.email), c.name ?? ""]));
    namesOf.set(contacts, names);
  }
  return names;
}

/** The Responses lines and how many at their end are "rest" ones (left out, never invited). */
export interface Lines {
  lines: ResponseLine[];
  rest: number;
  /** The staff language they are written in. */
  lang: Lang;
}

/** responseLines, of the meetings with these ASCII idKeys only when `onlyKeys` is given. */
export async function responseLinesOf(
  db: D1Database,
  sheet: ParsedSheet,
  lang: Lang,
  skipped: readonly SkippedResponse[],
  onlyKeys?: readonly string[],
  /** The meetings mail went about, when they are more than the sheet's rows (a series' organisations). */
  mailed: readonly Meeting[] = sheet.meetings,
): Promise<Lines> {
  const [latest, unsent, substitutes] = await responseRows(
    db,
    onlyKeys === undefined ? undefined : JSON.stringify(onlyKeys),
    [allSubstitutesStatement(db)],
  );
  const titles = new Map(
    mailed.map((m) => [
      m.id,
      (lang === "ar" ? m.title_ar : m.title_en) ?? m.title_ar ?? m.title_en ?? "",
    ]),
  );
  const names = contactNames(sheet.contacts);
  const sentStamp = isoStamper(sheet.settings.timezone);
  const line = (
    r: OutboxLine & { response?: string | null; response_source?: string | null },
  ): ResponseLine => {
    const resent = (r.resends ?? 0) > 0 && (r.state === "pending" || r.state === "sent");
    const delivery =
      r.event === "bounce" || r.event === "complaint"
        ? r.event
        : resent
          ? `resend_${r.state}`
          : (r.state ?? "");
    return {
      meeting_id: r.meeting_id,
      meeting: titles.get(r.meeting_id) ?? "",
      email: r.email,
      name: names.get(r.email) ?? "",
      kind: r.kind ? (KIND_WORDS[r.kind]?.[lang] ?? r.kind) : "",
      // In the Settings zone like every stamp Liqaa writes; the same instant always
      // gives the same text, so an unchanged tab is still not written again.
      sent: r.state === "sent" && r.updated_at ? sentStamp(r.updated_at) : "",
      response: r.response
        ? (RESPONSE_WORDS[r.response]?.[lang] ?? r.response) +
          (r.response_source === "calendar" ? FROM_CALENDAR[lang] : "")
        : "",
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
  for (const r of (latest?.results ?? []) as (OutboxLine & {
    response: string | null;
    response_source: string | null;
  })[]) {
    const key = `${r.meeting_id}|${r.email}`;
    lines.push(...(before.get(key) ?? []), line(r));
    before.delete(key);
  }
  // Left out and never invited: no invitation line to stand before.
  const invited = lines.length;
  for (const rest of before.values()) lines.push(...rest);
  markSubstitutes(lines, substitutesFrom(substitutes), sheet.contacts, lang);
  // Frozen once made: the next incremental sync hands these on, and the write-back
  // remembers each frozen line's cells (write-back.ts cellsOfLine).
  for (const l of lines) Object.freeze(l);
  return { lines, rest: lines.length - invited, lang };
}

/**
 * The last sync's Responses lines with these meetings' lines replaced by
 * `fresh` (responseLinesOf with onlyKeys): what responseLines would give when
 * only these meetings changed. The lines come in meeting ID order, which
 * SQLite's binary order and JavaScript's agree on outside UTF-16 surrogates;
 * "rest" lines follow an order across meetings: either case gives null.
 */
export function patchLines(
  previous: Lines,
  fresh: Lines,
  keys: ReadonlySet<string>,
): ResponseLine[] | null {
  if (previous.rest > 0 || fresh.rest > 0) return null;
  const out: ResponseLine[] = [];
  let i = 0;
  for (const line of previous.lines) {
    if (/[\uD800-\uDFFF]/.test(line.meeting_id)) return null;
    if (keys.has(idKey(line.meeting_id))) continue;
    while (i < fresh.lines.length && (fresh.lines[i]?.meeting_id ?? "") < line.meeting_id) {
      out.push(fresh.lines[i] as ResponseLine);
      i++;
    }
    out.push(line);
  }
  for (; i < fresh.lines.length; i++) out.push(fresh.lines[i] as ResponseLine);
  return out;
}

/** Rows that stay unsent because they cannot be rendered, for the Sync log: one line per cause. */
export function composeProblems(
  problems: readonly ComposeProblem[],
  sheet: ParsedSheet,
): Problem[] {
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

/**
 * The Sync log's mail lines: staff digests that ended unsent (dead, rejected,
 * unconfirmed) lately, one line per address, then the replies address's lines
 * (replies/events.ts), read in one D1 batch: one round trip.
 */
export async function mailProblems(db: D1Database, now: Date): Promise<Problem[]> {
  return mailProblemsFrom(await db.batch(mailProblemStatements(db, now)));
}

/** mailProblems' reads, for a caller that runs them in a batch of its own (run.ts). */
export function mailProblemStatements(db: D1Database, now: Date): D1PreparedStatement[] {
  const since = new Date(now.getTime() - DIGEST_SHOWN_MS);
  return [unsentDigestStatement(db, since), ...replyProblemStatements(db, now)];
}

/** What mailProblemStatements read, as the problems mailProblems returns. */
export function mailProblemsFrom([unsent, ...replies]: readonly D1Result[]): Problem[] {
  return [
    ...unsentDigestProblems((unsent?.results ?? []) as UnsentDigest[]),
    ...replyProblemsFrom(replies),
  ];
}

function unsentDigestProblems(results: readonly UnsentDigest[]): Problem[] {
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
