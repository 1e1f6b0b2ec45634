// What an organisation's RSVP page says about its slot in a bilateral series,
// Arabic and English: the slot it holds, the free ones it may move to, what
// became of a choice (moved, taken by another organisation a moment before,
// already its slot, moved since the page was drawn, not a slot on offer) and why a pinned slot offers none.
import type { Lang } from "../sheet/types.ts";

/** What became of the slot the page's form sent; absent on a GET. */
export type SlotOutcome = "moved" | "taken" | "same" | "stale" | "unknown" | "past" | "pinned";

export interface SlotWords {
  heading: string;
  /** The slot held now: day and hours, already formatted. */
  yours: (day: string, hours: string) => string;
  /** Above the free slots: times are in this zone. */
  choose: (zone: string) => string;
  noneFree: string;
  pinned: string;
  outcome: Record<SlotOutcome, string>;
}

export const SLOT_WORDS: Record<Lang, SlotWords> = {
  ar: {
    heading: "موعد مؤسستكم في السلسلة",
    yours: (day, hours) => `موعد مؤسستكم: ${day}، ${hours}.`,
    choose: (zone) =>
      `لنقل موعدكم اختاروا موعدًا من المواعيد المتاحة أدناه (${zone}). تصل كل المدعوين من مؤسستكم دعوة محدّثة.`,
    noneFree: "لا يوجد موعد آخر متاح الآن.",
    pinned: "حدّدت الأمانة هذا الموعد، فلا يمكن تغييره من هنا. لتغييره تواصلوا مع الأمانة.",
    outcome: {
      moved: "نُقل موعدكم. تصلكم دعوة محدّثة خلال دقائق.",
      taken: "حجزت مؤسسة أخرى هذا الموعد قبل لحظات. اختاروا موعدًا من المواعيد التي ما زالت متاحة.",
      same: "هذا موعدكم من قبل، فلم يتغير شيء.",
      stale: "تغيّر موعدكم منذ عُرضت هذه الصفحة، فلم يُنقل. هذا موعدكم الآن، وهذه المواعيد المتاحة.",
      unknown: "هذا الموعد ليس من مواعيد السلسلة. اختاروا موعدًا من المواعيد المتاحة.",
      past: "بدأ هذا الموعد أو مضى، فلا يمكن اختياره. اختاروا موعدًا من المواعيد المتاحة.",
      pinned: "لم يتغير الموعد: حدّدته الأمانة.",
    },
  },
  en: {
    heading: "Your organisation's slot in the series",
    yours: (day, hours) => `Your organisation's slot: ${day}, ${hours}.`,
    choose: (zone) =>
      `To move it, choose one of the free slots below (times in ${zone}). Everyone invited from your organisation gets an updated invitation.`,
    noneFree: "No other slot is free now.",
    pinned:
      "The secretariat set this slot, so it cannot be changed here. To change it, write to the secretariat.",
    outcome: {
      moved: "Your slot is moved. An updated invitation reaches you within minutes.",
      taken:
        "Another organisation took that slot a moment ago. Choose one of the slots still free.",
      same: "That is already your slot; nothing changed.",
      stale:
        "Your slot changed since this page was shown, so it was not moved. Here it is now, with the slots still free.",
      unknown: "That is not a slot of this series. Choose one of the free slots.",
      past: "That slot has begun or is over, so it cannot be chosen. Choose one of the free slots.",
      pinned: "Your slot did not change: the secretariat set it.",
    },
  },
};
