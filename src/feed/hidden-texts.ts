// What the sheet itself says is private (the Hidden that redact.ts's clean
// takes), collected from the Contacts, the Settings and each meeting's
// invitees and Online link, and remembered between syncs: a sync after one
// cell changed neither collects, sorts nor compiles a network's thousand
// addresses again. Split from redact.ts, which cleans the texts.
import { normalizeEmail } from "../sheet/fields.ts";
import type { Contact, Meeting, ParsedSheet } from "../sheet/types.ts";
import { BuildMemo } from "./item-memo.ts";
import { meetingKeys } from "./meeting-keys.ts";
import { type Hidden, LINK, linkKey } from "./redact.ts";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An Online link's key, or null when it does not read as one link (it is then hidden as text). */
function onlineLinkKey(url: string): string | null {
  const trimmed = url.trim();
  const m = new RegExp(LINK.source, "iu").exec(trimmed);
  if (m?.index !== 0 || m[0].length !== trimmed.length) return null;
  // A link with no path hides every link to its host: too much, but never too little.
  return linkKey(m[1] ?? "", m[2] ?? "");
}

/**
 * What the sheet itself says is private: every contact's and staff address, the
 * sender and reply-to, each meeting's invited addresses (longest first, so a longer
 * one is replaced before a shorter one inside it) and each Online link.
 *
 * The same texts give the very same Hidden object as the last call in this
 * isolate, pattern included: a sync after one cell changed neither escapes a
 * network's thousand addresses nor compiles their pattern again, and the
 * snapshot's per-item memo (snapshot.ts) sees at once that nothing private
 * changed. The Contacts' part is read once per parsed Contacts list (the
 * incremental sync shares it with the sync before) and each meeting's once
 * per row and content.
 */
export function hiddenTexts(parsed: ParsedSheet): Hidden {
  const contacts = contactSecrets(parsed.contacts);
  const keys = meetingKeys(parsed);
  const last = lastHidden;
  const parts = parsed.meetings.map((m, i) => {
    const own = meetingsRead.get(m.row, keys[i] ?? JSON.stringify(m), () => meetingSecrets(m));
    // A row edited elsewhere (its title, its date) names the same addresses and link as before.
    const before = last?.parts[i];
    return before !== undefined && before !== own && sameSecrets(before, own) ? before : own;
  });
  meetingsRead.turn();
  // The very parts of the last call: the same texts, without collecting and sorting them again.
  if (
    last !== null &&
    last.contacts === contacts &&
    sameAddresses(last.settings, parsed.settings) &&
    last.parts.length === parts.length &&
    last.parts.every((p, i) => p === parts[i])
  ) {
    return last.hidden;
  }
  const secrets = new Set<string>(contacts);
  const links = new Set<string>();
  for (const e of parsed.settings.staff_emails) secrets.add(normalizeEmail(e));
  for (const e of [parsed.settings.sender, parsed.settings.reply_to]) {
    if (e) secrets.add(normalizeEmail(e));
  }
  for (const own of parts) {
    for (const t of own.texts) secrets.add(t);
    if (own.link !== null) links.add(own.link);
  }
  const texts = [...secrets].sort((a, b) => b.length - a.length);
  const linkList = [...links];
  const key = `${texts.join("\n")}\u0000${linkList.join("\n")}`;
  const from = { contacts, settings: parsed.settings, parts };
  if (last?.key === key) {
    lastHidden = { ...last, ...from };
    return last.hidden;
  }
  const long = texts.filter((t) => t.length >= 4);
  const pattern = long.length > 0 ? new RegExp(long.map(escapeRegExp).join("|"), "gi") : null;
  const hidden: Hidden = {
    texts,
    links: linkList,
    pattern,
    allAddresses: long.every((t) => t.includes("@")),
  };
  lastHidden = { key, hidden, ...from };
  return hidden;
}

/** The last Hidden built, the texts it was built from, and the parts they were collected from (module-scope data). */
let lastHidden: {
  key: string;
  hidden: Hidden;
  contacts: readonly string[];
  settings: ParsedSheet["settings"];
  parts: readonly MeetingSecrets[];
} | null = null;

const contactsRead = new WeakMap<readonly Contact[], readonly string[]>();

/**
 * The Contacts' addresses, once per parsed list. A list parsed anew (a full
 * sync) whose addresses are written as the last list's, in the same order,
 * gives the last list's very array, so hiddenTexts sees at once that they are
 * unchanged instead of normalising, collecting and sorting a thousand again.
 */
function contactSecrets(contacts: readonly Contact[]): readonly string[] {
  let texts = contactsRead.get(contacts);
  if (texts === undefined) {
    const last = lastContacts;
    const same =
      last !== null &&
      last.list.length === contacts.length &&
      last.list.every((c, i) => c.email === contacts[i]?.email);
    texts = same ? last.texts : contacts.map((c) => normalizeEmail(c.email));
    contactsRead.set(contacts, texts);
  }
  lastContacts = { list: contacts, texts };
  return texts;
}

/** The last Contacts list read, and its addresses (module-scope data). */
let lastContacts: { list: readonly Contact[]; texts: readonly string[] } | null = null;

/** Whether two Settings name the same private addresses (a full sync parses its Settings anew). */
function sameAddresses(a: ParsedSheet["settings"], b: ParsedSheet["settings"]): boolean {
  return (
    a === b ||
    (a.sender === b.sender &&
      a.reply_to === b.reply_to &&
      sameTexts(a.staff_emails, b.staff_emails))
  );
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

interface MeetingSecrets {
  texts: readonly string[];
  link: string | null;
}
/**
 * Each row's, by its number and its meeting's JSON (meeting-keys.ts), from this call or the last
 * (a series' organisations' meetings share its row: their JSON tells them apart).
 */
const meetingsRead = new BuildMemo<MeetingSecrets, number>();

function sameSecrets(a: MeetingSecrets, b: MeetingSecrets): boolean {
  return a.link === b.link && sameTexts(a.texts, b.texts);
}

/** A meeting's invited addresses and Online link (its key, or its text when it reads as no link). */
function meetingSecrets(m: Meeting): MeetingSecrets {
  const texts: string[] = [];
  let link: string | null = null;
  if (m.online_url) {
    const key = onlineLinkKey(m.online_url);
    if (key === null) texts.push(m.online_url.trim().toLowerCase());
    else link = key;
  }
  for (const ref of m.invite) if (ref.type === "email") texts.push(normalizeEmail(ref.email));
  return { texts, link };
}
