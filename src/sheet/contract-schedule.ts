// The Schedule tab's columns: one line per organisation's slot in a bilateral
// series, written by Liqaa; staff own one column, Pinned, which Liqaa reads
// back (a pinned slot is never moved). Kept out of TABS: a sheet without any
// series never has this tab, and the sync must not look for it every hour.
import { type ColumnDef, YES_NO_CHOICES } from "./choices.ts";
import type { Bilingual } from "./types.ts";

export const SCHEDULE_TAB = { en: "Schedule", ar: "الجدول" } as const satisfies Bilingual;

export type ScheduleKey =
  | "series_id"
  | "organisation"
  | "day"
  | "time"
  | "invitees"
  | "answer"
  | "pinned";

export const SCHEDULE_COLUMNS: readonly ColumnDef<ScheduleKey>[] = [
  {
    key: "series_id",
    en: "Series ID",
    ar: "معرف السلسلة",
    required: true,
    owner: "liqaa",
    note: { en: "The series row's ID.", ar: "معرف صف السلسلة." },
  },
  {
    key: "organisation",
    en: "Organisation",
    ar: "الجهة",
    required: true,
    owner: "liqaa",
    note: { en: "The organisation met in this slot.", ar: "الجهة التي يُلتقى بها في هذا الموعد." },
  },
  {
    key: "day",
    en: "Day",
    ar: "اليوم",
    required: false,
    owner: "liqaa",
    note: { en: "The slot's day.", ar: "يوم الموعد." },
  },
  {
    key: "time",
    en: "Time",
    ar: "الوقت",
    required: false,
    owner: "liqaa",
    note: {
      en: "The slot's start and end, in the series' time zone.",
      ar: "بداية الموعد ونهايته، بتوقيت السلسلة.",
    },
  },
  {
    key: "invitees",
    en: "Invitees",
    ar: "المدعوون",
    required: false,
    owner: "liqaa",
    note: { en: "Who is invited to this slot.", ar: "من دُعي إلى هذا الموعد." },
  },
  {
    key: "answer",
    en: "Answer",
    ar: "الرد",
    required: false,
    owner: "liqaa",
    note: { en: "What the invitees answered.", ar: "ما ردّ به المدعوون." },
  },
  {
    key: "pinned",
    en: "Pinned",
    ar: "مثبّت",
    required: false,
    owner: "staff",
    note: {
      en: "yes to keep this organisation at this time: Liqaa never moves a pinned slot, nor may the organisation choose another.",
      ar: "نعم لإبقاء هذه الجهة في هذا الموعد: لا ينقل لقاء موعدًا مثبّتًا، ولا يمكن للجهة اختيار غيره.",
    },
    choices: YES_NO_CHOICES,
  },
];
