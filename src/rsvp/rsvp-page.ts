// The RSVP page's content, as a pure function of what D1 says (routes.ts reads
// it): for each language the invitation was written in, Arabic first, the
// network, the meeting's title, date, time and place, the answer already given
// or just recorded, and the one button this link may press while the
// invitation is open. A cancelled meeting, one that took place and a withdrawn
// invitation say so and offer no button. Pure, so the browser tests draw
// exactly what the route sends.
import { meetingTitle, networkName } from "../mail/templates.ts";
import { describeTime } from "../mail/time.ts";
import { addSlotPart, type SlotPart } from "../series/self-service-page.ts";
import type { Lang, Meeting, Settings } from "../sheet/types.ts";
import type { RsvpResponse } from "../sync/types.ts";
import { LOCALE } from "../time/locale.ts";
import type { Detail, PageSection, Tone } from "./page.ts";
import { ANSWER, SUBSTITUTE, type SubstituteProblem, TITLE, WORDS } from "./words.ts";

/**
 * A meeting as D1 stored it (meeting-view.ts reads it), with the English place
 * the sheet may carry beside the Arabic one (`location_en`, the Location
 * (English) column) when the sync that recorded it knew that column; older
 * versions have only `location`.
 */
export type StoredMeetingText = Meeting & { location_en?: string | null };

/** Where the invitation stands for this page: open to answers, or why not. */
export type RsvpState = "open" | "cancelled" | "over" | "withdrawn";

export interface RsvpPageInput {
  langs: Lang[];
  settings: Settings | null;
  meeting: StoredMeetingText | null;
  state: RsvpState;
  /** The answer this link gives. */
  response: RsvpResponse;
  /** The answer on record: before this GET, or the one this POST just recorded. */
  current: RsvpResponse | null;
  respondedAt: string | null;
  /** The form's action on a GET; null on the page a POST answers with. */
  action: string | null;
  /** True on the page that confirms an answer just recorded. */
  recorded: boolean;
  /** The substitute part of the page (routes.ts); absent: none shown. */
  substitute?: SubstitutePart;
  /** A bilateral series' slot: the organisation's, and the free ones (src/series/); absent: not a series. */
  slots?: SlotPart;
}

/**
 * What the page says about substitutes: the form (while the invitation is open
 * and has none), the one already named, the one just recorded or why not, or,
 * on a substitute's own page, whom they replace.
 */
export type SubstitutePart =
  | { type: "form"; action: string; problem?: SubstituteProblem }
  | { type: "named" | "recorded"; name: string | null; email: string }
  | { type: "stands_for"; name: string | null; email: string };

export const TONE: Record<RsvpResponse, Tone> = {
  accepted: "accept",
  tentative: "tentative",
  declined: "decline",
};

/** When and where, as the emails write them (src/mail/time.ts); nothing when the meeting is unknown. */
function meetingDetails(lang: Lang, meeting: StoredMeetingText | null): Detail[] {
  if (meeting === null) return [];
  const w = WORDS[lang];
  const out: Detail[] = [];
  let when: ReturnType<typeof describeTime> = null;
  try {
    when = describeTime(lang, meeting);
  } catch {
    // A zone this runtime does not know (the parser admits none): leave the time out.
  }
  if (when !== null) {
    out.push({ label: w.date, value: when.date });
    out.push({ label: w.time, value: when.hours ?? w.allDay });
  }
  // The Location column is the Arabic one; English readers get Location (English)
  // when the sheet has it, else the Arabic text, marked as such by its script.
  const place = lang === "en" ? (meeting.location_en ?? meeting.location) : meeting.location;
  if (place !== null && place !== undefined && place.trim() !== "") {
    out.push({ label: w.place, value: place });
  }
  return out;
}

function answeredOn(
  lang: Lang,
  at: string | null,
  meeting: StoredMeetingText | null,
): string | null {
  if (at === null || Number.isNaN(Date.parse(at))) return null;
  try {
    return new Intl.DateTimeFormat(LOCALE[lang], {
      dateStyle: "long",
      timeZone: meeting?.timezone ?? "UTC",
    }).format(new Date(at));
  } catch {
    return null;
  }
}

function notice(lang: Lang, input: RsvpPageInput, title: string): PageSection["notice"] {
  const w = WORDS[lang];
  switch (input.state) {
    case "cancelled":
      return { tone: "stop", text: w.cancelled };
    case "over":
      return { tone: "info", text: w.over };
    case "withdrawn":
      return { tone: "stop", text: w.withdrawn };
    case "open":
      if (input.recorded) {
        return {
          tone: TONE[input.response],
          text: w.recorded(title, ANSWER[input.response][lang]),
        };
      }
      if (input.current === null) return undefined;
      return {
        tone: TONE[input.current],
        text: w.current(
          ANSWER[input.current][lang],
          answeredOn(lang, input.respondedAt, input.meeting),
        ),
      };
  }
}

function section(lang: Lang, input: RsvpPageInput): PageSection {
  const w = WORDS[lang];
  const title = input.meeting === null ? TITLE[lang] : meetingTitle(input.meeting, lang);
  const answer = ANSWER[input.response][lang];
  const open = input.state === "open";
  const asking = open && !input.recorded && input.action !== null;
  const part: PageSection = {
    lang,
    heading: title,
    text: asking ? [w.prompt(answer)] : input.recorded ? [w.thanks] : [],
    details: meetingDetails(lang, input.meeting),
  };
  if (input.settings !== null) part.network = networkName(input.settings, lang);
  const told = notice(lang, input, title);
  if (told !== undefined) part.notice = told;
  if (asking && input.action !== null) {
    part.forms = [{ action: input.action, button: w.confirm(answer), tone: TONE[input.response] }];
    part.footer = w.otherAnswer;
  }
  if (open && input.slots !== undefined) addSlotPart(part, lang, input.slots);
  if (open && input.substitute !== undefined) substitutePart(part, lang, input.substitute);
  return part;
}

const isolate = (text: string) => `\u2068${text}\u2069`;
const person = (name: string | null, email: string) =>
  name ? `${isolate(name)} <${isolate(email)}>` : isolate(email);

/** The substitute form, or what is known of the substitute, in one language's block. */
function substitutePart(part: PageSection, lang: Lang, sub: SubstitutePart): void {
  const w = SUBSTITUTE[lang];
  const more = typeof part.text === "string" ? [part.text] : part.text;
  switch (sub.type) {
    case "form":
      if (sub.problem !== undefined) part.notice = { tone: "stop", text: w.refused[sub.problem] };
      part.fieldset = {
        heading: w.heading,
        text: w.text,
        action: sub.action,
        button: w.button,
        fields: [
          { name: "name", label: w.name, type: "text", autocomplete: "name", maxlength: 120 },
          { name: "email", label: w.email, type: "email", autocomplete: "email", maxlength: 254 },
        ],
      };
      return;
    case "named":
      part.text = [...more, w.named(person(sub.name, sub.email))];
      return;
    case "recorded":
      part.notice = { tone: "accept", text: w.recorded(person(sub.name, sub.email)) };
      return;
    case "stands_for":
      part.text = [w.standsFor(person(sub.name, sub.email)), ...more];
      return;
  }
}

/** The page's sections, one per language, in the order given (Arabic first). */
export function rsvpSections(input: RsvpPageInput): PageSection[] {
  return input.langs.map((lang) => section(lang, input));
}

/** The document's title: the first language's words and the meeting's title. */
export function rsvpTitle(input: RsvpPageInput): string {
  const lang = input.langs[0] ?? "ar";
  return input.meeting === null
    ? TITLE[lang]
    : `${TITLE[lang]} · ${meetingTitle(input.meeting, lang)}`;
}
