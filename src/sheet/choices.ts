// The building blocks of the sheet contract: what a column is, and the
// dropdown choices (Status, Type, Publish, Language, Response) in both
// languages. The column lists (contract-*.ts) are made of these.
import type { Bilingual, MeetingKind, MeetingStatus } from "./types.ts";

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
  // One counterpart meeting each organisation of the Invite cell in its own slot (src/series/).
  { value: "bilateral_series", en: "bilateral series", ar: "سلسلة لقاءات ثنائية" },
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
