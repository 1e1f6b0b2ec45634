// What the plan tells staff, in Arabic and English, by code: the Sync status cell
// of each meeting, why an address was left out (the Responses tab), and a meeting
// gone from the sheet but still in calendars (the Sync log). The plan decides
// which code and with what numbers; every sentence is made here, so the wording
// can be read and changed in one place without touching a rule.
import type { Bilingual } from "../sheet/types.ts";
import type { MeetingCounts, SuppressionReason } from "./types.ts";

/** A meeting's state after the plan, before the counts of this sync are known. */
export type MeetingStatus =
  /** The ID is only proposed: nothing goes until it is in the sheet. */
  | { code: "id_pending" }
  /** Settings name no sender: nothing can be composed. */
  | { code: "no_sender" }
  | { code: "draft" }
  /** A draft again after invitations went: its invitees were told it is cancelled. */
  | { code: "draft_after_invitations" }
  | { code: "cancelled" }
  /** Held with no summary written: nothing to send. */
  | { code: "held" }
  /** Held, with its summary sent to `delivered` invitees. */
  | { code: "held_summary_sent"; delivered: number }
  | { code: "no_date" }
  /** Already over when first planned: no invitations to the past. */
  | { code: "over" }
  | { code: "invited" };

const suppressed = (c: MeetingCounts): Bilingual =>
  c.suppressed === 0
    ? { ar: "", en: "" }
    : {
        ar: ` · لم يُرسل إلى ${c.suppressed} (محظور)`,
        en: ` · ${c.suppressed} not sent (suppressed)`,
      };

const invited = (c: MeetingCounts): Bilingual => {
  const s = suppressed(c);
  return c.invited === 0 && c.suppressed === 0
    ? {
        ar: "⚠ لا أحد يُدعى: لا جهة اتصال فعّالة في المدعوين",
        en: "⚠ no one to invite: no active contact in Invite",
      }
    : { ar: `✓ دُعي ${c.invited}${s.ar}`, en: `✓ invited ${c.invited}${s.en}` };
};

/** The words of a status, given what this sync queued for the meeting. */
export function statusWords(status: MeetingStatus, c: MeetingCounts): Bilingual {
  switch (status.code) {
    case "id_pending":
      return {
        ar: "⏳ بانتظار كتابة المعرف؛ يُرسل البريد في المزامنة التالية",
        en: "⏳ waiting for its ID to be written; mail goes with the next sync",
      };
    case "no_sender":
      return {
        ar: "⚠ لم يُرسل شيء: لا عنوان مرسل في الإعدادات",
        en: "⚠ nothing sent: no sender address in Settings",
      };
    case "draft":
      return { ar: "مسودة · لم يُرسل شيء", en: "draft · nothing sent" };
    case "draft_after_invitations":
      return {
        ar: `⚠ أُعيد إلى مسودة بعد إرسال الدعوات: عُومل كملغى، وأُبلغ ${c.cancelled}${suppressed(c).ar}`,
        en: `⚠ back to draft after invitations: treated as cancelled, ${c.cancelled} notified${suppressed(c).en}`,
      };
    case "cancelled":
      return {
        ar: `✕ ملغى${c.cancelled > 0 ? ` · أُبلغ ${c.cancelled}` : ""}${suppressed(c).ar}`,
        en: `✕ cancelled${c.cancelled > 0 ? ` · ${c.cancelled} notified` : ""}${suppressed(c).en}`,
      };
    case "held":
      return { ar: "منعقد", en: "held" };
    case "held_summary_sent":
      return {
        ar: `✓ منعقد · أُرسل الملخص إلى ${status.delivered}${suppressed(c).ar}`,
        en: `✓ held · summary sent to ${status.delivered}${suppressed(c).en}`,
      };
    case "no_date":
      return { ar: "⚠ لا تاريخ: لم يُرسل شيء", en: "⚠ no date: nothing sent" };
    case "over":
      // Invitations sent before it ended still stand, and are what staff want to see.
      return c.invited > 0
        ? invited(c)
        : { ar: "انتهى موعده: لم تُرسل دعوات", en: "already over: no invitations sent" };
    case "invited":
      return invited(c);
  }
}

/** The Sync status cell: the status's words and when this sync ran. */
export function statusCell(status: MeetingStatus, c: MeetingCounts, when: string): Bilingual {
  const words = statusWords(status, c);
  return { ar: `${words.ar} · ${when}`, en: `${words.en} · ${when}` };
}

/** Why an address got nothing: suppressed, or it left reminders or summaries. */
export type SkipReason =
  | { code: SuppressionReason }
  | { code: "unsubscribed_from"; kind: "reminder" | "summary" };

const SUPPRESSION_WORDS: Record<SuppressionReason, Bilingual> = {
  bounce: { ar: "البريد يرتد", en: "the address bounces" },
  complaint: { ar: "أبلغ عن الرسائل كرسائل مزعجة", en: "it reported our mail as spam" },
  unsubscribe: { ar: "ألغى الاشتراك", en: "it unsubscribed" },
};

const UNSUBSCRIBED_WORDS: Record<"reminder" | "summary", Bilingual> = {
  reminder: { ar: "ألغى الاشتراك في التذكيرات", en: "it unsubscribed from reminders" },
  summary: { ar: "ألغى الاشتراك في الملخصات", en: "it unsubscribed from summaries" },
};

/** The Responses tab's line for an email left out. */
export function skippedWords(reason: SkipReason): Bilingual {
  const why =
    reason.code === "unsubscribed_from"
      ? UNSUBSCRIBED_WORDS[reason.kind]
      : SUPPRESSION_WORDS[reason.code];
  return { ar: `لم يُرسل: ${why.ar}`, en: `not sent: ${why.en}` };
}

/** The Sync log's warning for a meeting deleted from the sheet that `active` invitees still hold. */
export function vanishedWords(id: string, active: number): Bilingual {
  return {
    ar: `الاجتماع «${id}» لم يعد في الجدول، لكن ${active} من المدعوين ما زال في تقاويمهم؛ لم يُرسل إليهم شيء. لإلغائه أعد الصف بالمعرف نفسه واجعل حالته ملغى.`,
    en: `The meeting "${id}" is no longer in the sheet, but ${active} invitees still have it in their calendars; nothing was sent to them. To cancel it, put the row back with the same ID and set its status to cancelled.`,
  };
}
