// Sample rows for the mail tests: a Gaziantep network meeting with UNDP, an
// Arabic and an English reader, and Settings as the sheet would give them.

import type { MailInput, MailKind } from "../../../src/mail/render.ts";
import type { Contact, Meeting, Problem, Settings } from "../../../src/sheet/types.ts";

export const settings: Settings = {
  sender: "invites@network.example.org",
  reply_to: "secretariat@network.example.org",
  network_name_ar: "شبكة المنظمات السورية",
  network_name_en: "Syrian NGO Network",
  timezone: "Europe/Istanbul",
  reminder_hours: 24,
  digest_minutes: 15,
  staff_emails: ["staff@network.example.org"],
  public_url: "https://network.example.org",
  summary_to: "invited",
  email_languages: "both",
};

export const meeting: Meeting = {
  id: "MTG-2026-014",
  id_proposed: false,
  row: 5,
  title_ar: "مشاورات مع UNDP حول التعافي المبكر",
  title_en: "Consultation with UNDP on early recovery",
  date: "2026-12-10",
  date_end: null,
  start: "10:00",
  end: "12:30",
  timezone: "Asia/Damascus",
  location: "Gaziantep, Şehitkamil — UNDP office",
  online_url: "https://meet.example.org/undp-er",
  organization: "UNDP",
  counterpart: "Jane Smith, Resilience Advisor",
  kind: "consultation",
  invite: [{ type: "group", name: "partners" }],
  agenda: "1. Early recovery priorities\n2. الأولويات في الشمال الغربي",
  status: "scheduled",
  publish: true,
  summary_ar: "اتُّفق على ورشة متابعة في كانون الثاني.",
  summary_en: "A follow-up workshop was agreed for January.",
};

export const arabicReader: Contact = {
  row: 3,
  organization: "منظمة بسمة",
  name: "سلمى الأحمد",
  email: "salma@basma.example.org",
  language: "ar",
  groups: ["partners"],
  active: true,
};

export const englishReader: Contact = {
  row: 4,
  organization: "OCHA",
  name: "John O'Neil",
  email: "john.oneil@ocha.example.org",
  language: "en",
  groups: ["partners"],
  active: true,
};

export const rsvp = {
  accept: "https://liqaa.example.org/rsvp/tok123?r=accept",
  tentative: "https://liqaa.example.org/rsvp/tok123?r=tentative",
  decline: "https://liqaa.example.org/rsvp/tok123?r=decline",
};

export const unsubscribeUrl = "https://liqaa.example.org/unsubscribe/tok456";

export const now = new Date(Date.UTC(2026, 10, 20, 9, 15, 0));

export const kinds: MailKind[] = ["invitation", "update", "cancellation", "reminder", "summary"];

/** A full input for a kind, with the links that kind carries. */
export function inputFor(kind: MailKind, overrides: Partial<MailInput> = {}): MailInput {
  return {
    kind,
    meeting: kind === "summary" ? { ...meeting, status: "held" } : meeting,
    contact: arabicReader,
    settings,
    sequence: kind === "cancellation" ? 3 : kind === "update" ? 2 : 1,
    now,
    messageId: `<${kind}-${meeting.id}@liqaa>`,
    ...(kind === "invitation" || kind === "update" || kind === "reminder" || kind === "follow-up"
      ? { rsvp }
      : {}),
    ...(kind === "reminder" || kind === "follow-up" || kind === "summary"
      ? { unsubscribeUrl }
      : {}),
    ...overrides,
  };
}

/** Two problems for the staff digest: an Arabic tab and column with a bad date, a Latin one with markup. */
export const digestProblems: Problem[] = [
  {
    tab: "الاجتماعات",
    row: 7,
    column: "التاريخ",
    value: "2019/13/45",
    code: "date.invalid",
    severity: "error",
    message: { ar: "التاريخ غير صالح", en: "The date is not valid" },
  },
  {
    tab: "Contacts",
    row: 3,
    column: "Email",
    value: "<b>not-an-email</b>",
    code: "email.invalid",
    severity: "warning",
    message: { ar: "البريد غير صالح", en: "Not an email address" },
  },
];
