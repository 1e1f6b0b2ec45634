// The Meetings tab's columns: one row a meeting. The ID, the titles, the
// date and times, the place and link, who is invited, the status and what is
// published; staff own every column but Sync status. Location, Counterpart and
// Agenda are the Arabic ones, each with an optional English column beside it, as
// the titles are: a sheet without the English columns reads as it always did.
import { type ColumnDef, KIND_CHOICES, STATUS_CHOICES, YES_NO_CHOICES } from "./choices.ts";

export type MeetingKey =
  | "id"
  | "title_ar"
  | "title_en"
  | "date"
  | "start"
  | "end"
  | "timezone"
  | "location"
  | "location_en"
  | "online_url"
  | "organization"
  | "counterpart"
  | "counterpart_en"
  | "kind"
  | "invite"
  | "agenda"
  | "agenda_en"
  | "status"
  | "publish"
  | "summary_ar"
  | "summary_en"
  | "sync"
  | "part_of"
  | "follows"
  | "slot_minutes"
  | "break_minutes"
  | "publish_schedule";

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
    key: "location_en",
    en: "Location (English)",
    ar: "المكان بالإنجليزية",
    required: false,
    owner: "staff",
    note: {
      en: "Where the meeting takes place, in English, for partners who read English; blank shows them the Location.",
      ar: "مكان انعقاد الاجتماع بالإنجليزية، للشركاء الذين يقرؤون الإنجليزية؛ إذا تُرك فارغًا يرون المكان كما هو.",
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
    key: "counterpart_en",
    en: "Counterpart (English)",
    ar: "الضيف بالإنجليزية",
    required: false,
    owner: "staff",
    note: {
      en: "The person met, with their title, in English; blank shows English readers the Counterpart.",
      ar: "الشخص الذي يُلتقى به مع صفته، بالإنجليزية؛ إذا تُرك فارغًا يرى قرّاء الإنجليزية الضيف كما هو.",
    },
  },
  {
    key: "kind",
    en: "Type",
    ar: "النوع",
    required: false,
    owner: "staff",
    note: {
      en: "Meeting, bilateral, workshop, consultation, briefing or bilateral series (each organisation invited meets in its own slot).",
      ar: "اجتماع أو ثنائي أو ورشة عمل أو مشاورات أو إحاطة أو سلسلة لقاءات ثنائية (تلتقي كل جهة مدعوة في موعد خاص بها).",
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
    key: "agenda_en",
    en: "Agenda (English)",
    ar: "جدول الأعمال بالإنجليزية",
    required: false,
    owner: "staff",
    note: {
      en: "The points to discuss, in English; blank shows English readers the Agenda.",
      ar: "النقاط المطروحة للنقاش بالإنجليزية؛ إذا تُرك فارغًا يرى قرّاء الإنجليزية جدول الأعمال كما هو.",
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
  // Linked meetings (src/sheet/links.ts): after Sync status, so a sheet made
  // before them gets them at its end from the setup tool, as it reads them.
  {
    key: "part_of",
    en: "Part of",
    ar: "ضمن",
    required: false,
    owner: "staff",
    note: {
      en: "The ID of the event this meeting is held on the margins of; blank if none.",
      ar: "معرف الفعالية التي يُعقد هذا الاجتماع على هامشها؛ اتركه فارغًا إن لم يوجد.",
    },
  },
  {
    key: "follows",
    en: "Follows",
    ar: "يلي",
    required: false,
    owner: "staff",
    note: {
      en: "The ID of the meeting or series this meeting follows; blank if none.",
      ar: "معرف الاجتماع أو سلسلة اللقاءات التي يليها هذا الاجتماع؛ اتركه فارغًا إن لم يوجد.",
    },
  },
  {
    key: "slot_minutes",
    en: "Slot (minutes)",
    ar: "مدة اللقاء (دقائق)",
    required: false,
    owner: "staff",
    note: {
      en: "Bilateral series only: how long each organisation's meeting lasts, in minutes, e.g. 45.",
      ar: "لسلسلة اللقاءات الثنائية فقط: مدة لقاء كل جهة بالدقائق، مثل 45.",
    },
  },
  {
    key: "break_minutes",
    en: "Break (minutes)",
    ar: "الاستراحة (دقائق)",
    required: false,
    owner: "staff",
    note: {
      en: "Bilateral series only: the minutes between two organisations' meetings; blank means none.",
      ar: "لسلسلة اللقاءات الثنائية فقط: الدقائق بين لقاءين متتاليين؛ الفراغ يعني بلا استراحة.",
    },
  },
  {
    key: "publish_schedule",
    en: "Publish schedule",
    ar: "نشر الجدول",
    required: false,
    owner: "staff",
    note: {
      en: "Bilateral series only: yes to publish which organisation meets when, with a published row; blank means no.",
      ar: "لسلسلة اللقاءات الثنائية فقط: نعم لنشر موعد كل جهة مع صف منشور؛ الفراغ يعني لا.",
    },
    choices: YES_NO_CHOICES,
  },
];

/** The optional English columns of the fields whose existing column is the Arabic one. */
export const ENGLISH_TEXT_KEYS = ["location_en", "counterpart_en", "agenda_en"] as const;
export type EnglishTextKey = (typeof ENGLISH_TEXT_KEYS)[number];
