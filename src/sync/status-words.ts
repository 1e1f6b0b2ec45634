// What the plan tells staff, in Arabic and English, by code: the Sync status cell
// of each meeting, why an address was left out (the Responses tab), and a meeting
// gone from the sheet but still in calendars (the Sync log). The plan decides
// which code and with what numbers; every sentence is made here, so the wording
// can be read and changed in one place without touching a rule.
import type { Bilingual } from "../sheet/types.ts";
import type { MaterialChange } from "./changes.ts";
import type { MeetingCounts, SuppressionReason } from "./types.ts";

/**
 * A meeting's state after the plan, before its counts are known; the counts
 * (MeetingCounts) carry its latest emails, which the words say until newer go.
 */
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
  /** Held, with its summary sent to `delivered` of its invitees (a meeting with none is just held). */
  | { code: "held_summary_sent"; delivered: number }
  | { code: "no_date" }
  /** Already over when first planned: no invitations to the past. */
  | { code: "over" }
  | { code: "invited" }
  /**
   * An invalid row whose meeting was valid before: what is wrong (`error`),
   * since when (`since`, a stamp), and whether its last good version is
   * what invitees and the website keep (`kept`; false for a meeting last seen
   * valid before Liqaa remembered last good versions).
   */
  | { code: "kept_last_good"; error: Bilingual; since: string; kept: boolean }
  /** Marked held before it has ended: its summary waits until `ends`. */
  | { code: "held_waiting"; ends: string };

const suppressed = (c: MeetingCounts): Bilingual =>
  c.suppressed === 0
    ? { ar: "", en: "" }
    : {
        ar: ` · لم يُرسل إلى ${c.suppressed} (محظور)`,
        en: ` · ${c.suppressed} not sent (suppressed)`,
      };

/** What became of the latest emails, when anything needs a person: bounced, unconfirmed. */
const outcomes = (c: MeetingCounts): Bilingual => {
  const bounced = c.latest?.bounced ?? 0;
  const unconfirmed = c.latest?.unconfirmed ?? 0;
  return {
    ar: `${bounced > 0 ? ` · ارتدّ ${bounced}` : ""}${unconfirmed > 0 ? ` · غير مؤكد ${unconfirmed}` : ""}`,
    en: `${bounced > 0 ? ` · ${bounced} bounced` : ""}${unconfirmed > 0 ? ` · ${unconfirmed} unconfirmed` : ""}`,
  };
};

/** What comes after a status's own words: who got nothing, and what needs a person. */
const tail = (c: MeetingCounts): Bilingual => {
  const [s, o] = [suppressed(c), outcomes(c)];
  return { ar: `${s.ar}${o.ar}`, en: `${s.en}${o.en}` };
};

const CHANGE_WORDS: Record<MaterialChange, Bilingual> = {
  date: { ar: "التاريخ", en: "date" },
  time: { ar: "الوقت", en: "time" },
  zone: { ar: "المنطقة الزمنية", en: "time zone" },
  place: { ar: "المكان", en: "place" },
  link: { ar: "الرابط", en: "link" },
  title: { ar: "العنوان", en: "title" },
};

/** " (time, place)": what the last update changed, when it is known. */
const whatChanged = (changed: readonly MaterialChange[]): Bilingual =>
  changed.length === 0
    ? { ar: "", en: "" }
    : {
        ar: ` (${changed.map((c) => CHANGE_WORDS[c].ar).join("، ")})`,
        en: ` (${changed.map((c) => CHANGE_WORDS[c].en).join(", ")})`,
      };

/**
 * A scheduled meeting's news: the latest emails about it, said until newer ones
 * go. An update names what changed; a reminder or a follow-up is said as one; otherwise (an
 * invitation, or nothing newer) how many are invited now.
 */
const invited = (c: MeetingCounts): Bilingual => {
  const t = tail(c);
  const kinds = c.latest?.kinds ?? {};
  if (kinds.update) {
    const what = whatChanged(c.latest?.changed ?? []);
    const more = kinds.invite
      ? { ar: ` · ${kinds.invite} دعوة جديدة`, en: ` · ${kinds.invite} newly invited` }
      : { ar: "", en: "" };
    return {
      ar: `✓ أُبلغ ${kinds.update} بالتعديل${what.ar}${more.ar}${t.ar}`,
      en: `✓ updated ${kinds.update}${what.en}${more.en}${t.en}`,
    };
  }
  if (kinds.reminder) {
    return {
      ar: `✓ أُرسل التذكير إلى ${kinds.reminder}${t.ar}`,
      en: `✓ reminded ${kinds.reminder}${t.en}`,
    };
  }
  if (kinds.followup) {
    return {
      ar: `✓ أُرسلت المتابعة إلى ${kinds.followup} لم يردّوا${t.ar}`,
      en: `✓ followed up ${kinds.followup} without an answer${t.en}`,
    };
  }
  if (c.invited === 0 && c.suppressed === 0) {
    return {
      ar: "⚠ لا أحد يُدعى: لا جهة اتصال فعّالة في المدعوين",
      en: "⚠ no one to invite: no active contact in Invite",
    };
  }
  const removed = kinds.cancel
    ? { ar: ` · أُلغيت دعوة ${kinds.cancel}`, en: ` · ${kinds.cancel} uninvited` }
    : { ar: "", en: "" };
  return {
    ar: `✓ دُعي ${c.invited}${removed.ar}${t.ar}`,
    en: `✓ invited ${c.invited}${removed.en}${t.en}`,
  };
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
        ar: `⚠ أُعيد إلى مسودة بعد إرسال الدعوات: عُومل كملغى، وأُبلغ ${c.cancelled}${tail(c).ar}`,
        en: `⚠ back to draft after invitations: treated as cancelled, ${c.cancelled} notified${tail(c).en}`,
      };
    case "cancelled":
      return {
        ar: `✕ ملغى${c.cancelled > 0 ? ` · أُبلغ ${c.cancelled}` : ""}${tail(c).ar}`,
        en: `✕ cancelled${c.cancelled > 0 ? ` · ${c.cancelled} notified` : ""}${tail(c).en}`,
      };
    case "held":
      return { ar: "منعقد", en: "held" };
    case "held_summary_sent":
      return {
        // None of its invitees could have it (summaries to those who accepted, and none did).
        ar:
          status.delivered > 0
            ? `✓ منعقد · أُرسل الملخص إلى ${status.delivered}${tail(c).ar}`
            : `منعقد · لم يُرسل الملخص إلى أحد${tail(c).ar}`,
        en:
          status.delivered > 0
            ? `✓ held · summary sent to ${status.delivered}${tail(c).en}`
            : `held · summary sent to no one${tail(c).en}`,
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
    case "kept_last_good":
      return status.kept
        ? {
            ar: `⏸ بقي كما كان: ${status.error.ar} · لم يتغير شيء للمدعوين ولا على الموقع منذ ${status.since}`,
            en: `⏸ kept as it was: ${status.error.en} · nothing changed for invitees or the website since ${status.since}`,
          }
        : {
            ar: `✗ ${status.error.ar} · لم يُرسل شيء للمدعوين منذ ${status.since}`,
            en: `✗ ${status.error.en} · nothing sent to invitees since ${status.since}`,
          };
    case "held_waiting":
      return {
        ar: `منعقد · يُرسل الملخص بعد انتهائه (${status.ends})`,
        en: `held · the summary goes once it has ended (${status.ends})`,
      };
  }
}

/** The Sync status cell: the status's words and when this sync ran (stamp.ts: its zone said). */
export function statusCell(status: MeetingStatus, c: MeetingCounts, when: string): Bilingual {
  const words = statusWords(status, c);
  return { ar: `${words.ar} · ${when}`, en: `${words.en} · ${when}` };
}

/** How a bilateral series' slots stand (src/series/status.ts counts them). */
export interface SeriesFill {
  filled: number;
  capacity: number;
  /** Slots at least one of whose invitees answered (accepted, declined or tentative). */
  answered: number;
  /** Organisations invited that no slot was left for. */
  unplaced: number;
}

/**
 * A series row's Sync status: its slots, then what its organisations' emails
 * did together (the status's words over the summed counts), then the stamp.
 */
export function seriesStatusCell(
  fill: SeriesFill,
  status: MeetingStatus,
  c: MeetingCounts,
  when: string,
): Bilingual {
  const words = statusWords(status, c);
  const unplaced =
    fill.unplaced === 0
      ? { ar: "", en: "" }
      : { ar: ` · ⚠ ${fill.unplaced} بلا موعد`, en: ` · ⚠ ${fill.unplaced} without a slot` };
  return {
    ar: `سلسلة لقاءات ثنائية: ${fill.filled} من ${fill.capacity} موعدًا محجوزًا، ردّ منها ${fill.answered}${unplaced.ar} · ${words.ar} · ${when}`,
    en: `bilateral series: ${fill.filled} of ${fill.capacity} slots filled, ${fill.answered} answered${unplaced.en} · ${words.en} · ${when}`,
  };
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

/** The end of a valid row's Sync status when entries of its Invite cell named nobody and were left out. */
export function leftOutWords(entries: readonly string[]): Bilingual {
  const shown = entries.slice(0, 3).join("، ");
  const more = entries.length > 3 ? ` …(+${entries.length - 3})` : "";
  return {
    ar: ` · ⚠ لم يُدعَ: ${shown}${more}`,
    en: ` · ⚠ not invited: ${entries.slice(0, 3).join(", ")}${more}`,
  };
}
