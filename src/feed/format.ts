// Words and dates as a reader sees them, in Arabic (as written in Syria: كانون الثاني)
// or English, shared by the feed's content, the meeting pages and the calendar text.
import { dirOf, pickColumn, type TextIn } from "../sheet/contract-languages.ts";
import type { Lang, MeetingKind } from "../sheet/types.ts";
import { LOCALE } from "../time/locale.ts";
import type { PublicMeeting, PublicStatus } from "./snapshot.ts";

export { LOCALE };

export const KIND_LABEL: Record<MeetingKind, Record<Lang, string>> = {
  meeting: { ar: "اجتماع", en: "Meeting" },
  bilateral: { ar: "اجتماع ثنائي", en: "Bilateral meeting" },
  workshop: { ar: "ورشة عمل", en: "Workshop" },
  consultation: { ar: "مشاورات", en: "Consultation" },
  briefing: { ar: "إحاطة", en: "Briefing" },
  bilateral_series: { ar: "سلسلة لقاءات ثنائية", en: "Bilateral series" },
};

export const STATUS_LABEL: Record<PublicStatus, Record<Lang, string>> = {
  scheduled: { ar: "مؤكد", en: "Scheduled" },
  held: { ar: "منعقد", en: "Held" },
  cancelled: { ar: "ملغى", en: "Cancelled" },
};

export const WORDS = {
  agenda: { ar: "جدول الأعمال", en: "Agenda" },
  summary: { ar: "الملخص", en: "Summary" },
  when: { ar: "الموعد", en: "When" },
  where: { ar: "المكان", en: "Where" },
  with: { ar: "مع", en: "With" },
  undated: { ar: "تاريخ غير محدد", en: "Date not recorded" },
  untitled: { ar: "اجتماع", en: "Meeting" },
} as const satisfies Record<string, Record<Lang, string>>;

/** The words of linked meetings and series (pages, feed content; the widget has its own copy). */
export const LINK_WORDS = {
  partOf: { ar: "ضمن", en: "Part of" },
  onMargins: { ar: "على هامشه", en: "On its margins" },
  follows: { ar: "يلي", en: "Follows" },
  followedBy: { ar: "يليه", en: "Followed by" },
  days: { ar: "الأيام", en: "Days" },
  organizations: { ar: "عدد الجهات", en: "Organisations met" },
  schedule: { ar: "الجدول", en: "Schedule" },
} as const satisfies Record<string, Record<Lang, string>>;

/** The title in the reader's language, else the other one; and which language it is in. */
export function pickText(
  text: { ar: string | null; en: string | null },
  lang: Lang,
): { text: string; lang: Lang } | null {
  const other: Lang = lang === "ar" ? "en" : "ar";
  const mine = text[lang];
  if (mine) return { text: mine, lang };
  const theirs = text[other];
  return theirs ? { text: theirs, lang: other } : null;
}

/**
 * A field a reader of `lang` reads: the English column for English readers when
 * given, else the other column with the language it is in (contract-languages.ts).
 */
export function fieldIn(
  m: PublicMeeting,
  field: "location" | "counterpart" | "agenda",
  lang: Lang,
): TextIn | null {
  return pickColumn({ ar: m[field], en: m[`${field}_en`] ?? null }, lang);
}

/** A value as inline HTML in a `lang` section: escaped, and marked with its own language and direction when it is in the other one. */
export function inlineIn(value: TextIn, lang: Lang): string {
  const text = escapeHtml(value.text.trim()).replace(/\r?\n/g, "<br>");
  return value.lang === lang
    ? text
    : `<span lang="${value.lang}" dir="${dirOf(value.lang)}">${text}</span>`;
}

export function meetingTitle(m: PublicMeeting, lang: Lang): { text: string; lang: Lang } {
  return pickText(m.title, lang) ?? { text: WORDS.untitled[lang], lang };
}

// Building an Intl.DateTimeFormat costs far more than using one (it loads locale
// data), and a feed page formats a few per meeting: keep them per (kind, lang, zone).
// A module-scope data cache, allowed in workerd; zones come from the snapshot, not
// from requests, so it stays small (and is capped anyway).
const formats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 256;

function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (format === undefined) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    format = make();
    formats.set(key, format);
  }
  return format;
}

function dayFormat(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  return cachedFormat(
    `day|${lang}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(LOCALE[lang], {
        timeZone,
        weekday: "long",
        day: "numeric",
        month: "long",
        year: "numeric",
      }),
  );
}

function timeFormat(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  return cachedFormat(
    `time|${lang}|${timeZone}`,
    () => new Intl.DateTimeFormat(LOCALE[lang], { timeZone, hour: "numeric", minute: "2-digit" }),
  );
}

/** "الخميس، ١٥ كانون الثاني ٢٠٢٦، ١٠:٠٠ ص – ١٢:٠٠ م" or the English equivalent; dates in the meeting's zone. */
export function formatWhen(m: PublicMeeting, lang: Lang): string {
  if (m.start === null || m.starts_at === null) return WORDS.undated[lang];
  if (m.all_day) {
    // Date-only values are calendar days, formatted as such whatever the zone.
    const first = dayFormat(lang, "UTC").format(new Date(`${m.start}T00:00:00Z`));
    if (m.end === null || m.end === m.start) return first;
    return `${first} – ${dayFormat(lang, "UTC").format(new Date(`${m.end}T00:00:00Z`))}`;
  }
  const start = new Date(m.starts_at);
  const day = dayFormat(lang, m.timezone).format(start);
  const from = timeFormat(lang, m.timezone).format(start);
  if (m.end === null || m.ends_at === null) return `${day}${sep(lang)} ${from}`;
  const endAt = new Date(m.ends_at);
  const endDay = dayFormat(lang, m.timezone).format(endAt);
  const to = timeFormat(lang, m.timezone).format(endAt);
  const s = sep(lang);
  return endDay === day ? `${day}${s} ${from} – ${to}` : `${day}${s} ${from} – ${endDay}${s} ${to}`;
}

/** A published series slot (instants with offset): its day and hours in the meeting's zone. */
export function formatSlot(start: string, end: string, timeZone: string, lang: Lang): string {
  const from = new Date(start);
  const day = dayFormat(lang, timeZone).format(from);
  const time = timeFormat(lang, timeZone);
  return `${day}${sep(lang)} ${time.format(from)} – ${time.format(new Date(end))}`;
}

/** A calendar day (YYYY-MM-DD) as a reader writes it: "الاثنين، ١٨ تشرين الثاني ٢٠١٩". */
export function formatDay(date: string, lang: Lang): string {
  return dayFormat(lang, "UTC").format(new Date(`${date}T00:00:00Z`));
}

function sep(lang: Lang): string {
  return lang === "ar" ? "،" : ",";
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Plain text as HTML paragraphs: blank lines split paragraphs, single new lines become <br>. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, "<br>")}</p>`)
    .join("");
}
