// Random parsed sheets for the privacy and schema fuzz tests: meetings in every
// status and zone, contacts with addresses, and staff pasting into public cells now
// and then those addresses, addresses of nobody in Contacts (Arabic and IDN ones
// too), meeting links (the row's own however written, or any on a meeting host) and
// phone numbers written with spaces, dashes, dots, slashes or parentheses.
import fc from "fast-check";
import type {
  Contact,
  Meeting,
  MeetingKind,
  MeetingStatus,
  ParsedSheet,
} from "../../../src/sheet/types.ts";
import { contact, meeting, sheet } from "./fixtures.ts";

const ZONES = [
  "Europe/Istanbul",
  "Asia/Damascus",
  "Europe/Berlin",
  "America/New_York",
  "UTC",
  "Asia/Kolkata",
];
const KINDS: (MeetingKind | null)[] = [
  "meeting",
  "bilateral",
  "workshop",
  "consultation",
  "briefing",
  null,
];
const STATUSES: MeetingStatus[] = ["draft", "scheduled", "cancelled", "held"];

const word = fc.string({
  minLength: 1,
  maxLength: 12,
  unit: fc.constantFrom(..."abcdefghij كلمةعربية-.,:<>&'\"\n"),
});
const text = fc.option(
  fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" ")),
  { nil: null },
);
const email = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9._+-]{1,10}$/),
    fc.stringMatching(/^[a-z]{2,8}\.(org|example|int)$/),
  )
  .map(([local, domain]) => `${local}@${domain}`);
/** An address of nobody in Contacts: any domain, Arabic letters or punycode too. */
const strangerEmail = fc
  .tuple(
    fc.constantFrom("yara.haddad", "info", "معلومات", "Sami.H", "a_b-c"),
    fc.constantFrom("ngo.example", "شبكة.سوريا", "شبكة.org", "xn--mgbh0fb.example", "example"),
    fc.boolean(),
  )
  .map(([local, domain, upper]) => {
    const address = `${local}@${domain}`;
    return upper ? address.toUpperCase() : address;
  });
/** A meeting's Online link: its room in Latin letters, or in Arabic (raw or percent-encoded). */
const onlineUrl = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{4,12}$/),
    fc.constantFrom("", "غرفة-", "اجتماع/"),
    fc.boolean(),
  )
  .map(([s, arabic, encode]) => {
    const room = `${arabic}${s}`;
    return `https://meet.example.org/${encode ? encodeURIComponent(room).replace(/%2F/g, "/") : room}`;
  });

/**
 * An Online link as staff may write it elsewhere: without https://, with www., in
 * upper case, with its Arabic letters raw or percent-encoded.
 */
export function onlineUrlForms(url: string): string[] {
  const raw = decodeURI(url);
  const encoded = encodeURI(raw);
  const bare = (u: string) => u.replace(/^https:\/\//, "");
  return [
    ...new Set([
      url,
      raw,
      encoded,
      bare(raw),
      bare(encoded),
      raw.replace("https://", "https://www."),
      bare(raw).replace(/^/, "www."),
      url.toUpperCase(),
      raw.replace("https://", "http://"),
    ]),
  ];
}
/** A link to an online meeting on a host staff use, not the row's Online link: private all the same. */
const meetingLink = fc
  .tuple(
    fc.constantFrom(
      "https://us02web.zoom.us/j/",
      "https://zoom.us/j/",
      "meet.google.com/",
      "https://teams.microsoft.com/l/meetup-join/",
      "https://teams.live.com/meet/",
      "https://unocha.webex.com/meet/",
      "https://meet.jit.si/",
      "whereby.com/",
    ),
    fc.stringMatching(/^[a-z0-9]{3,10}(-[a-z0-9]{3,6})?(\?pwd=[A-Za-z0-9]{4,8})?$/),
  )
  .map(([host, path]) => `${host}${path}`);
const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
/**
 * A phone number as staff type one: +, spaces, dashes, dots, slashes, parentheses;
 * 3-3-4 or 4-3-2-2 (0532.123.45.67) groups; ASCII, Arabic-Indic or Persian digits.
 */
const phone = fc
  .tuple(
    fc.constantFrom("+90 ", "+963 ", "+1 ", "00963-", "0", ""),
    fc.stringMatching(/^[0-9]{3,4}$/),
    fc.stringMatching(/^[0-9]{3}$/),
    fc.stringMatching(/^[0-9]{4}$/),
    fc.constantFrom(" ", "-", "", ".", "/", " / "),
    fc.boolean(),
    fc.boolean(),
    fc.constantFrom(ARABIC_DIGITS, PERSIAN_DIGITS, null),
  )
  .map(([prefix, a, b, c, sep, paren, pairs, digits]) => {
    const last = pairs ? `${c.slice(0, 2)}${sep}${c.slice(2)}` : c;
    const number = `${prefix}${paren ? `(${a})` : a}${sep}${b}${sep}${last}`;
    return digits ? number.replace(/[0-9]/g, (d) => digits[Number(d)] ?? d) : number;
  });
const date = fc
  .date({
    min: new Date("2019-01-01T00:00:00Z"),
    max: new Date("2030-12-31T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

/** What staff write around a pasted secret: nothing, brackets, quotes, punctuation. */
const around = fc.constantFrom<[string, string]>(
  ["", ""],
  ["(", ")."],
  ["«", "»"],
  ["", "."],
  ["", "،"],
  [": ", "\n"],
);

/** A public cell, sometimes with a secret pasted in. */
function leaky(secrets: string[]) {
  return fc.oneof(
    { arbitrary: text, weight: 4 },
    {
      arbitrary: fc
        .tuple(text, fc.constantFrom(...secrets), around)
        .map(([t, s, [open, close]]) => `${t ?? ""} ${open}${s}${close}`),
      weight: 1,
    },
  );
}

function meetingArb(id: string, secrets: string[]) {
  return fc
    .record({
      status: fc.constantFrom(...STATUSES),
      publish: fc.boolean(),
      // A blank ID cell: the parser proposes one, which the feed must not publish yet.
      id_proposed: fc.boolean(),
      date: fc.option(date, { nil: null, freq: 6 }),
      date_end_days: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null, freq: 3 }),
      start: fc.option(time, { nil: null, freq: 3 }),
      end: fc.option(time, { nil: null, freq: 3 }),
      timezone: fc.constantFrom(...ZONES),
      kind: fc.constantFrom(...KINDS),
      online_url: fc.option(fc.constantFrom(...secrets.filter((s) => s.startsWith("https://"))), {
        nil: null,
      }),
      title_ar: leaky(secrets),
      title_en: leaky(secrets),
      location: leaky(secrets),
      organization: fc.oneof(
        fc.option(fc.constantFrom("OCHA", "UNDP", "RHC", "Hope NGO"), { nil: null }),
        leaky(secrets),
      ),
      counterpart: leaky(secrets),
      agenda: leaky(secrets),
      location_en: leaky(secrets),
      counterpart_en: leaky(secrets),
      agenda_en: leaky(secrets),
      summary_ar: leaky(secrets),
      summary_en: leaky(secrets),
      invite_email: fc.constantFrom(...secrets.filter((s) => s.includes("@"))),
    })
    .map((r): Meeting => {
      // Only held meetings may lack a date, as the parser guarantees.
      const dated = r.date ?? (r.status === "held" ? null : "2026-03-01");
      const end =
        r.date_end_days && dated
          ? new Date(Date.parse(`${dated}T00:00:00Z`) + r.date_end_days * 86400_000)
          : null;
      return meeting({
        id,
        id_proposed: r.id_proposed,
        status: r.status,
        publish: r.publish,
        date: dated,
        date_end: end ? end.toISOString().slice(0, 10) : null,
        start: dated ? r.start : null,
        end: dated && r.start ? r.end : null,
        timezone: r.timezone,
        kind: r.kind,
        online_url: r.online_url,
        title_ar: r.title_ar,
        title_en: r.title_en,
        location: r.location,
        organization: r.organization,
        counterpart: r.counterpart,
        agenda: r.agenda,
        // The English columns are absent when blank, as the parser gives them.
        ...(r.location_en === null ? {} : { location_en: r.location_en }),
        ...(r.counterpart_en === null ? {} : { counterpart_en: r.counterpart_en }),
        ...(r.agenda_en === null ? {} : { agenda_en: r.agenda_en }),
        summary_ar: r.summary_ar,
        summary_en: r.summary_en,
        invite: [{ type: "email", email: r.invite_email }],
      });
    });
}

export interface FuzzSheet {
  sheet: ParsedSheet;
  /**
   * Every address, phone and meeting link planted in the sheet, each Online link in
   * every form it was planted in: none may appear in public output.
   */
  secrets: string[];
}

export const fuzzSheet: fc.Arbitrary<FuzzSheet> = fc
  .record({
    emails: fc.uniqueArray(email, { minLength: 1, maxLength: 5 }),
    strangers: fc.uniqueArray(strangerEmail, { minLength: 1, maxLength: 3 }),
    urls: fc.uniqueArray(onlineUrl, { minLength: 1, maxLength: 3 }),
    links: fc.uniqueArray(meetingLink, { minLength: 1, maxLength: 3 }),
    phones: fc.uniqueArray(phone, { minLength: 1, maxLength: 3 }),
    count: fc.integer({ min: 0, max: 8 }),
  })
  .chain(({ emails, strangers, urls, links, phones, count }) => {
    const planted = [
      ...emails,
      ...strangers,
      ...urls,
      ...urls.flatMap(onlineUrlForms),
      ...links,
      ...phones,
    ];
    return fc.array(meetingArb("x", planted), { minLength: count, maxLength: count }).map((ms) => {
      const meetings = ms.map((m, i) => ({
        ...m,
        id: `M-${String(i + 1).padStart(4, "0")}`,
        row: i + 2,
      }));
      const contacts: Contact[] = emails.map((e, i) =>
        contact({ email: e, row: i + 2, name: `Person ${i}` }),
      );
      // A pasted link is secret only if it is some meeting's online link (then in
      // every form). Addresses, meeting links on known hosts and phone numbers are
      // secret wherever they appear.
      const all = [
        ...emails,
        ...strangers,
        ...links,
        ...phones,
        ...meetings.flatMap((m) => (m.online_url ? onlineUrlForms(m.online_url) : [])),
      ];
      return { sheet: sheet(meetings, contacts), secrets: [...new Set(all)] };
    });
  });

/** Text as a reader of the response would see it: iCalendar unfolded and unescaped. */
export function readable(body: string): string {
  return body
    .replace(/\r?\n[ \t]/g, "")
    .replace(/\\([,;\\])/g, "$1")
    .replace(/\\n/gi, "\n")
    .replace(/&amp;/g, "&")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');
}

/** The secrets a body gives away, if any. */
export function leaks(body: string, secrets: readonly string[]): string[] {
  const seen = readable(body).toLowerCase();
  return secrets.filter((s) => seen.includes(s.toLowerCase()));
}
