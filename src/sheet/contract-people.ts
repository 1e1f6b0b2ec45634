// The Contacts and Settings tabs' columns, and the Settings keys with their
// defaults: who can be invited, and the few values the whole sheet shares.
import { type Choice, type ColumnDef, LANGUAGE_CHOICES, YES_NO_CHOICES } from "./choices.ts";
import type { Bilingual, Settings } from "./types.ts";

export type ContactKey = "organization" | "name" | "email" | "language" | "groups" | "active";

export const CONTACT_COLUMNS: readonly ColumnDef<ContactKey>[] = [
  {
    key: "organization",
    en: "Organization",
    ar: "المنظمة",
    required: false,
    owner: "staff",
    note: {
      en: "The contact's organisation.",
      ar: "منظمة جهة الاتصال.",
    },
  },
  {
    key: "name",
    en: "Name",
    ar: "الاسم",
    required: false,
    owner: "staff",
    note: {
      en: "The person's name, as the invitation should greet them.",
      ar: "اسم الشخص كما ينبغي أن تخاطبه الدعوة.",
    },
  },
  {
    key: "email",
    en: "Email",
    ar: "البريد الإلكتروني",
    required: true,
    owner: "staff",
    note: {
      en: "One email address; each address may appear once in this tab.",
      ar: "عنوان بريد إلكتروني واحد؛ لا يتكرر العنوان في هذه الورقة.",
    },
  },
  {
    key: "language",
    en: "Language",
    ar: "اللغة",
    required: false,
    owner: "staff",
    note: {
      en: "ar or en: the language the contact's emails start in; blank means Arabic.",
      ar: "ar أو en: اللغة التي تبدأ بها رسائل جهة الاتصال؛ الفراغ يعني العربية.",
    },
    choices: LANGUAGE_CHOICES,
  },
  {
    key: "groups",
    en: "Groups",
    ar: "المجموعات",
    required: false,
    owner: "staff",
    note: {
      en: "Group names separated by commas; a group named in a meeting's Invite column invites everyone in it.",
      ar: "أسماء المجموعات مفصولة بفواصل؛ ذكر مجموعة في عمود المدعوين يدعو كل أعضائها.",
    },
  },
  {
    key: "active",
    en: "Active",
    ar: "فعّال",
    required: false,
    owner: "staff",
    note: {
      en: "no to stop inviting this contact without deleting the row; blank means yes.",
      ar: "لا لإيقاف دعوة جهة الاتصال دون حذف الصف؛ الفراغ يعني نعم.",
    },
    choices: YES_NO_CHOICES,
  },
];

/** The Settings tab has two columns: the setting's name (either language) and its value. */
export const SETTINGS_COLUMNS: readonly ColumnDef<"key" | "value">[] = [
  {
    key: "key",
    en: "Setting",
    ar: "الإعداد",
    required: true,
    owner: "staff",
    note: {
      en: "The setting's name; keep the names as they are.",
      ar: "اسم الإعداد؛ أبقِ الأسماء كما هي.",
    },
  },
  {
    key: "value",
    en: "Value",
    ar: "القيمة",
    required: true,
    owner: "staff",
    note: { en: "The setting's value.", ar: "قيمة الإعداد." },
  },
];

export interface SettingDef {
  key: keyof Settings;
  en: string;
  ar: string;
  note: Bilingual;
  /** The value used when the row is missing or blank, as staff would type it. */
  default?: string;
  choices?: readonly Choice[];
}

/**
 * The default zone is Europe/Istanbul: the secretariat sits in Gaziantep, and
 * since Syria fixed its clocks at UTC+3 in 2022, Damascus and Istanbul show the
 * same time all year, so meetings with Syrian partners read right in either.
 */
export const DEFAULT_TIMEZONE = "Europe/Istanbul";

export const SETTINGS_KEYS: readonly SettingDef[] = [
  {
    key: "sender",
    en: "Sender address",
    ar: "عنوان المرسل",
    note: {
      en: "The address invitations come from; it must be verified in SES.",
      ar: "العنوان الذي تُرسل منه الدعوات؛ يجب توثيقه في SES.",
    },
  },
  {
    key: "reply_to",
    en: "Reply-to address",
    ar: "عنوان الرد",
    note: {
      en: "Where replies to invitations go; blank uses the sender address.",
      ar: "العنوان الذي تصل إليه الردود على الدعوات؛ إذا تُرك فارغًا يُستخدم عنوان المرسل.",
    },
  },
  {
    key: "network_name_ar",
    en: "Network name (Arabic)",
    ar: "اسم الشبكة",
    note: {
      en: "The network's name in Arabic, as emails and the website show it.",
      ar: "اسم الشبكة بالعربية كما يظهر في الرسائل والموقع.",
    },
  },
  {
    key: "network_name_en",
    en: "Network name (English)",
    ar: "اسم الشبكة بالإنجليزية",
    note: {
      en: "The network's name in English, as emails and the website show it.",
      ar: "اسم الشبكة بالإنجليزية كما يظهر في الرسائل والموقع.",
    },
  },
  {
    key: "timezone",
    en: "Default time zone",
    ar: "المنطقة الزمنية الافتراضية",
    note: {
      en: "Used for meetings whose Time zone cell is blank, e.g. Europe/Istanbul.",
      ar: "تُستخدم للاجتماعات التي تُركت خانة المنطقة الزمنية فيها فارغة، مثل Europe/Istanbul.",
    },
    default: DEFAULT_TIMEZONE,
  },
  {
    key: "reminder_hours",
    en: "Reminder lead time (hours)",
    ar: "موعد التذكير (بالساعات)",
    note: {
      en: "How many hours before the start a reminder is sent.",
      ar: "عدد الساعات قبل بدء الاجتماع التي يُرسل فيها التذكير.",
    },
    default: "24",
  },
  {
    key: "staff_emails",
    en: "Staff addresses",
    ar: "عناوين الموظفين",
    note: {
      en: "Addresses that receive the digest of problems, separated by commas.",
      ar: "العناوين التي يصلها ملخص المشكلات، مفصولة بفواصل.",
    },
  },
  {
    key: "digest_minutes",
    en: "Digest interval (minutes)",
    ar: "فاصل ملخص المشكلات (دقائق)",
    note: {
      en: "At most one problem digest to each staff address in this many minutes; the changes meanwhile go into the next one.",
      ar: "ملخص مشكلات واحد على الأكثر لكل عنوان من عناوين الموظفين خلال هذه الدقائق؛ وما يتغير خلالها يأتي في الملخص التالي.",
    },
    default: "15",
  },
  {
    key: "public_url",
    en: "Public site URL",
    ar: "رابط الموقع العام",
    note: {
      en: "The website where published meetings appear (https://…).",
      ar: "الموقع الذي تظهر فيه الاجتماعات المنشورة (https://…).",
    },
  },
  {
    key: "summary_to",
    en: "Summary recipients",
    ar: "مستلمو الملخص",
    note: {
      en: "invited: everyone invited gets the summary; accepted: only those who accepted.",
      ar: "المدعوون: يصل الملخص إلى كل المدعوين؛ الموافقون: فقط من قبلوا الدعوة.",
    },
    default: "invited",
    choices: [
      { value: "invited", en: "invited", ar: "المدعوون" },
      { value: "accepted", en: "accepted", ar: "الموافقون" },
    ],
  },
  {
    key: "email_languages",
    en: "Email languages",
    ar: "لغات الرسائل",
    note: {
      en: "both: each email in the contact's language, then the other; ar or en: that language only.",
      ar: "كلتاهما: كل رسالة بلغة جهة الاتصال ثم باللغة الأخرى؛ ar أو en: تلك اللغة فقط.",
    },
    default: "both",
    choices: [
      { value: "both", en: "both", ar: "كلتاهما" },
      { value: "ar", en: "Arabic", ar: "العربية" },
      { value: "en", en: "English", ar: "الإنجليزية" },
    ],
  },
  {
    key: "follow_up_days",
    en: "Follow-up (days before)",
    ar: "المتابعة (أيام قبل الموعد)",
    note: {
      en: "How many days before the start one short follow-up, with the answer buttons, goes to invitees who have not answered; blank: none.",
      ar: "عدد الأيام قبل بدء الاجتماع التي تُرسل فيها متابعة قصيرة واحدة، فيها أزرار الرد، إلى المدعوين الذين لم يردّوا؛ إذا تُركت فارغة فلا متابعة.",
    },
  },
];
