// The words of every email, one template per kind, in Arabic and English. Each
// returns a Block (see model.ts); cell values go in as `name` runs or plain
// strings and are escaped when drawn.
import type { Lang, Meeting, MeetingKind, Problem, Settings } from "../sheet/types.ts";
import { fieldIn, runIn } from "./languages.ts";
import type { Block, Button, Para } from "./model.ts";
import { describeTime } from "./time.ts";
import type { MailKind, RsvpLinks } from "./types.ts";

interface Words {
  heading: Record<MailKind, string>;
  intro: Record<MailKind, string>;
  subject: Record<MailKind, string>;
  kind: Record<MeetingKind, string>;
  greeting: (name: string) => Para;
  greetingNoName: string;
  title: string;
  date: string;
  time: string;
  allDay: string;
  noDate: string;
  location: string;
  online: string;
  organization: string;
  counterpart: string;
  type: string;
  agenda: string;
  summary: string;
  summaryMissing: string;
  rsvp: { accept: string; tentative: string; decline: string; prompt: string };
  calendarNote: string;
  unsubscribe: { before: string; label: string };
  sentTo: (network: string, email: string) => Para;
  digest: {
    subject: (n: number) => string;
    /** After the subject: how many problems are new and how many were fixed since the last digest sent. */
    changes: (added: number, fixed: number) => string;
    heading: string;
    intro: (n: number) => string;
    open: string;
    row: string;
    column: string;
    value: string;
    tab: string;
    error: string;
    warning: string;
  };
}

const WORDS: Record<Lang, Words> = {
  ar: {
    heading: {
      invitation: "دعوة إلى اجتماع",
      update: "تعديل على موعد اجتماع",
      cancellation: "إلغاء اجتماع",
      reminder: "تذكير بموعد اجتماع",
      summary: "ملخص اجتماع",
    },
    intro: {
      invitation: "يسرّنا دعوتكم إلى الاجتماع التالي.",
      update: "طرأ تعديل على الاجتماع التالي، وهذه تفاصيله المحدّثة.",
      cancellation: "نأسف لإبلاغكم بإلغاء الاجتماع التالي.",
      reminder: "نذكّركم بموعد الاجتماع التالي.",
      summary: "فيما يلي ملخص الاجتماع التالي.",
    },
    subject: {
      invitation: "دعوة",
      update: "تعديل",
      cancellation: "إلغاء",
      reminder: "تذكير",
      summary: "ملخص",
    },
    kind: {
      meeting: "اجتماع",
      bilateral: "اجتماع ثنائي",
      workshop: "ورشة عمل",
      consultation: "مشاورات",
      briefing: "إحاطة",
    },
    greeting: (name) => ["مرحباً ", { name }, "،"],
    greetingNoName: "مرحباً،",
    title: "الاجتماع",
    date: "التاريخ",
    time: "الوقت",
    allDay: "طوال اليوم",
    noDate: "لم يُسجَّل التاريخ",
    location: "المكان",
    online: "رابط الاجتماع",
    organization: "الجهة",
    counterpart: "الضيف",
    type: "النوع",
    agenda: "جدول الأعمال",
    summary: "الملخص",
    summaryMissing: "لم يُكتب الملخص بالعربية بعد.",
    rsvp: {
      prompt: "نرجو تأكيد حضوركم:",
      accept: "سأحضر",
      tentative: "ربما",
      decline: "أعتذر عن الحضور",
    },
    calendarNote: "الموعد مرفق بهذه الرسالة (invite.ics) لإضافته إلى التقويم.",
    unsubscribe: {
      before: "لا تريدون رسائل التذكير والملخصات؟ ",
      label: "إلغاء الاشتراك",
    },
    sentTo: (network, email) => [
      "أُرسلت هذه الرسالة من ",
      { name: network },
      " إلى ",
      { name: email },
      ". للتواصل مع الأمانة يكفي الرد على هذه الرسالة.",
    ],
    digest: {
      subject: (n) => `مشكلات في جدول الاجتماعات (${n})`,
      changes: (added, fixed) => `: ${added} جديدة، ${fixed} صُحّحت`,
      heading: "مشكلات في جدول الاجتماعات",
      intro: (n) =>
        `وجدت المزامنة الأخيرة ${n} من المشكلات. الصفوف التي فيها أخطاء لم تُرسل ولم تُنشر حتى تُصحَّح.`,
      open: "فتح الجدول",
      row: "الصف",
      column: "العمود",
      value: "القيمة",
      tab: "الورقة",
      error: "خطأ",
      warning: "تنبيه",
    },
  },
  en: {
    heading: {
      invitation: "Meeting invitation",
      update: "Meeting updated",
      cancellation: "Meeting cancelled",
      reminder: "Meeting reminder",
      summary: "Meeting summary",
    },
    intro: {
      invitation: "You are invited to the meeting below.",
      update: "The meeting below has changed; these are the current details.",
      cancellation: "We are sorry to let you know that the meeting below is cancelled.",
      reminder: "A reminder of the meeting below.",
      summary: "Here is the summary of the meeting below.",
    },
    subject: {
      invitation: "Invitation",
      update: "Updated",
      cancellation: "Cancelled",
      reminder: "Reminder",
      summary: "Summary",
    },
    kind: {
      meeting: "Meeting",
      bilateral: "Bilateral meeting",
      workshop: "Workshop",
      consultation: "Consultation",
      briefing: "Briefing",
    },
    greeting: (name) => ["Dear ", { name }, ","],
    greetingNoName: "Hello,",
    title: "Meeting",
    date: "Date",
    time: "Time",
    allDay: "All day",
    noDate: "Date not recorded",
    location: "Location",
    online: "Online link",
    organization: "Organization",
    counterpart: "Counterpart",
    type: "Type",
    agenda: "Agenda",
    summary: "Summary",
    summaryMissing: "No English summary has been written yet.",
    rsvp: {
      prompt: "Please let us know if you can attend:",
      accept: "I will attend",
      tentative: "Maybe",
      decline: "I cannot attend",
    },
    calendarNote: "The meeting is attached (invite.ics) for your calendar.",
    unsubscribe: {
      before: "Don't want reminders and summaries? ",
      label: "Unsubscribe",
    },
    sentTo: (network, email) => [
      { name: network },
      " sent this email to ",
      { name: email },
      ". Reply to it to reach the secretariat.",
    ],
    digest: {
      subject: (n) => `Problems in the meetings sheet (${n})`,
      changes: (added, fixed) => `: ${added} new, ${fixed} fixed`,
      heading: "Problems in the meetings sheet",
      intro: (n) =>
        `The last sync found ${n} problem(s). Rows with errors are not sent or published until they are fixed.`,
      open: "Open the sheet",
      row: "row",
      column: "column",
      value: "value",
      tab: "tab",
      error: "Error",
      warning: "Warning",
    },
  },
};

export function networkName(settings: Settings, lang: Lang): string {
  const name =
    lang === "ar"
      ? (settings.network_name_ar ?? settings.network_name_en)
      : (settings.network_name_en ?? settings.network_name_ar);
  return name ?? "Liqaa";
}

export function meetingTitle(meeting: Meeting, lang: Lang): string {
  const title =
    lang === "ar" ? (meeting.title_ar ?? meeting.title_en) : (meeting.title_en ?? meeting.title_ar);
  return title ?? meeting.id;
}

/** Only http(s) links become links; anything else in the cell is shown as text. */
function safeUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function subjectFor(kind: MailKind, meeting: Meeting, lang: Lang): string {
  return `${WORDS[lang].subject[kind]}: ${meetingTitle(meeting, lang)}`;
}

export function mailSubject(kind: MailKind, meeting: Meeting, langs: Lang[]): string {
  return langs.map((lang) => subjectFor(kind, meeting, lang)).join(" | ");
}

export function digestSubject(
  count: number,
  langs: Lang[],
  changes?: { added: number; fixed: number },
): string {
  return langs
    .map((lang) => {
      const words = WORDS[lang].digest;
      const base = words.subject(count);
      return changes ? `${base}${words.changes(changes.added, changes.fixed)}` : base;
    })
    .join(" | ");
}

export interface MeetingBlockInput {
  kind: MailKind;
  lang: Lang;
  meeting: Meeting;
  settings: Settings;
  recipientName: string | null;
  recipientEmail: string;
  rsvp: RsvpLinks | null;
  unsubscribeUrl: string | null;
  hasCalendar: boolean;
}

function meetingDetails(input: MeetingBlockInput): Block["details"] {
  const { lang, meeting, kind } = input;
  const w = WORDS[lang];
  const details: Block["details"] = [
    { label: w.title, value: [{ name: meetingTitle(meeting, lang) }] },
  ];
  if (meeting.kind !== null) details.push({ label: w.type, value: [w.kind[meeting.kind]] });
  const when = describeTime(lang, meeting);
  details.push({ label: w.date, value: [when?.date ?? w.noDate] });
  if (when !== null && kind !== "summary") {
    details.push({ label: w.time, value: [{ name: when.hours ?? w.allDay }] });
  }
  const location = fieldIn(meeting, "location", lang);
  if (location !== null) details.push({ label: w.location, value: [runIn(location, lang)] });
  // The online link is for invitees, and only while the meeting is still on.
  if (meeting.online_url !== null && kind !== "cancellation" && kind !== "summary") {
    const href = safeUrl(meeting.online_url);
    details.push({
      label: w.online,
      value: [href === null ? { name: meeting.online_url } : { link: href, label: href }],
    });
  }
  if (meeting.organization !== null) {
    details.push({ label: w.organization, value: [{ name: meeting.organization }] });
  }
  const counterpart = fieldIn(meeting, "counterpart", lang);
  if (counterpart !== null) {
    details.push({ label: w.counterpart, value: [runIn(counterpart, lang)] });
  }
  return details;
}

export function meetingBlock(input: MeetingBlockInput): Block {
  const { lang, meeting, kind, settings } = input;
  const w = WORDS[lang];
  const network = networkName(settings, lang);
  const paragraphs: Para[] = [
    input.recipientName === null ? [w.greetingNoName] : w.greeting(input.recipientName),
    [w.intro[kind]],
  ];
  const notes: Block["notes"] = [];
  if (kind === "summary") {
    const summary = lang === "ar" ? meeting.summary_ar : meeting.summary_en;
    notes.push({ label: w.summary, text: summary ?? w.summaryMissing });
  } else if (kind !== "cancellation") {
    const agenda = fieldIn(meeting, "agenda", lang);
    if (agenda !== null) {
      const other = agenda.lang === lang ? {} : { lang: agenda.lang };
      notes.push({ label: w.agenda, text: agenda.text, ...other });
    }
  }
  const buttons: Button[] = [];
  const footer: Para[] = [];
  if (input.rsvp !== null && kind !== "cancellation" && kind !== "summary") {
    buttons.push(
      { label: w.rsvp.accept, href: input.rsvp.accept, color: "#15803d" },
      { label: w.rsvp.tentative, href: input.rsvp.tentative, color: "#b45309" },
      { label: w.rsvp.decline, href: input.rsvp.decline, color: "#b91c1c" },
    );
  }
  if (input.hasCalendar) footer.push([w.calendarNote]);
  if (input.unsubscribeUrl !== null) {
    footer.push([w.unsubscribe.before, { link: input.unsubscribeUrl, label: w.unsubscribe.label }]);
  }
  footer.push(w.sentTo(network, input.recipientEmail));
  return {
    lang,
    network,
    heading: w.heading[kind],
    paragraphs,
    details: meetingDetails(input),
    notes,
    items: [],
    buttons,
    buttonsPrompt: buttons.length > 0 ? w.rsvp.prompt : null,
    footer,
  };
}

export function digestBlock(
  lang: Lang,
  settings: Settings,
  problems: Problem[],
  to: string,
  sheetUrl: string | null,
): Block {
  const w = WORDS[lang];
  const d = w.digest;
  const network = networkName(settings, lang);
  const items: Para[] = problems.map((p) => {
    const comma = lang === "ar" ? "، " : ", ";
    const where: Para = [`${d.tab} `, { name: p.tab }];
    if (p.row !== null) where.push(`${comma}${d.row} ${p.row}`);
    if (p.column !== null) where.push(`${comma}${d.column} `, { name: p.column });
    const severity = p.severity === "error" ? d.error : d.warning;
    const out: Para = [`${severity} (`, ...where, "): ", p.message[lang]];
    if (p.value !== null) out.push(` — ${d.value}: `, { name: p.value });
    return out;
  });
  const url = sheetUrl === null ? null : safeUrl(sheetUrl);
  return {
    lang,
    network,
    heading: d.heading,
    paragraphs: [[d.intro(problems.length)]],
    details: [],
    notes: [],
    items,
    buttons: url === null ? [] : [{ label: d.open, href: url, color: "#0b5cad" }],
    buttonsPrompt: null,
    footer: [w.sentTo(network, to)],
  };
}
