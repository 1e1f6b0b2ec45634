// Public text without anybody's contact details: what the feed, the calendar and
// the meeting pages publish passes through here first (src/feed/snapshot.ts).
import { normalizeEmail } from "../sheet/fields.ts";
import type { ParsedSheet } from "../sheet/types.ts";

const REDACTED = "[…]";

/**
 * A link on a host that runs online meetings (zoom.us and its subdomains,
 * meet.google.com, teams.microsoft.com, teams.live.com, *.webex.com, meet.jit.si,
 * whereby.com), with or without its scheme: whoever holds one can join, so it is
 * private whether or not it is the row's own Online link. Other links stay.
 */
const MEETING_LINK =
  /(?<![\p{L}\p{N}.@-])(?:https?:\/\/)?(?:[a-z0-9-]+\.)*(?:zoom\.us|webex\.com|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|meet\.jit\.si|whereby\.com)(?![a-z0-9-])(?::\d+)?(?:[/?#][^\s<>"'«»]*)?/giu;

/** Digits as staff type them: ASCII, Arabic-Indic and Eastern Arabic-Indic (Persian). */
const DIGIT = "[0-9\u0660-\u0669\u06F0-\u06F9]";
/**
 * Something that reads as a phone number: an optional +, then at least 7 digits
 * that spaces, dashes and parentheses may separate. An ISO date (2019-05-16) has
 * 8 digits and dashes too, and is left alone.
 */
const PHONE = new RegExp(
  `(?<!${DIGIT})\\+?\\(?${DIGIT}(?:[ \\t\u00A0\\-()]{0,3}${DIGIT}){6,}\\)?(?!${DIGIT})`,
  "gu",
);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Public text without meeting links or phone numbers, whoever's they are. */
export function redactPatterns(text: string): string {
  return text
    .replace(MEETING_LINK, REDACTED)
    .replace(PHONE, (found) => (ISO_DATE.test(found) ? found : REDACTED));
}

export function clean(text: string | null, secrets: readonly string[]): string | null {
  if (text === null) return null;
  let out = text.trim();
  // Staff sometimes paste a meeting link or an address into a public cell; those
  // must not leave through the feed, whatever the cell.
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.replace(new RegExp(escapeRegExp(secret), "gi"), REDACTED);
  }
  out = redactPatterns(out);
  return out === "" ? null : out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * What the sheet itself says is private, longest first (so a longer secret is
 * replaced before a shorter one inside it): every contact's and staff address,
 * the sender and reply-to, each meeting's invited addresses and Online link.
 */
export function hiddenTexts(parsed: ParsedSheet): string[] {
  const secrets = new Set<string>();
  for (const c of parsed.contacts) secrets.add(normalizeEmail(c.email));
  for (const e of parsed.settings.staff_emails) secrets.add(normalizeEmail(e));
  for (const e of [parsed.settings.sender, parsed.settings.reply_to]) {
    if (e) secrets.add(normalizeEmail(e));
  }
  for (const m of parsed.meetings) {
    if (m.online_url) secrets.add(m.online_url.trim().toLowerCase());
    for (const ref of m.invite) if (ref.type === "email") secrets.add(normalizeEmail(ref.email));
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}
