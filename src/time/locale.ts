// The locale each reader's language is formatted in, shared by the emails, the feed
// and the meeting pages so a date reads the same everywhere. ar-SY writes the
// Levant's month names (كانون الثاني, not يناير) and Arabic-Indic digits, as the
// network writes them; en-GB puts the day before the month, as its partners do.
import type { Lang } from "../sheet/types.ts";

export const LOCALE: Record<Lang, string> = { ar: "ar-SY", en: "en-GB" };
