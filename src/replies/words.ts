// What staff read in the Sync log about the replies address: why a message to
// it was not recorded as an answer, and the requests (COUNTER, REFRESH) Liqaa
// shows but does not act on. Bilingual, keyed by the codes receive.ts returns.
import type { Bilingual } from "../sheet/types.ts";

/** Why a message to the replies address was refused: never recorded, and the sending server told so. */
export type RefusalReason =
  | "oversized"
  | "malformed"
  | "mismatch"
  | "unauthenticated"
  | "unknown_uid"
  | "unknown_attendee"
  | "closed"
  | "no_forward_target";

export const REFUSED: Record<RefusalReason, Bilingual> = {
  oversized: {
    ar: "أكبر من حد توجيه البريد (25 ميغابايت)",
    en: "larger than Email Routing's limit (25 MiB)",
  },
  malformed: { ar: "رسالة أو تقويم لا يُقرأ", en: "a message or calendar that cannot be read" },
  mismatch: {
    ar: "المرسل والمدعو في التقويم لا يتطابقان (رد مزوّر أو معاد توجيهه)",
    en: "the sender and the calendar's attendee disagree (forged or forwarded)",
  },
  unauthenticated: {
    ar: "خادم البريد سجّل أن الرسالة لم تجتز تحقق DMARC لنطاق المرسل (رد مزوّر على الأرجح)",
    en: "the mail server recorded that it failed DMARC for the sender's domain (most likely forged)",
  },
  unknown_uid: { ar: "لاجتماع لم يدعُ إليه لقاء", en: "for a meeting Liqaa never invited to" },
  unknown_attendee: {
    ar: "من عنوان لم يُدعَ إلى هذا الاجتماع",
    en: "from an address not invited to that meeting",
  },
  closed: {
    ar: "لدعوة سُحبت أو لاجتماع انتهى",
    en: "for an invitation withdrawn or a meeting that is over",
  },
  no_forward_target: {
    ar: "ليست ردًا من تقويم، ولا عنوان للرد في الإعدادات لتحويلها إليه",
    en: "not a calendar reply, and Settings name no reply-to address to forward it to",
  },
};

/** The replies-address reason codes, for a message the Worker is about to reject. */
export const REJECT_TEXT = (reason: RefusalReason) =>
  `Liqaa did not record this calendar reply: ${REFUSED[reason].en}.`;

export const REFUSED_LINE = (n: number, reason: RefusalReason): Bilingual => ({
  ar: `رُفض ${n} من الردود الواردة إلى عنوان الردود في الأيام السبعة الأخيرة: ${REFUSED[reason].ar}. لم يُسجَّل منها شيء.`,
  en: `${n} messages to the replies address were refused in the last 7 days: ${REFUSED[reason].en}. Nothing was recorded for them.`,
});

export const FORWARDED_LINE = (n: number): Bilingual => ({
  ar: `حُوّلت ${n} رسالة وردت إلى عنوان الردود إلى عنوان الرد في الإعدادات في الأيام السبعة الأخيرة لأنها ليست ردودًا من تقويم.`,
  en: `${n} messages to the replies address were not calendar replies and were forwarded to the Settings reply-to address in the last 7 days.`,
});

const REQUEST: Record<string, Bilingual> = {
  COUNTER: { ar: "اقترح موعدًا آخر (COUNTER)", en: "proposed another time (COUNTER)" },
  REFRESH: { ar: "طلب نسخة محدّثة من الدعوة (REFRESH)", en: "asked for a fresh copy (REFRESH)" },
  DELEGATED: { ar: "أناب غيره (DELEGATED)", en: "delegated the invitation (DELEGATED)" },
};

export const NOTED_LINE = (who: string, what: string, meeting: string): Bilingual => {
  const words = REQUEST[what] ?? { ar: what, en: what };
  return {
    ar: `${who} ${words.ar} للاجتماع ${meeting}. لم يغيّر لقاء شيئًا؛ تواصل معه مباشرة.`,
    en: `${who} ${words.en} for meeting ${meeting}. Liqaa changed nothing; answer them directly.`,
  };
};

/** REPLIES_ADDRESS outside the sender's domain: invitations name the sender as ORGANIZER, so answers are not read. */
export const ORGANIZER_DOMAIN_LINE = (replies: string, sender: string): Bilingual => ({
  en: `Calendar answers are not being read: the replies address ${replies} (REPLIES_ADDRESS) is not in the domain of the sender ${sender}, so invitations name the sender as organizer and Accept/Decline go there. Use a sender in the replies address's domain, or set REPLIES_ADDRESS to an address in the sender's domain routed to Liqaa.`,
  ar: `لا تُقرأ ردود التقويم: عنوان الردود ${replies} (REPLIES_ADDRESS) ليس في نطاق المرسل ${sender}، لذا تذكر الدعوات المرسل منظِّمًا وتذهب إليه ردود القبول والاعتذار. استخدم مرسلًا في نطاق عنوان الردود، أو اجعل REPLIES_ADDRESS عنوانًا في نطاق المرسل موجَّهًا إلى لقاء.`,
});
