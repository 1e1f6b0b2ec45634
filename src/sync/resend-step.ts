// The resend step: what staff asked for in the Responses tab's Resend column
// goes out again, once. Runs after compose and before enqueue, so a resent
// email is queued by the same sync. The request's cell is cleared by the
// write-back (every write of the tab leaves Resend blank); the line then says
// "resend requested", later "sent again" (read from the outbox row), or, when
// nothing can be resent, why (a note kept here for a day).
//
// Why a request is served once: the Sheets API has no conditional write, so a
// sync that read the sheet before another sync's write-back cleared the cell
// sees the same "yes". Each served request leaves a record in sync_meta,
// written in the same transaction as the row's compare-and-swap on its resends
// count, and the record stays open until a later read shows the cell blank. A
// "yes" with an open record is the request already served; a write-back that
// failed leaves the cell and the record, and nothing is sent twice.
//
// Which bytes: an email that never left (dead, retrying) or may have left
// (unconfirmed) goes again byte for byte, under its Message-ID: if the first
// did arrive, mail clients drop the copy, which is what staff want. An email
// confirmed sent, or refused by SES, is composed again from the sheet as it is
// now, under a new Message-ID: the invitee lost or never saw it, and clients
// such as Gmail hide a second message with a Message-ID they already hold. Its
// calendar SEQUENCE stays, so the calendar entry is the same event.
import { isMeetingKind } from "../outbox/kinds.ts";
import { inviteeEmail, resendInvitee, type StoredRow } from "../outbox/recover.ts";
import { lineKey, resendRequests } from "../sheet/resend-requests.ts";
import type { Lang, Workbook } from "../sheet/types.ts";
import { type ComposeDeps, composeOne, messageIdFor, sheetLookup } from "./compose.ts";

type Bilingual = Record<Lang, string>;

/** Why a request was not resent, as the line's Delivery cell says it. */
export const RESEND_REFUSALS = {
  nothing: {
    ar: "لا شيء لإعادة إرساله: لم تُرسل بعد رسالة إلى هذا العنوان لهذا الاجتماع",
    en: "nothing to resend: no email to this address for this meeting yet",
  },
  suppressed: {
    ar: "لم يُعد الإرسال: ارتدّ البريد من هذا العنوان أو اشتكى صاحبه، فلا يُرسل إليه شيء",
    en: "not resent: this address bounced or complained, so nothing is sent to it",
  },
  unsubscribed: {
    ar: "لم يُعد الإرسال: ألغى هذا العنوان اشتراكه في هذا النوع من الرسائل",
    en: "not resent: this address unsubscribed from this kind of email",
  },
  "meeting.missing": {
    ar: "لم يُعد الإرسال: الاجتماع لم يعد في الجدول",
    en: "not resent: the meeting is no longer in the sheet",
  },
  uncomposable: {
    ar: "لم يُعد الإرسال: تعذّر إعداد الرسالة (انظر سجل المزامنة)",
    en: "not resent: the email cannot be composed (see the Sync log)",
  },
} as const satisfies Record<string, Bilingual>;

export type ResendRefusal = keyof typeof RESEND_REFUSALS;

/** How long a refusal stays in its line after the request. */
const REFUSAL_SHOWN_MS = 24 * 60 * 60 * 1000;

/** What sync_meta keeps per request, under `resend:<sheet>:<meeting>|<email>`. */
interface RequestRecord {
  run: string;
  /** When the sync that served it began reading the sheet. */
  at: string;
  refusal: ResendRefusal | null;
  /** Open until a read after `at` shows the cell blank: a "yes" meanwhile is this request. */
  open: boolean;
}

export interface ResendStepDeps extends ComposeDeps {
  sheetId: string;
  workbook: Workbook;
  runId: string;
  /** When this sync began reading the sheet: which requests its read can have seen. */
  readAt: Date;
  /** The served requests' records, when the caller read them (resendRecordsStatement); else read here. */
  records?: readonly ResendRecordRow[];
}

export interface ResendRecordRow {
  key: string;
  value: string;
}

/** Every served request's record of this sheet, for a caller that reads it in a batch of its own. */
export function resendRecordsStatement(db: D1Database, sheetId: string): D1PreparedStatement {
  return db
    .prepare("SELECT key, value FROM sync_meta WHERE key >= ?1 AND key < ?1 || char(1114111)")
    .bind(prefix(sheetId));
}

export interface ResendStepResult {
  /** Emails put back to pending by this sync. */
  resent: number;
  /** What each line whose request could not be served says, by lineKey. */
  notes: Map<string, Bilingual>;
}

const prefix = (sheetId: string) => `resend:${sheetId}:`;

export async function resendFromSheet(deps: ResendStepDeps): Promise<ResendStepResult> {
  const { db, now } = deps;
  const requested = new Map(
    resendRequests(deps.workbook).map((r) => [lineKey(r.meetingId, r.email), r]),
  );
  const results =
    deps.records ?? (await resendRecordsStatement(db, deps.sheetId).all<ResendRecordRow>()).results;
  const open = new Set<string>();
  const notes = new Map<string, Bilingual>();
  const cleanup: D1PreparedStatement[] = [];
  const drop = (key: string, value: string) =>
    db.prepare("DELETE FROM sync_meta WHERE key = ? AND value = ?").bind(key, value);
  for (const { key, value } of results) {
    const line = key.slice(prefix(deps.sheetId).length);
    const record = JSON.parse(value) as RequestRecord;
    const seenByThisRead = Date.parse(record.at) <= deps.readAt.getTime();
    const shown =
      record.refusal !== null && Date.parse(record.at) + REFUSAL_SHOWN_MS > now.getTime();
    if (requested.has(line)) {
      // A "yes" typed after the cell was seen blank is a new request.
      if (record.open) open.add(line);
      else cleanup.push(drop(key, value));
      if (record.open && record.refusal) notes.set(line, RESEND_REFUSALS[record.refusal]);
      continue;
    }
    if (record.refusal && shown) notes.set(line, RESEND_REFUSALS[record.refusal]);
    if (!seenByThisRead) continue;
    if (shown && record.open) {
      const closed = JSON.stringify({ ...record, open: false });
      cleanup.push(
        db
          .prepare("UPDATE sync_meta SET value = ?, updated_at = ? WHERE key = ? AND value = ?")
          .bind(closed, now.toISOString(), key, value),
      );
    } else if (!shown) {
      cleanup.push(drop(key, value));
    }
  }
  if (cleanup.length > 0) await db.batch(cleanup);

  let resent = 0;
  const lookup = sheetLookup(deps);
  for (const [line, request] of requested) {
    if (open.has(line)) continue;
    const claim = {
      key: `${prefix(deps.sheetId)}${line}`,
      record: (refusal: ResendRefusal | null): string =>
        JSON.stringify({
          run: deps.runId,
          at: deps.readAt.toISOString(),
          refusal,
          open: true,
        } satisfies RequestRecord),
    };
    const refuse = async (refusal: ResendRefusal) => {
      const stored = await db
        .prepare(
          "INSERT INTO sync_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
        )
        .bind(claim.key, claim.record(refusal), now.toISOString())
        .run();
      if ((stored.meta.changes ?? 0) > 0) notes.set(line, RESEND_REFUSALS[refusal]);
    };
    const found = await inviteeEmail(db, request.meetingId, request.email);
    if (found.suppressed) {
      await refuse("suppressed");
      continue;
    }
    const row = found.row;
    if (!row) {
      await refuse("nothing");
      continue;
    }
    if (found.unsubscribed || row.stop_reason === "unsubscribed") {
      await refuse("unsubscribed");
      continue;
    }
    const message = await freshMessage(deps, lookup, row);
    if (message && "refusal" in message) {
      await refuse(message.refusal);
      continue;
    }
    const moved = await resendInvitee(db, request.meetingId, request.email, now, {
      resends: row.resends,
      ...(message ? { message } : {}),
      claim: { key: claim.key, value: claim.record(null) },
    });
    // Nothing moved: a pending or claimed email is on its way (the record
    // written above keeps a second "yes" from resending it once it went), or an
    // overlapping sync served this request first.
    if (moved) resent++;
  }
  return { resent, notes };
}

/**
 * New bytes for a row that went (or was refused by SES, or lost its stored
 * message to retention); null: the stored bytes go again.
 */
async function freshMessage(
  deps: ComposeDeps,
  lookup: ReturnType<typeof sheetLookup>,
  row: StoredRow,
): Promise<{ raw: string; from: string } | { refusal: ResendRefusal } | null> {
  const goesAsItIs = row.state !== "sent" && row.state !== "rejected" && row.raw !== null;
  if (goesAsItIs) return null;
  // inviteeEmail finds meeting emails only; a digest has nothing to compose from.
  if (!isMeetingKind(row.kind)) return { refusal: "nothing" };
  const messageId = await messageIdFor(`${row.idempotency_key}|resend|${row.resends + 1}`);
  const composed = await composeOne(deps, lookup, { ...row, kind: row.kind }, messageId);
  if (composed.ok) return { raw: composed.mail.raw, from: composed.mail.from };
  return {
    refusal: composed.problem.code === "meeting.missing" ? "meeting.missing" : "uncomposable",
  };
}
