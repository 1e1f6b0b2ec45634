// The sheet contract in code: tab names, column headers (English and Arabic),
// dropdown choices and Settings keys, as DESIGN.md's contract table gives them.
// The parser matches a sheet against these; the spreadsheet setup tool and the
// demo sheet are built from them, so a header is spelled in one place only.
import type { Bilingual, MeetingKind, MeetingStatus, Settings } from "./types.ts";

export type TabKey = "meetings" | "contacts" | "settings" | "responses" | "syncLog";

/** Each tab's title in both languages; a sheet may use either. */
export const TABS = {
  meetings: { en: "Meetings", ar: "الاجتماعات" },
  contacts: { en: "Contacts", ar: "جهات الاتصال" },
  settings: { en: "Settings", ar: "الإعدادات" },
  responses: { en: "Responses", ar: "الردود" },
  syncLog: { en: "Sync log", ar: "سجل المزامنة" },
} as const satisfies Record<TabKey, Bilingual>;

/** One value of a dropdown: what the parser stores, and the words staff may type for it. */
export interface Choice {
  value: string;
  en: string;
  ar: string;
}

export interface ColumnDef<Key extends string = string> {
  key: Key;
  en: string;
  ar: string;
  /** The tab is unusable without this column (a missing one is one problem for the whole tab). */
  required: boolean;
  /** "liqaa" columns are written by Liqaa; staff should not edit them (the setup tool protects them). */
  owner: "staff" | "liqaa";
  /** One sentence telling staff what goes in the column (the setup tool puts it in the header's note). */
  note: Bilingual;
  choices?: readonly Choice[];
}

export const STATUS_CHOICES = [
  { value: "draft", en: "draft", ar: "مسودة" },
  { value: "scheduled", en: "scheduled", ar: "مؤكد" },
  { value: "cancelled", en: "cancelled", ar: "ملغى" },
  { value: "held", en: "held", ar: "منعقد" },
] as const satisfies readonly (Choice & { value: MeetingStatus })[];

export const KIND_CHOICES = [
  { value: "meeting", en: "meeting", ar: "اجتماع" },
  { value: "bilateral", en: "bilateral", ar: "ثنائي" },
  { value: "workshop", en: "workshop", ar: "ورشة عمل" },
  { value: "consultation", en: "consultation", ar: "مشاورات" },
  { value: "briefing", en: "briefing", ar: "إحاطة" },
] as const satisfies readonly (Choice & { value: MeetingKind })[];

export const YES_NO_CHOICES = [
  { value: "yes", en: "yes", ar: "نعم" },
  { value: "no", en: "no", ar: "لا" },
] as const satisfies readonly Choice[];

export const LANGUAGE_CHOICES = [
  { value: "ar", en: "Arabic", ar: "العربية" },
  { value: "en", en: "English", ar: "الإنجليزية" },
] as const satisfies readonly Choice[];

export const RESPONSE_CHOICES = [
  { value: "accepted", en: "accepted", ar: "قبول" },
  { value: "declined", en: "declined", ar: "اعتذار" },
  { value: "tentative", en: "tentative", ar: "ربما" },
] as const satisfies readonly Choice[];

export type MeetingKey =
  | "id"
  | "title_ar"
  | "title_en"
  | "date"
  | "start"
  | "end"
  | "timezone"
  | "location"
  | "online_url"
  | "organization"
  | "counterpart"
  | "kind"
  | "invite"
  | "agenda"
  | "status"
  | "publish"
  | "summary_ar"
  | "summary_en"
  | "sync";

export const MEETING_COLUMNS: readonly ColumnDef<MeetingKey>[] = [
  {
    key: "id",
    en: "ID",
    ar: "المعرف",
    required: false,
    owner: "liqaa",
    note: {
      en: "Written by Liqaa when blank; do not change or reuse it.",
      ar: "يكتبه لقاء عندما يكون فارغًا؛ لا تغيّره ولا تعِد استخدامه.",
    },
  },
  {
    key: "title_ar",
    en: "Title (Arabic)",
    ar: "العنوان",
    required: true,
    owner: "staff",
    note: {
      en: "The meeting's title in Arabic; at least one of the two titles is needed.",
      ar: "عنوان الاجتماع بالعربية؛ يلزم عنوان واحد على الأقل من العنوانين.",
    },
  },
  {
    key: "title_en",
    en: "Title (English)",
    ar: "العنوان بالإنجليزية",
    required: false,
    owner: "staff",
    note: {
      en: "The meeting's title in English, for partners who read English.",
      ar: "عنوان الاجتماع بالإنجليزية، للشركاء الذين يقرؤون الإنجليزية.",
    },
  },
  {
    key: "date",
    en: "Date",
    ar: "التاريخ",
    required: true,
    owner: "staff",
    note: {
      en: "One day or a range, e.g. 2019/05/16, 16/05/2019 (day first) or 2019/11/18-19.",
      ar: "يوم واحد أو مدة، مثل 2019/05/16 أو 16/05/2019 (اليوم أولًا) أو 2019/11/18-19.",
    },
  },
  {
    key: "start",
    en: "Start",
    ar: "البداية",
    required: false,
    owner: "staff",
    note: {
      en: "Start time, e.g. 10:00, 14:30 or 2 م; leave blank for an all-day meeting.",
      ar: "وقت البدء، مثل 10:00 أو 14:30 أو 2 م؛ اتركه فارغًا لاجتماع يستغرق اليوم كله.",
    },
  },
  {
    key: "end",
    en: "End",
    ar: "النهاية",
    required: false,
    owner: "staff",
    note: {
      en: "End time, after the start time.",
      ar: "وقت الانتهاء، بعد وقت البدء.",
    },
  },
  {
    key: "timezone",
    en: "Time zone",
    ar: "المنطقة الزمنية",
    required: false,
    owner: "staff",
    note: {
      en: "A time zone name such as Europe/Istanbul; blank uses the default from Settings.",
      ar: "اسم منطقة زمنية مثل Europe/Istanbul؛ إذا تُرك فارغًا تُستخدم القيمة الافتراضية من الإعدادات.",
    },
  },
  {
    key: "location",
    en: "Location",
    ar: "المكان",
    required: false,
    owner: "staff",
    note: {
      en: "Where the meeting takes place.",
      ar: "مكان انعقاد الاجتماع.",
    },
  },
  {
    key: "online_url",
    en: "Online link",
    ar: "رابط الاجتماع",
    required: false,
    owner: "staff",
    note: {
      en: "The video call link (https://…); sent to invitees only, never published.",
      ar: "رابط الاجتماع المرئي (https://…)؛ يُرسل إلى المدعوين فقط ولا يُنشر أبدًا.",
    },
  },
  {
    key: "organization",
    en: "Organization",
    ar: "الجهة",
    required: false,
    owner: "staff",
    note: {
      en: "The body the meeting is with, e.g. OCHA or UNDP.",
      ar: "الجهة التي يُعقد معها الاجتماع، مثل OCHA أو UNDP.",
    },
  },
  {
    key: "counterpart",
    en: "Counterpart",
    ar: "الضيف",
    required: false,
    owner: "staff",
    note: {
      en: "The person met, with their title.",
      ar: "الشخص الذي يُلتقى به، مع صفته.",
    },
  },
  {
    key: "kind",
    en: "Type",
    ar: "النوع",
    required: false,
    owner: "staff",
    note: {
      en: "Meeting, bilateral, workshop, consultation or briefing.",
      ar: "اجتماع أو ثنائي أو ورشة عمل أو مشاورات أو إحاطة.",
    },
    choices: KIND_CHOICES,
  },
  {
    key: "invite",
    en: "Invite",
    ar: "المدعوون",
    required: false,
    owner: "staff",
    note: {
      en: "Contact groups and/or email addresses, separated by commas, semicolons or new lines.",
      ar: "مجموعات جهات الاتصال و/أو عناوين البريد، تفصل بينها فواصل أو فواصل منقوطة أو أسطر جديدة.",
    },
  },
  {
    key: "agenda",
    en: "Agenda",
    ar: "جدول الأعمال",
    required: false,
    owner: "staff",
    note: {
      en: "The points to discuss; included in the invitation.",
      ar: "النقاط المطروحة للنقاش؛ تُضمَّن في الدعوة.",
    },
  },
  {
    key: "status",
    en: "Status",
    ar: "الحالة",
    required: true,
    owner: "staff",
    note: {
      en: "draft: nothing is sent; scheduled: invitations go out; cancelled: a cancellation goes out; held: the summary goes out.",
      ar: "مسودة: لا يُرسل شيء؛ مؤكد: تُرسل الدعوات؛ ملغى: يُرسل إشعار الإلغاء؛ منعقد: يُرسل الملخص.",
    },
    choices: STATUS_CHOICES,
  },
  {
    key: "publish",
    en: "Publish",
    ar: "للنشر",
    required: false,
    owner: "staff",
    note: {
      en: "yes to show the meeting on the public website; blank means no.",
      ar: "نعم لعرض الاجتماع على الموقع العام؛ الفراغ يعني لا.",
    },
    choices: YES_NO_CHOICES,
  },
  {
    key: "summary_ar",
    en: "Summary (Arabic)",
    ar: "الملخص",
    required: false,
    owner: "staff",
    note: {
      en: "What was discussed, in Arabic; sent after a held meeting and published with it.",
      ar: "ما نوقش، بالعربية؛ يُرسل بعد انعقاد الاجتماع ويُنشر معه.",
    },
  },
  {
    key: "summary_en",
    en: "Summary (English)",
    ar: "الملخص بالإنجليزية",
    required: false,
    owner: "staff",
    note: {
      en: "What was discussed, in English; sent after a held meeting and published with it.",
      ar: "ما نوقش، بالإنجليزية؛ يُرسل بعد انعقاد الاجتماع ويُنشر معه.",
    },
  },
  {
    key: "sync",
    en: "Sync status",
    ar: "حالة المزامنة",
    required: false,
    owner: "liqaa",
    note: {
      en: "Written by Liqaa: what was sent, or what to fix in this row.",
      ar: "يكتبه لقاء: ما أُرسل، أو ما يجب تصحيحه في هذا الصف.",
    },
  },
];

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

export type ResponsesKey =
  | "meeting_id"
  | "meeting"
  | "email"
  | "name"
  | "message"
  | "sent"
  | "response"
  | "delivery";

export const RESPONSES_COLUMNS: readonly ColumnDef<ResponsesKey>[] = [
  {
    key: "meeting_id",
    en: "Meeting ID",
    ar: "معرف الاجتماع",
    required: true,
    owner: "liqaa",
    note: { en: "The meeting's ID.", ar: "معرف الاجتماع." },
  },
  {
    key: "meeting",
    en: "Meeting",
    ar: "الاجتماع",
    required: false,
    owner: "liqaa",
    note: { en: "The meeting's title.", ar: "عنوان الاجتماع." },
  },
  {
    key: "email",
    en: "Email",
    ar: "البريد الإلكتروني",
    required: true,
    owner: "liqaa",
    note: { en: "The invited address.", ar: "العنوان المدعو." },
  },
  {
    key: "name",
    en: "Name",
    ar: "الاسم",
    required: false,
    owner: "liqaa",
    note: { en: "The contact's name.", ar: "اسم جهة الاتصال." },
  },
  {
    key: "message",
    en: "Message",
    ar: "الرسالة",
    required: false,
    owner: "liqaa",
    note: {
      en: "What was sent: invitation, update, cancellation, reminder or summary.",
      ar: "ما أُرسل: دعوة أو تحديث أو إلغاء أو تذكير أو ملخص.",
    },
  },
  {
    key: "sent",
    en: "Sent",
    ar: "وقت الإرسال",
    required: false,
    owner: "liqaa",
    note: { en: "When it was sent.", ar: "وقت الإرسال." },
  },
  {
    key: "response",
    en: "Response",
    ar: "الرد",
    required: false,
    owner: "liqaa",
    note: {
      en: "The invitee's answer: accepted, declined or tentative.",
      ar: "رد المدعو: قبول أو اعتذار أو ربما.",
    },
    choices: RESPONSE_CHOICES,
  },
  {
    key: "delivery",
    en: "Delivery",
    ar: "التسليم",
    required: false,
    owner: "liqaa",
    note: {
      en: "Whether the email arrived: delivered, bounced or complaint.",
      ar: "هل وصلت الرسالة: سُلّمت أو ارتدّت أو شكوى.",
    },
  },
];

export type SyncLogKey =
  | "time"
  | "severity"
  | "tab"
  | "row"
  | "column"
  | "value"
  | "problem_ar"
  | "problem_en"
  | "code";

export const SYNC_LOG_COLUMNS: readonly ColumnDef<SyncLogKey>[] = [
  {
    key: "time",
    en: "Time",
    ar: "الوقت",
    required: true,
    owner: "liqaa",
    note: { en: "When the sync ran.", ar: "وقت تشغيل المزامنة." },
  },
  {
    key: "severity",
    en: "Severity",
    ar: "الخطورة",
    required: false,
    owner: "liqaa",
    note: {
      en: "error: the row was skipped; warning: the row went on.",
      ar: "خطأ: تم تخطي الصف؛ تنبيه: استمر العمل بالصف.",
    },
    choices: [
      { value: "error", en: "error", ar: "خطأ" },
      { value: "warning", en: "warning", ar: "تنبيه" },
    ],
  },
  {
    key: "tab",
    en: "Tab",
    ar: "الورقة",
    required: false,
    owner: "liqaa",
    note: { en: "The tab with the problem.", ar: "الورقة التي فيها المشكلة." },
  },
  {
    key: "row",
    en: "Row",
    ar: "الصف",
    required: false,
    owner: "liqaa",
    note: { en: "The row number, as the sheet shows it.", ar: "رقم الصف كما يظهر في الجدول." },
  },
  {
    key: "column",
    en: "Column",
    ar: "العمود",
    required: false,
    owner: "liqaa",
    note: { en: "The column header.", ar: "عنوان العمود." },
  },
  {
    key: "value",
    en: "Value",
    ar: "القيمة",
    required: false,
    owner: "liqaa",
    note: { en: "What the cell holds.", ar: "محتوى الخلية." },
  },
  {
    key: "problem_ar",
    en: "Problem (Arabic)",
    ar: "المشكلة",
    required: false,
    owner: "liqaa",
    note: { en: "What is wrong and what to do, in Arabic.", ar: "ما الخطأ وما العمل، بالعربية." },
  },
  {
    key: "problem_en",
    en: "Problem (English)",
    ar: "المشكلة بالإنجليزية",
    required: false,
    owner: "liqaa",
    note: {
      en: "What is wrong and what to do, in English.",
      ar: "ما الخطأ وما العمل، بالإنجليزية.",
    },
  },
  {
    key: "code",
    en: "Code",
    ar: "الرمز",
    required: false,
    owner: "liqaa",
    note: {
      en: "A short code for the kind of problem, for the engineers.",
      ar: "رمز قصير لنوع المشكلة، للمهندسين.",
    },
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
];

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD]/g;
const TATWEEL_AND_DIACRITICS = /[\u0640\u064B-\u065F\u0670]/g;

/**
 * The form a header, tab title, setting name or dropdown word is compared in:
 * staff type the same word with or without tatweel, diacritics, hamza on the
 * alef, stray direction marks and spaces, and in any case.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(TATWEEL_AND_DIACRITICS, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}
