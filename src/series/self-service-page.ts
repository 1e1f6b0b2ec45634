// The slot part of an organisation's RSVP page for a bilateral series, as a
// pure function of what D1 says (src/rsvp/routes.ts reads it): the slot the
// organisation holds, in the meeting's zone and the block's language, and the
// free slots of its series as one form of buttons grouped by day, each button
// moving the slot there in one press. A slot staff pinned offers no choice; a
// page answering a choice says first what became of it.
import { formatDays, formatHours, formatZone } from "../mail/time.ts";
import type { ChoiceForm, PageSection } from "../rsvp/page.ts";
import type { Lang } from "../sheet/types.ts";
import { zonedInstant } from "../time/interval.ts";
import { SLOT_WORDS, type SlotOutcome } from "./self-service-words.ts";
import type { SlotTime } from "./window.ts";

export type { SlotTime } from "./window.ts";

export interface SlotPart {
  /** The organisation's slot now; null when it holds none (the sync has not assigned it yet). */
  held: SlotTime | null;
  /** Set by staff: shown, never offered for a move. */
  pinned: boolean;
  /** The series' slots nobody holds, in time order. */
  free: SlotTime[];
  /** The series' zone: the days and hours are its wall clock. */
  timezone: string;
  /** Where the choice POSTs; null: no form (the page answering a choice on a closed invitation). */
  action: string | null;
  outcome?: SlotOutcome;
}

/** The form field each slot button sends, and its value: the slot's day and start, "2019-11-18T09:00". */
export const SLOT_FIELD = "slot";
/** The hidden field holding the slot the page showed as the organisation's: a move applies only from there. */
export const FROM_FIELD = "from";
export const slotValue = (slot: { day: string; start: string }) => `${slot.day}T${slot.start}`;

/** A posted value read back; null when it is not a day and a start. */
export function parseSlotValue(value: string): { day: string; start: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  return m?.[1] && m[2] ? { day: m[1], start: m[2] } : null;
}

const TONE: Record<SlotOutcome, "accept" | "stop" | "info"> = {
  moved: "accept",
  taken: "stop",
  same: "info",
  stale: "stop",
  unknown: "stop",
  past: "stop",
  pinned: "stop",
};

/** The zone as the emails name it, at the first slot shown (its offset then). */
function zoneName(lang: Lang, slots: SlotPart): string {
  const first = slots.held ?? slots.free[0];
  const at = first ? zonedInstant(first.day, first.start, slots.timezone) : null;
  try {
    return formatZone(lang, slots.timezone, at ?? new Date());
  } catch {
    // A zone this runtime does not know (the parser admits none): its IANA name.
    return slots.timezone;
  }
}

/** The free slots, a group per day in the order given. */
function groups(lang: Lang, free: readonly SlotTime[]): ChoiceForm["groups"] {
  const out: ChoiceForm["groups"] = [];
  let day: string | null = null;
  for (const slot of free) {
    if (slot.day !== day) {
      day = slot.day;
      out.push({ label: formatDays(lang, slot.day, slot.day), options: [] });
    }
    out[out.length - 1]?.options.push({
      value: slotValue(slot),
      label: formatHours(lang, slot.start, slot.end),
    });
  }
  return out;
}

/** Adds the slot part to one language's block of the RSVP page. */
export function addSlotPart(part: PageSection, lang: Lang, slots: SlotPart): void {
  const w = SLOT_WORDS[lang];
  const text: string[] = [];
  if (slots.held !== null) {
    const { day, start, end } = slots.held;
    text.push(w.yours(formatDays(lang, day, day), formatHours(lang, start, end)));
  }
  if (slots.outcome !== undefined) {
    // What the choice did comes first: it is what the reader pressed the button for.
    part.notice = { tone: TONE[slots.outcome], text: w.outcome[slots.outcome] };
  }
  if (slots.pinned || slots.action === null) {
    if (slots.pinned) text.push(w.pinned);
    part.choice = { heading: w.heading, text, action: null, name: SLOT_FIELD, groups: [] };
    return;
  }
  text.push(slots.free.length === 0 ? w.noneFree : w.choose(zoneName(lang, slots)));
  part.choice = {
    heading: w.heading,
    text,
    action: slots.action,
    name: SLOT_FIELD,
    ...(slots.held === null
      ? {}
      : { hidden: [{ name: FROM_FIELD, value: slotValue(slots.held) }] }),
    groups: groups(lang, slots.free),
  };
}

/** The facts self-service.ts read, as the page's slot part; `action` null: shown, nothing offered. */
export function slotPartFrom(
  ctx: { slot: SlotTime & { pinned: boolean }; free: SlotTime[]; timezone: string },
  action: string | null,
  outcome?: SlotOutcome,
): SlotPart {
  const { day, start, end, pinned } = ctx.slot;
  return {
    held: { day, start, end },
    pinned,
    free: ctx.free,
    timezone: ctx.timezone,
    action,
    ...(outcome === undefined ? {} : { outcome }),
  };
}
