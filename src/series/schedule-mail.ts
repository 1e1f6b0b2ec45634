// The whole schedule of a bilateral series, for the secretariat: one email to
// the Settings' reply-to address (the secretariat's own inbox, which answers
// for the counterpart: the sheet holds the counterpart's name, not an address)
// listing every slot with its organisation, with one calendar file holding
// every slot. It is composed here, like the staff digest, and goes through the
// outbox: its key holds a hash of the schedule, so an unchanged schedule is
// sent once and each changed one once more. The calendar file has no METHOD
// (a plain copy, as a reminder's: RFC 5545 §3.7.2 lets no scheduling be
// assumed), one VEVENT per slot under its own UID (`<slot meeting ID>.schedule@
// <domain>`, never an organisation's own entry), SEQUENCE the number of
// schedules sent before, so a newer one replaces the older in a calendar.
import ical from "ical-generator";
import { renderHtml } from "../mail/html.ts";
import { buildMime, domainOf, parseMailbox } from "../mail/mime.ts";
import type { Block } from "../mail/model.ts";
import { mailLanguages } from "../mail/render.ts";
import { renderText } from "../mail/text.ts";
import { rfc5322Date } from "../mail/time.ts";
import { insertComposed, insertedCount } from "../outbox/insert.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import { fnv1a } from "../sheet/ids.ts";
import type { Lang, Settings } from "../sheet/types.ts";
import { messageIdFor } from "../sync/compose.ts";
import type { StoredState } from "../sync/types.ts";
import { zonedTimeToUtcMs } from "../time/zone.ts";
import type { SeriesView } from "./expand.ts";

export const SCHEDULE_KIND = "schedule" as const;

const WORDS: Record<Lang, { subject: string; heading: string; intro: string; empty: string }> = {
  ar: {
    subject: "جدول اللقاءات",
    heading: "جدول اللقاءات الثنائية",
    intro: "مواعيد الجهات في هذه السلسلة كما هي الآن:",
    empty: "لا جهة في السلسلة بعد.",
  },
  en: {
    subject: "Schedule",
    heading: "The bilateral meetings' schedule",
    intro: "Each organisation's slot in this series as it stands now:",
    empty: "No organisation in the series yet.",
  },
};

/** One line per slot, as the email lists them: day, time, organisation. */
export function scheduleLines(view: SeriesView): string[] {
  return view.slots.map(
    (s) => `${s.day.replaceAll("-", "/")} ${s.start}-${s.end} · ${s.organisation.name}`,
  );
}

/** Queues each scheduled series' schedule to the reply-to address once per distinct schedule; how many were queued. */
export async function queueSchedules(
  db: D1Database,
  views: readonly SeriesView[],
  settings: Settings,
  /** What D1 held when the sync began: the suppressed addresses and the outbox's keys. */
  state: Pick<StoredState, "suppressed" | "sentKeys">,
  runId: string,
  now: Date,
): Promise<number> {
  const due = views.filter((v) => v.meeting.status === "scheduled" && v.slots.length > 0);
  if (settings.sender === null || settings.reply_to === null || due.length === 0) return 0;
  const to = normalizeEmail(settings.reply_to);
  if (state.suppressed.has(to)) return 0;
  const lang = mailLanguages(settings, "ar")[0] ?? "ar";
  const rows = [];
  for (const view of due) {
    const lines = scheduleLines(view);
    const m = view.meeting;
    const hash = fnv1a(JSON.stringify([m.title_ar, m.title_en, m.timezone, m.location, lines]));
    // Keys are `<prefix><n>:<hash>`, n counting the schedules composed before: the
    // secretariat gets a new one whenever the schedule differs from the LAST one
    // it got, a return to an earlier schedule included.
    const prefix = `${view.storedId}|${to}|${SCHEDULE_KIND}|`;
    let before = 0;
    let latest: { n: number; hash: string } | null = null;
    for (const k of state.sentKeys) {
      if (!k.startsWith(prefix)) continue;
      before += 1;
      const [n, h] = k.slice(prefix.length).split(":");
      if (latest === null || Number(n) > latest.n) latest = { n: Number(n), hash: h ?? "" };
    }
    if (latest?.hash === String(hash)) continue;
    const sequence = latest === null ? 0 : latest.n + 1;
    const key = `${prefix}${sequence}:${hash}`;
    const raw = buildMime({
      from: parseMailbox(settings.sender),
      to: { name: null, address: to },
      replyTo: null,
      subject: mailLanguages(settings, lang)
        .map((l) => `${WORDS[l].subject}: ${title(view, l)}`)
        .join(" | "),
      date: rfc5322Date(now),
      messageId: await messageIdFor(key),
      languages: mailLanguages(settings, lang).join(", "),
      unsubscribeUrl: null,
      ...bodies(view, mailLanguages(settings, lang), settings),
      calendar: { ics: scheduleCalendar(view, settings.sender, before, now), method: null },
    });
    rows.push({
      key,
      meeting_id: view.storedId,
      email: to,
      kind: SCHEDULE_KIND,
      sequence,
      language: lang,
      raw,
      from: parseMailbox(settings.sender).address,
    });
  }
  if (rows.length === 0) return 0;
  const results = await db.batch(insertComposed(db, rows, { runId, now }));
  return insertedCount(results);
}

function title(view: SeriesView, lang: Lang): string {
  const m = view.meeting;
  return (lang === "ar" ? (m.title_ar ?? m.title_en) : (m.title_en ?? m.title_ar)) ?? m.id;
}

function bodies(
  view: SeriesView,
  langs: Lang[],
  settings: Settings,
): { text: string; html: string } {
  const lines = scheduleLines(view);
  const blocks: Block[] = langs.map((lang) => ({
    lang,
    network: (lang === "ar" ? settings.network_name_ar : settings.network_name_en) ?? "",
    heading: `${WORDS[lang].heading}: ${title(view, lang)}`,
    changes: null,
    paragraphs: [[WORDS[lang].intro]],
    details: [],
    notes: [],
    items: lines.length === 0 ? [[WORDS[lang].empty]] : lines.map((line) => [line]),
    buttons: [],
    buttonsPrompt: null,
    footer: [],
  }));
  return { text: renderText(blocks), html: renderHtml(title(view, langs[0] ?? "ar"), blocks) };
}

/** One VEVENT per slot, in UTC instants (exact in every client, as calendar.ts writes one day). */
export function scheduleCalendar(
  view: SeriesView,
  sender: string,
  sequence: number,
  now: Date,
): string {
  const calendar = ical({ prodId: { company: "Liqaa", product: "Liqaa", language: "EN" } });
  const domain = domainOf(parseMailbox(sender).address) || "liqaa";
  const zone = view.meeting.timezone;
  for (const slot of view.slots) {
    const start = zonedTimeToUtcMs(slot.day, slot.start, zone);
    const end = zonedTimeToUtcMs(slot.day, slot.end, zone);
    if (start === null || end === null) continue;
    calendar.createEvent({
      id: `${slot.slotMeetingId}.schedule@${domain}`,
      sequence,
      stamp: now,
      start: new Date(start),
      end: new Date(end),
      summary: `${slot.organisation.name} · ${title(view, "ar")}`,
      ...(view.meeting.location ? { location: view.meeting.location } : {}),
    });
  }
  return calendar.toString();
}
