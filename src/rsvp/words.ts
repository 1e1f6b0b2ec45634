// The RSVP pages' words, Arabic and English: the answers, what the page says in
// each state of an invitation, and the bilingual error pages shown when a link
// cannot be trusted or found (nothing tells us then which language the reader has).
import type { Lang } from "../sheet/types.ts";
import type { SubstituteRefusal } from "../substitutes/types.ts";
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

/** Why a substitute was not recorded (src/substitutes/store.ts's reasons). */
export type SubstituteProblem = SubstituteRefusal;

export interface SubstituteWords {
  heading: string;
  text: string;
  name: string;
  email: string;
  button: string;
  /** `who`: the substitute's name and address, already isolated. */
  named: (who: string) => string;
  recorded: (who: string) => string;
  standsFor: (who: string) => string;
  refused: Record<SubstituteProblem, string>;
}

export const SUBSTITUTE: Record<Lang, SubstituteWords> = {
  ar: {
    heading: "لا تستطيع الحضور؟ أرسل من ينوب عنك",
    text: "اكتب اسم من يحضر بدلًا منك وبريده الإلكتروني، فتصله دعوة خاصة به. بديل واحد لكل دعوة، وللأمانة أن ترفضه.",
    name: "اسم البديل",
    email: "البريد الإلكتروني للبديل",
    button: "أرسل الدعوة إلى البديل",
    named: (who) => `ينوب عنك: ${who}. وصلته دعوة خاصة به. لتغييره تواصل مع الأمانة.`,
    recorded: (who) => `سُجّل البديل: ${who}. تصله دعوته خلال دقائق.`,
    standsFor: (who) => `أنت مدعو بديلًا عن ${who}.`,
    refused: {
      malformed: "لم يُسجَّل البديل: هذا العنوان لا يصلح للبريد.",
      no_name: "لم يُسجَّل البديل: اكتب اسمه.",
      closed: "لم يُسجَّل البديل: لم تعد هذه الدعوة قائمة.",
      self: "لم يُسجَّل البديل: هذا عنوانك أنت.",
      already_invited: "لم يُسجَّل البديل: هذا العنوان مدعو إلى الاجتماع من قبل.",
      organizer: "لم يُسجَّل البديل: هذا عنوان الأمانة.",
      taken: "لم يُسجَّل البديل: لهذه الدعوة بديل من قبل. لتغييره تواصل مع الأمانة.",
      refused_before: "لم يُسجَّل البديل: رفضت الأمانة هذا البديل لهذا الاجتماع.",
      is_substitute: "لم يُسجَّل البديل: أنت نفسك بديل، فلا تُنيب غيرك.",
    },
  },
  en: {
    heading: "Cannot attend? Send a substitute",
    text: "Give the name and email of the person who will attend in your place: they get an invitation of their own. One substitute per invitation; the secretariat may refuse one.",
    name: "Substitute's name",
    email: "Substitute's email",
    button: "Send the invitation to my substitute",
    named: (who) =>
      `${who} attends in your place and has an invitation of their own. To change this, write to the secretariat.`,
    recorded: (who) => `Substitute recorded: ${who}. Their invitation goes out within minutes.`,
    standsFor: (who) => `You are invited as the substitute for ${who}.`,
    refused: {
      malformed: "No substitute recorded: that address cannot receive email.",
      no_name: "No substitute recorded: give their name.",
      closed: "No substitute recorded: this invitation no longer stands.",
      self: "No substitute recorded: that is your own address.",
      already_invited: "No substitute recorded: that address is already invited to this meeting.",
      organizer: "No substitute recorded: that is the secretariat's address.",
      taken:
        "No substitute recorded: this invitation already has a substitute. To change it, write to the secretariat.",
      refused_before:
        "No substitute recorded: the secretariat refused that substitute for this meeting.",
      is_substitute:
        "No substitute recorded: you are a substitute yourself and cannot send another.",
    },
  },
};
