// The words of every email, one template per kind, in Arabic and English. Each
// returns a Block (see model.ts); cell values go in as `name` runs or plain
// strings and are escaped when drawn.
import type { Lang, Meeting, MeetingKind, Settings } from "../sheet/types.ts";
import type { MaterialChange } from "../sync/changes.ts";
import { fieldIn, runIn } from "./languages.ts";
import type { Block, Button, ChangeRow, Para } from "./model.ts";
import { describeTime } from "./time.ts";
import type { MailKind, RsvpLinks } from "./types.ts";

export interface Words {
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
  /** An update's table of what changed: its heading, its two columns, and a value that is no longer or not yet there. */
  changes: { heading: string; before: string; after: string; none: string };
  rsvp: { accept: string; tentative: string; decline: string; prompt: string };
  calendarNote: string;
  /** A cancellation's and a reminder's calendar file: the names src/mail/mime.ts gives them. */
  cancelNote: string;
  copyNote: string;
  unsubscribe: { before: string; label: string };
  sentTo: (network: string, email: string) => Para;
}

export const WORDS: Record<Lang, Words> = {
  ar: {
    heading: {
      invitation: "دعوة إلى اجتماع",
      update: "تعديل على موعد اجتماع",
      cancellation: "إلغاء اجتماع",
      reminder: "تذكير بموعد اجتماع",
      summary: "ملخص اجتماع",
      "follow-up": "بانتظار ردّكم",
    },
    intro: {
      invitation: "يسرّنا دعوتكم إلى الاجتماع التالي.",
      update: "طرأ تعديل على الاجتماع التالي، وهذه تفاصيله المحدّثة.",
      cancellation: "نأسف لإبلاغكم بإلغاء الاجتماع التالي.",
      reminder: "نذكّركم بموعد الاجتماع التالي.",
      summary: "فيما يلي ملخص الاجتماع التالي.",
      "follow-up": "لم يصلنا ردّكم بعد على الدعوة إلى الاجتماع التالي.",
    },
    subject: {
      invitation: "دعوة",
      update: "تعديل",
      cancellation: "إلغاء",
      reminder: "تذكير",
      summary: "ملخص",
      "follow-up": "بانتظار ردّكم",
    },
    kind: {
      meeting: "اجتماع",
      bilateral: "اجتماع ثنائي",
      workshop: "ورشة عمل",
      consultation: "مشاورات",
      briefing: "إحاطة",
      bilateral_series: "لقاء ثنائي",
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
    changes: { heading: "ما الذي تغيّر", before: "سابقاً", after: "الآن", none: "لا يوجد" },
    rsvp: {
      prompt: "نرجو تأكيد حضوركم:",
      accept: "سأحضر",
      tentative: "ربما",
      decline: "أعتذر عن الحضور",
    },
    calendarNote: "الموعد مرفق بهذه الرسالة (invite.ics) لإضافته إلى التقويم.",
    cancelNote: "أُلغي هذا الاجتماع؛ الملف المرفق (cancel.ics) يحذفه من التقويم.",
    copyNote: "نسخة من الموعد مرفقة بهذه الرسالة (meeting.ics) إن لم يعد في تقويمكم.",
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
  },
  en: {
    heading: {
      invitation: "Meeting invitation",
      update: "Meeting updated",
      cancellation: "Meeting cancelled",
      reminder: "Meeting reminder",
      summary: "Meeting summary",
      "follow-up": "Awaiting your reply",
    },
    intro: {
      invitation: "You are invited to the meeting below.",
      update: "The meeting below has changed; these are the current details.",
      cancellation: "We are sorry to let you know that the meeting below is cancelled.",
      reminder: "A reminder of the meeting below.",
      summary: "Here is the summary of the meeting below.",
      "follow-up": "We have not had your reply to the invitation to the meeting below yet.",
    },
    subject: {
      invitation: "Invitation",
      update: "Updated",
      cancellation: "Cancelled",
      reminder: "Reminder",
      summary: "Summary",
      "follow-up": "Awaiting your reply",
    },
    kind: {
      meeting: "Meeting",
      bilateral: "Bilateral meeting",
      workshop: "Workshop",
      consultation: "Consultation",
      briefing: "Briefing",
      bilateral_series: "Bilateral meeting",
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
    changes: { heading: "What changed", before: "Before", after: "Now", none: "None" },
    rsvp: {
      prompt: "Please let us know if you can attend:",
      accept: "I will attend",
      tentative: "Maybe",
      decline: "I cannot attend",
    },
    calendarNote: "The meeting is attached (invite.ics) for your calendar.",
    cancelNote: "The meeting is cancelled; the attached cancel.ics removes it from your calendar.",
    copyNote:
      "A copy of the meeting is attached (meeting.ics), in case it is no longer in your calendar.",
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
export function safeUrl(value: string): string | null {
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
  /** An update: the meeting as this invitee was last sent it, and what differs; null shows no changes. */
  before: { meeting: Meeting; changed: readonly MaterialChange[] } | null;
}

type Row = Block["details"][number];

/**
 * Each detail row, made in one place per field: the update's "what changed"
 * table draws the same rows from the version the invitee had and from the
 * current one. Null: the row is not shown for this meeting or kind.
 */
const ROWS = {
  title: (w: Words, lang: Lang, meeting: Meeting): Row => ({
    label: w.title,
    value: [{ name: meetingTitle(meeting, lang) }],
  }),
  date: (w: Words, lang: Lang, meeting: Meeting): Row => ({
    label: w.date,
    value: [describeTime(lang, meeting)?.date ?? w.noDate],
  }),
  time: (w: Words, lang: Lang, meeting: Meeting, kind: MailKind): Row | null => {
    const when = describeTime(lang, meeting);
    if (when === null || kind === "summary") return null;
    return { label: w.time, value: [{ name: when.hours ?? w.allDay }] };
  },
  location: (w: Words, lang: Lang, meeting: Meeting): Row | null => {
    const location = fieldIn(meeting, "location", lang);
    return location === null ? null : { label: w.location, value: [runIn(location, lang)] };
  },
  online: (w: Words, _lang: Lang, meeting: Meeting, kind: MailKind): Row | null => {
    // The online link is for invitees, and only while the meeting is still on.
    if (meeting.online_url === null || kind === "cancellation" || kind === "summary") return null;
    const href = safeUrl(meeting.online_url);
    return {
      label: w.online,
      value: [href === null ? { name: meeting.online_url } : { link: href, label: href }],
    };
  },
  counterpart: (w: Words, lang: Lang, meeting: Meeting): Row | null => {
    const counterpart = fieldIn(meeting, "counterpart", lang);
    return counterpart === null
      ? null
      : { label: w.counterpart, value: [runIn(counterpart, lang)] };
  },
} satisfies Record<string, (w: Words, lang: Lang, meeting: Meeting, kind: MailKind) => Row | null>;

function meetingDetails(input: MeetingBlockInput): Block["details"] {
  const { lang, meeting, kind } = input;
  const w = WORDS[lang];
  const rows: (Row | null)[] = [
    ROWS.title(w, lang, meeting),
    meeting.kind === null ? null : { label: w.type, value: [w.kind[meeting.kind]] },
    ROWS.date(w, lang, meeting),
    ROWS.time(w, lang, meeting, kind),
    ROWS.location(w, lang, meeting),
    ROWS.online(w, lang, meeting, kind),
    meeting.organization === null
      ? null
      : { label: w.organization, value: [{ name: meeting.organization }] },
    ROWS.counterpart(w, lang, meeting),
  ];
  return rows.filter((row) => row !== null);
}

/** Which detail row shows each kind of change: a new zone shows in the time. */
const ROW_OF: Record<MaterialChange, keyof typeof ROWS> = {
  title: "title",
  date: "date",
  time: "time",
  zone: "time",
  place: "location",
  link: "online",
};

/** An update's changes, old beside new, from the details' own rows; a row that reads the
 *  same either way in this language (only the other title changed) is left out. */
function changeRows(input: MeetingBlockInput): Block["changes"] {
  if (input.before === null) return null;
  const { lang, kind, meeting } = input;
  const w = WORDS[lang];
  const wanted = new Set(input.before.changed.map((change) => ROW_OF[change]));
  const rows: ChangeRow[] = [];
  for (const key of Object.keys(ROWS) as (keyof typeof ROWS)[]) {
    if (!wanted.has(key)) continue;
    const old = ROWS[key](w, lang, input.before.meeting, kind);
    const now = ROWS[key](w, lang, meeting, kind);
    const label = now?.label ?? old?.label;
    if (label === undefined || JSON.stringify(old?.value) === JSON.stringify(now?.value)) continue;
    rows.push({
      label,
      before: old?.value ?? [w.changes.none],
      after: now?.value ?? [w.changes.none],
    });
  }
  const { heading, before, after } = w.changes;
  return rows.length === 0 ? null : { heading, before, after, rows };
}

export function meetingBlock(input: MeetingBlockInput): Block {
  const { lang, meeting, kind, settings } = input;
  const w = WORDS[lang];
  const network = networkName(settings, lang);
  const paragraphs: Para[] = [
    input.recipientName === null ? [w.greetingNoName] : w.greeting(input.recipientName),
    [w.intro[kind]],
  ];
  const changes = changeRows(input);
  const notes: Block["notes"] = [];
  if (kind === "summary") {
    const summary = lang === "ar" ? meeting.summary_ar : meeting.summary_en;
    notes.push({ label: w.summary, text: summary ?? w.summaryMissing });
  } else if (kind !== "cancellation" && kind !== "follow-up") {
    // A follow-up stays short: the meeting's details and the buttons, not its agenda again.
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
  if (input.hasCalendar) {
    const note =
      kind === "cancellation" ? w.cancelNote : kind === "reminder" ? w.copyNote : w.calendarNote;
    footer.push([note]);
  }
  if (input.unsubscribeUrl !== null) {
    footer.push([w.unsubscribe.before, { link: input.unsubscribeUrl, label: w.unsubscribe.label }]);
  }
  footer.push(w.sentTo(network, input.recipientEmail));
  return {
    lang,
    network,
    heading: w.heading[kind],
    changes,
    paragraphs,
    details: meetingDetails(input),
    notes,
    items: [],
    buttons,
    buttonsPrompt: buttons.length > 0 ? w.rsvp.prompt : null,
    footer,
  };
}
