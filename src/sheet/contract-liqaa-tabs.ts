// The columns of the two tabs Liqaa writes: Responses (one line per invitation
// and email; staff write one cell of it, Resend, to ask for an email again) and
// Sync log (the last sync's problems).
import { type ColumnDef, RESPONSE_CHOICES, YES_NO_CHOICES } from "./choices.ts";

export type ResponsesKey =
  | "meeting_id"
  | "meeting"
  | "email"
  | "name"
  | "message"
  | "sent"
  | "response"
  | "delivery"
  | "resend"
  | "substitute";

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
  {
    // Last, so a sheet made before it keeps its columns where they were; the
    // next write of the tab (always whole) adds it.
    key: "resend",
    en: "Resend",
    ar: "إعادة الإرسال",
    required: false,
    owner: "staff",
    note: {
      en: "Type yes (or tick) to send this line's latest email again at the next sync; Liqaa clears the cell and says what happened under Delivery.",
      ar: "اكتب نعم (أو ضع علامة) لإعادة إرسال آخر رسالة في هذا السطر في المزامنة التالية؛ يمسح لقاء الخانة ويكتب ما جرى تحت التسليم.",
    },
    choices: YES_NO_CHOICES,
  },
  {
    // After Resend, for the same reason. Liqaa writes it; staff refuse a
    // substitute by clearing it on the substitute's own line (src/substitutes/).
    key: "substitute",
    en: "Substitute",
    ar: "البديل",
    required: false,
    owner: "staff",
    note: {
      en: "Who replaces this invitee, or whom this substitute replaces. Clear it on a substitute's line to refuse them: they get a cancellation at the next sync.",
      ar: "من ينوب عن هذا المدعو، أو عمّن ينوب هذا البديل. امسح الخانة في سطر البديل لرفضه: يصله إلغاء في المزامنة التالية.",
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
