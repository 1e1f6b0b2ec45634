// Liqaa's emails: renderMail turns one (meeting, contact, kind, revision) into a
// finished RFC 5322 message with its calendar; renderDigest writes the staff's
// problem digest. Pure functions: no clock, no I/O, the same input gives the
// same bytes, so a retried send is the same message.
import type { Lang, Meeting, Settings } from "../sheet/types.ts";
import { type MaterialChange, materialChanges, materialValues } from "../sync/changes.ts";
import { fingerprint } from "../sync/fingerprint.ts";
import { buildCalendar, type CalendarMethod, calendarUid } from "./calendar.ts";
import { digestBlock, digestSubject } from "./digest-block.ts";
import { renderHtml } from "./html.ts";
import { fieldIn } from "./languages.ts";
import {
  buildMime,
  checkAddress,
  domainOf,
  headerSafe,
  type Mailbox,
  parseMailbox,
} from "./mime.ts";
import type { Block } from "./model.ts";
import { mailSubject, meetingBlock, meetingTitle, networkName } from "./templates.ts";
import { renderText } from "./text.ts";
import { rfc5322Date } from "./time.ts";
import type { DigestInput, MailInput, RenderedMail } from "./types.ts";
import { MailRenderError } from "./types.ts";

export type { DigestInput, MailInput, MailKind, RenderedMail, RsvpLinks } from "./types.ts";
export { MailRenderError } from "./types.ts";

/** The languages of a mail, in order: "both" puts the reader's own first. */
export function mailLanguages(settings: Settings, preferred: Lang): Lang[] {
  if (settings.email_languages !== "both") return [settings.email_languages];
  return preferred === "ar" ? ["ar", "en"] : ["en", "ar"];
}

function sender(settings: Settings, lang: Lang): Mailbox {
  if (settings.sender === null || settings.sender.trim() === "") {
    throw new MailRenderError("sender.missing", "Settings name no sender address");
  }
  const box = parseMailbox(settings.sender);
  return { address: box.address, name: box.name ?? networkName(settings, lang) };
}

/**
 * A link fit for List-Unsubscribe: https (RFC 8058 asks for it, and mail
 * providers ignore anything else), or plain http on this machine's own
 * loopback, so the emails of a local `npm start` carry links that work there.
 */
function httpsOrNull(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === "https:") return url;
    return protocol === "http:" && isLoopback(hostname) ? url : null;
  } catch {
    return null;
  }
}

const isLoopback = (host: string) =>
  host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** The calendar's DESCRIPTION: what a calendar entry should say, the online link included. */
function calendarDescription(input: MailInput, langs: Lang[]): string {
  const { meeting } = input;
  const lines: string[] = [];
  // The entry's language is the mail's first, as its SUMMARY and LOCATION are.
  const first = langs[0] ?? "ar";
  for (const lang of langs) lines.push(meetingTitle(meeting, lang));
  if (meeting.organization !== null) lines.push(meeting.organization);
  const [counterpart, agenda] = [
    fieldIn(meeting, "counterpart", first),
    fieldIn(meeting, "agenda", first),
  ];
  if (counterpart !== null) lines.push(counterpart.text);
  if (meeting.online_url !== null && input.kind !== "cancellation")
    lines.push("", meeting.online_url);
  if (agenda !== null && input.kind !== "cancellation") lines.push("", agenda.text);
  return lines.join("\n");
}

/** The one-click unsubscribe link of a reminder, follow-up or summary; none on other kinds. */
function leaveLink(input: MailInput): string | null {
  const { kind } = input;
  return kind === "reminder" || kind === "follow-up" || kind === "summary"
    ? httpsOrNull(input.unsubscribeUrl)
    : null;
}

/** The kinds that carry no calendar: a held meeting's summary, and a follow-up, which only asks for an answer. */
const withoutCalendar = (kind: MailInput["kind"]) => kind === "summary" || kind === "follow-up";

/** An update's previous version, as the invitee was sent it, and what changed since; null for other kinds. */
function previousVersion(
  input: MailInput,
): { meeting: Meeting; changed: readonly MaterialChange[] } | null {
  const { kind, meeting, previousFingerprint: before } = input;
  if (kind !== "update" || before === undefined) return null;
  const values = materialValues(before);
  const changed = materialChanges(before, fingerprint(meeting));
  if (values === null || changed.length === 0) return null;
  // A blank English place is an absent one (the sheet's optional column).
  const { timezone, location_en, ...rest } = values;
  const old: Meeting = { ...meeting, ...rest, timezone: timezone ?? meeting.timezone };
  if (location_en === null) delete old.location_en;
  else old.location_en = location_en;
  return { meeting: old, changed };
}

/** What a meeting email says, one block per language, before it is drawn (the bidi test reads these). */
export function mailBlocks(input: MailInput): Block[] {
  const { kind, meeting, contact, settings } = input;
  const rsvp = kind === "cancellation" || kind === "summary" ? undefined : input.rsvp;
  return mailLanguages(settings, contact.language).map((lang) =>
    meetingBlock({
      kind,
      lang,
      meeting,
      settings,
      recipientName: contact.name,
      recipientEmail: checkAddress(headerSafe(contact.email)),
      rsvp: rsvp ?? null,
      unsubscribeUrl: leaveLink(input),
      hasCalendar: !withoutCalendar(kind),
      before: previousVersion(input),
    }),
  );
}

/**
 * Calendar replies go to the ORGANIZER: the replies address, under the
 * sender's name, when it is in the sender's domain (one domain verified in SES
 * and routed by Email Routing); otherwise the sender, as before.
 */
function organizerOf(from: Mailbox, replies: string | null | undefined): Mailbox {
  if (!replies || domainOf(replies) !== domainOf(from.address)) return from;
  return { name: from.name, address: checkAddress(headerSafe(replies)) };
}

export function renderMail(input: MailInput): RenderedMail {
  const { kind, meeting, contact, settings } = input;
  const langs = mailLanguages(settings, contact.language);
  const first = langs[0] ?? "ar";
  const from = sender(settings, first);
  const to: Mailbox = { name: contact.name, address: checkAddress(headerSafe(contact.email)) };

  // A held meeting's summary and a follow-up carry no calendar, and neither does a
  // meeting with no date (a follow-up that reset an answer would undo what it asks for).
  // A reminder's calendar is a copy without METHOD: as a REQUEST at the same
  // SEQUENCE it would reset the invitee's answer, or bring back an entry they deleted.
  const method: CalendarMethod =
    kind === "cancellation" ? "CANCEL" : kind === "reminder" ? null : "REQUEST";
  const ics = withoutCalendar(kind)
    ? null
    : buildCalendar({
        method,
        uid: input.uid ?? calendarUid(meeting.id, from.address),
        meeting,
        contact: { ...contact, email: to.address },
        organizer: organizerOf(from, input.organizer),
        sequence: input.sequence,
        now: input.now,
        languages: langs,
        description: calendarDescription(input, langs),
      });

  const blocks = mailBlocks(input);
  const unsubscribeUrl = leaveLink(input);
  const subject = headerSafe(mailSubject(kind, meeting, langs));
  return assemble(
    { subject, blocks, from, to, settings, input, langs, unsubscribeUrl },
    ics === null ? null : { ics, method },
  );
}

/**
 * Problems a digest lists; a sheet of 10,000 bad rows would otherwise be one
 * email of megabytes (and an outbox value D1 refuses). The Sync log has them all.
 */
export const DIGEST_LISTED = 200;

const MORE: Record<Lang, (n: number) => string> = {
  ar: (n) => `و${n} مشكلة أخرى — انظر ورقة «سجل المزامنة» في الجدول.`,
  en: (n) => `and ${n} more — see the Sync log tab in the sheet.`,
};

const LEAVE_DIGEST: Record<Lang, { before: string; label: string }> = {
  ar: { before: "لإيقاف ملخص المشكلات عن هذا العنوان: ", label: "إلغاء الاشتراك" },
  en: { before: "To stop the problem digest to this address: ", label: "unsubscribe" },
};

/** What a digest says, one block per language, before it is drawn. */
export function digestBlocks(input: DigestInput): Block[] {
  const { settings } = input;
  const to = checkAddress(headerSafe(input.to));
  const more = Math.max(0, input.problems.length - DIGEST_LISTED);
  const unsubscribeUrl = httpsOrNull(input.unsubscribeUrl);
  return mailLanguages(settings, "ar").map((lang) => {
    // The intro counts every problem; the list stops and points to where the rest are.
    const block = digestBlock(lang, settings, input.problems, to, input.sheetUrl ?? null);
    const items =
      more === 0 ? block.items : [...block.items.slice(0, DIGEST_LISTED), [MORE[lang](more)]];
    const footer =
      unsubscribeUrl === null
        ? block.footer
        : [
            ...block.footer,
            [LEAVE_DIGEST[lang].before, { link: unsubscribeUrl, label: LEAVE_DIGEST[lang].label }],
          ];
    return { ...block, items, footer };
  });
}

export function renderDigest(input: DigestInput): RenderedMail {
  const { settings } = input;
  // Staff work in Arabic first; "both" keeps English after it.
  const langs = mailLanguages(settings, "ar");
  const first = langs[0] ?? "ar";
  const from = sender(settings, first);
  const to: Mailbox = { name: null, address: checkAddress(headerSafe(input.to)) };
  const unsubscribeUrl = httpsOrNull(input.unsubscribeUrl);
  const blocks = digestBlocks(input);
  const subject = headerSafe(digestSubject(input.problems.length, langs, input.changes));
  return assemble({ subject, blocks, from, to, settings, input, langs, unsubscribeUrl }, null);
}

/** One email's parts made into the message that is sent: HTML, text and the MIME tree. */
function assemble(
  parts: {
    subject: string;
    blocks: Parameters<typeof renderHtml>[1];
    from: Mailbox;
    to: Mailbox;
    settings: Settings;
    input: { now: Date; messageId: string };
    langs: Lang[];
    unsubscribeUrl: string | null;
  },
  calendar: { ics: string; method: CalendarMethod } | null,
): RenderedMail {
  const { subject, blocks, from, to, settings, input, langs, unsubscribeUrl } = parts;
  const html = renderHtml(subject, blocks);
  const text = renderText(blocks);
  const raw = buildMime({
    from,
    to,
    replyTo: settings.reply_to,
    subject,
    date: rfc5322Date(input.now),
    messageId: input.messageId,
    languages: langs.join(", "),
    unsubscribeUrl,
    text,
    html,
    calendar,
  });
  return {
    subject,
    from: from.address,
    to: to.address,
    raw,
    ics: calendar?.ics ?? null,
    html,
    text,
  };
}
