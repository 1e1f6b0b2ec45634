// The RSVP pages' words, Arabic and English: the answers, what the page says in
// each state of an invitation, and the bilingual error pages shown when a link
// cannot be trusted or found (nothing tells us then which language the reader has).
import type { Lang } from "../sheet/types.ts";
import type { RsvpResponse } from "../sync/types.ts";

export const ANSWER: Record<RsvpResponse, Record<Lang, string>> = {
  accepted: { ar: "سأحضر", en: "I will attend" },
  tentative: { ar: "ربما أحضر", en: "I may attend" },
  declined: { ar: "أعتذر عن الحضور", en: "I cannot attend" },
};

export const TITLE: Record<Lang, string> = {
  ar: "الرد على الدعوة",
  en: "Your answer to the invitation",
};

/** Unicode isolates around a meeting title inside a sentence (FSI … PDI). */
const iso = (text: string) => `\u2068${text}\u2069`;

export interface StateWords {
  date: string;
  time: string;
  place: string;
  allDay: string;
  prompt: (answer: string) => string;
  confirm: (answer: string) => string;
  current: (answer: string, on: string | null) => string;
  recorded: (title: string, answer: string) => string;
  thanks: string;
  otherAnswer: string;
  cancelled: string;
  over: string;
  withdrawn: string;
}

export const WORDS: Record<Lang, StateWords> = {
  ar: {
    date: "التاريخ",
    time: "الوقت",
    place: "المكان",
    allDay: "طوال اليوم",
    prompt: (answer) => `اضغط الزر لتسجيل ردك: ${answer}.`,
    confirm: (answer) => `تأكيد: ${answer}`,
    current: (answer, on) =>
      on === null ? `ردك الحالي: ${answer}.` : `ردك الحالي: ${answer} (${on}).`,
    recorded: (title, answer) => `سُجّل ردك على «${iso(title)}»: ${answer}.`,
    thanks: "شكرًا لك. لتغيير ردك استخدم زرًا آخر من رسالة الدعوة.",
    otherAnswer: "لرد آخر استخدم زره في رسالة الدعوة.",
    cancelled: "أُلغي هذا الاجتماع، فلا حاجة إلى الرد.",
    over: "انعقد هذا الاجتماع، فلم يعد الرد عليه ممكنًا.",
    withdrawn: "سُحبت الدعوة: لم تعد هذه الدعوة قائمة، فلم يُسجَّل أي رد.",
  },
  en: {
    date: "Date",
    time: "Time",
    place: "Location",
    allDay: "All day",
    prompt: (answer) => `Press the button to record your answer: ${answer}.`,
    confirm: (answer) => `Confirm: ${answer}`,
    current: (answer, on) =>
      on === null ? `Your answer so far: ${answer}.` : `Your answer so far: ${answer} (${on}).`,
    recorded: (title, answer) => `Your answer to “${iso(title)}” is recorded: ${answer}.`,
    thanks: "Thank you. To change it, use another button in the invitation email.",
    otherAnswer: "For another answer, use its button in the invitation email.",
    cancelled: "This meeting is cancelled; no answer is needed.",
    over: "This meeting has already taken place; answers are no longer taken.",
    withdrawn: "Invitation withdrawn: this invitation no longer stands, so no answer was recorded.",
  },
};

export type Failure = "invalid" | "expired" | "not_found";

export const FAILURE: Record<Failure, Record<Lang, { heading: string; text: string }>> = {
  invalid: {
    ar: {
      heading: "الرابط غير صالح",
      text: "هذا الرابط غير صالح، وربما نُسخ ناقصًا. استخدم الرابط كما ورد في رسالة الدعوة.",
    },
    en: {
      heading: "This link is not valid",
      text: "This link is not valid; it may have been copied incompletely. Use the link exactly as it is in the invitation email.",
    },
  },
  expired: {
    ar: {
      heading: "انتهت صلاحية الرابط",
      text: "انتهت صلاحية هذا الرابط لأن الاجتماع انتهى أو أُلغي، فلم يُسجَّل أي رد.",
    },
    en: {
      heading: "This link has expired",
      text: "This link has expired because the meeting is over or was cancelled; no answer was recorded.",
    },
  },
  not_found: {
    ar: {
      heading: "لم نجد الدعوة",
      text: "لم نجد هذه الدعوة، فلم يُسجَّل أي رد. تواصل مع الأمانة إن ظننت أن هذا خطأ.",
    },
    en: {
      heading: "Invitation not found",
      text: "We could not find this invitation, so no answer was recorded. Contact the secretariat if you think this is a mistake.",
    },
  },
};
