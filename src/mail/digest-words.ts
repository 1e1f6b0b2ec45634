// The words of the staff's problem digest, in Arabic and English (digest-block.ts
// draws them); the meeting emails' words are in templates.ts.
import type { Lang } from "../sheet/types.ts";

export interface DigestWords {
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
}

export const DIGEST_WORDS: Record<Lang, DigestWords> = {
  ar: {
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
  en: {
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
};
