// Builds the RFC 5322 message: headers (RFC 2047 for non-ASCII, folded within
// RFC 2047's 76-character lines; CR/LF and other controls stripped from
// everything a cell can reach), and the body as
// multipart/mixed { multipart/alternative { text/plain, text/html, text/calendar },
// invite.ics } for calendar mails, multipart/alternative otherwise. A calendar
// with no method (a reminder's) is only the invite.ics attachment, as plain
// text/calendar without a method parameter: iMIP (RFC 6047 §2.4) and Outlook
// (MS-OXCICAL §2.2.51) treat only a text/calendar part with a method as a
// scheduling message, so the reminder cannot reset an answer.
//
// Written here rather than with mimetext: mimetext only admits text/plain and
// text/html inside multipart/alternative (iTIP clients such as Outlook and Gmail
// look for text/calendar there), puts a whole subject into one encoded-word
// (RFC 2047 caps them at 75 characters), and takes boundaries, Message-ID and
// Date from Math.random and the clock, which would make a retried message differ
// from the first attempt.
import { MailRenderError } from "./types.ts";

const CRLF = "\r\n";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Removes what could end a header or smuggle another one: C0/C1 controls, DEL, line and paragraph separators. */
export function headerSafe(value: string): string {
  return value.replace(CONTROLS, " ").replace(/\s+/g, " ").trim();
}

// Deliberately narrower than RFC 5321: the sheet validator accepts only such
// addresses, and anything else reaching a header is refused, not repaired.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

export function checkAddress(value: string): string {
  const address = value.trim();
  if (!ADDRESS.test(address)) {
    throw new MailRenderError(
      "address.invalid",
      `not a usable email address: ${JSON.stringify(value)}`,
    );
  }
  return address;
}

export interface Mailbox {
  name: string | null;
  address: string;
}

/** "Name <a@b>" or "a@b", as a Settings cell may hold a sender. */
export function parseMailbox(value: string): Mailbox {
  const match = /^(.*)<([^<>]+)>\s*$/.exec(value.trim());
  if (match) {
    const name = headerSafe((match[1] ?? "").replace(/^"|"$/g, ""));
    return { name: name || null, address: checkAddress(match[2] ?? "") };
  }
  return { name: null, address: checkAddress(value) };
}

/** The bare address a mailbox cell names (e.g. Settings' sender), or null when it names none usable. */
export function mailboxAddress(value: string | null): string | null {
  if (value === null || value.trim() === "") return null;
  try {
    return parseMailbox(value).address;
  } catch (error) {
    if (error instanceof MailRenderError) return null;
    throw error;
  }
}

/** An address's domain, lower-cased: what calendar UIDs and the replies address are compared by. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

const encoder = new TextEncoder();

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Every 12 bits as their two base64 characters: one lookup per 1.5 bytes. */
const PAIRS = Array.from(
  { length: 4096 },
  (_, n) => `${ALPHABET[n >> 6] ?? ""}${ALPHABET[n & 63] ?? ""}`,
);

/**
 * Standard base64 (RFC 4648 §4) of bytes[start, end), by table. Written out, not
 * btoa over a binary string: spreading 32 K bytes into String.fromCharCode and
 * encoding that again was a fifth of a mail's rendering CPU.
 */
function base64Range(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += (PAIRS[n >> 12] ?? "") + (PAIRS[n & 4095] ?? "");
  }
  const left = end - i;
  if (left === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += `${PAIRS[n >> 12] ?? ""}==`;
  } else if (left === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += `${PAIRS[n >> 12] ?? ""}${ALPHABET[(n >> 6) & 63] ?? ""}=`;
  }
  return out;
}

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // "="
const ascii = new TextDecoder();

/** Base64 of the UTF-8 text with CRLF line ends (RFC 2046 §4.1.1), in lines of 76 (RFC 2045 §6.8). */
export function base64Lines(text: string): string {
  const bytes = encoder.encode(text.replace(/\r?\n/g, CRLF));
  // Written as ASCII bytes into one buffer and decoded once: a mail's parts are
  // tens of kilobytes, and building that string a few characters at a time
  // was most of the encoding's cost. 57 bytes are one line of 76 characters.
  const length = bytes.length;
  const lineCount = Math.ceil(length / 57);
  const out = new Uint8Array(Math.ceil(length / 3) * 4 + Math.max(0, lineCount - 1) * 2);
  let o = 0;
  for (let start = 0; start < length; start += 57) {
    if (start > 0) {
      out[o++] = 13;
      out[o++] = 10;
    }
    const end = Math.min(length, start + 57);
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      out[o++] = CODES[n >> 18] ?? 0;
      out[o++] = CODES[(n >> 12) & 63] ?? 0;
      out[o++] = CODES[(n >> 6) & 63] ?? 0;
      out[o++] = CODES[n & 63] ?? 0;
    }
    const tail = end - i;
    if (tail > 0) {
      const n = ((bytes[i] ?? 0) << 16) | (tail === 2 ? (bytes[i + 1] ?? 0) << 8 : 0);
      out[o++] = CODES[n >> 18] ?? 0;
      out[o++] = CODES[(n >> 12) & 63] ?? 0;
      out[o++] = tail === 2 ? (CODES[(n >> 6) & 63] ?? 0) : PAD;
      out[o++] = PAD;
    }
  }
  return ascii.decode(out);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** RFC 2047 §2: a line carrying encoded-words is at most 76 characters, an encoded-word at most 75. */
const LINE = 76;
const WORD = 75;
/** "=?UTF-8?B?" and "?=". */
const FRAMING = 12;

function encodedWord(bytes: Uint8Array, start: number, end: number): string {
  return `=?UTF-8?B?${base64Range(bytes, start, end)}?=`;
}

/** The most UTF-8 bytes an encoded-word of at most `chars` characters holds (base64: 3 bytes → 4). */
function byteRoom(chars: number): number {
  // At least one four-byte character, so a long header name never stalls the fold.
  return Math.max(4, Math.floor((Math.min(chars, WORD) - FRAMING) / 4) * 3);
}

/**
 * `text` as RFC 2047 B encoded-words, one a line, folded so that every line is at
 * most 76 characters: the first after the `used` characters already on the
 * header's line ("Subject: "), the others after their one space of folding.
 * Each word holds whole characters, so no UTF-8 sequence is split across two
 * (RFC 2047 §5(3)); a decoder joins adjacent words without the space between.
 * Returns the lines and the length of the last one.
 */
function foldedWords(text: string, used: number): { value: string; last: number } {
  const lines: string[] = [];
  let room = byteRoom(LINE - used);
  // The text encoded once, walked a character at a time by its UTF-8 lead bytes.
  const bytes = encoder.encode(text);
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const next = i + utf8Length(bytes[i] ?? 0);
    if (i > start && next - start > room) {
      lines.push(encodedWord(bytes, start, i));
      start = i;
      room = byteRoom(LINE - 1);
    }
    i = next;
  }
  lines.push(encodedWord(bytes, start, bytes.length));
  const last = (lines.length === 1 ? used : 1) + (lines.at(-1)?.length ?? 0);
  return { value: lines.join(`${CRLF} `), last };
}

/** How many bytes the UTF-8 sequence this lead byte starts has (TextEncoder writes only whole ones). */
function utf8Length(lead: number): number {
  return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** Printable ASCII folded at its spaces (RFC 5322 §2.2.3) so lines stay within 76 where a word allows. */
function foldedAscii(text: string, used: number): { value: string; last: number } {
  let value = "";
  let column = used;
  for (const [i, word] of text.split(" ").entries()) {
    if (i === 0) {
      value = word;
      column += word.length;
    } else if (column + 1 + word.length <= LINE) {
      value += ` ${word}`;
      column += 1 + word.length;
    } else {
      value += `${CRLF} ${word}`;
      column = 1 + word.length;
    }
  }
  return { value, last: column };
}

/** An unstructured header value (Subject): plain ASCII folded at spaces, encoded-words otherwise. */
function unstructured(name: string, value: string): string {
  const safe = headerSafe(value);
  const used = name.length + 2;
  // Past 900 characters a word could overrun RFC 5322's 998; encoded-words fold anywhere.
  const plain = PRINTABLE_ASCII.test(safe) && !safe.includes("=?") && safe.length <= 900;
  return `${name}: ${(plain ? foldedAscii(safe, used) : foldedWords(safe, used)).value}`;
}

/** "Name <address>", the address on a line of its own when the name's last line has no room for it. */
function mailbox(header: string, box: Mailbox): string {
  const used = header.length + 2;
  if (box.name === null || box.name === "") return `${header}: ${box.address}`;
  const name = headerSafe(box.name);
  const folded =
    PRINTABLE_ASCII.test(name) && !name.includes("=?")
      ? foldedAscii(`"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`, used)
      : foldedWords(name, used);
  const address = `<${box.address}>`;
  const gap = folded.last + 1 + address.length <= LINE ? " " : `${CRLF} `;
  return `${header}: ${folded.value}${gap}${address}`;
}

/**
 * The calendar file's name, saying what opening it does: an invitation or an
 * update adds the meeting, a cancellation removes it, a reminder's plain copy
 * is the meeting itself. The templates' calendar notes name the same files.
 */
export const CALENDAR_FILE = {
  REQUEST: "invite.ics",
  CANCEL: "cancel.ics",
  COPY: "meeting.ics",
} as const;

export interface MimeInput {
  from: Mailbox;
  to: Mailbox;
  replyTo: string | null;
  subject: string;
  date: string;
  messageId: string;
  /** Content-Language, e.g. "ar, en". */
  languages: string;
  unsubscribeUrl: string | null;
  text: string;
  html: string;
  calendar: { ics: string; method: "REQUEST" | "CANCEL" | null } | null;
}

/** A short stable tag from the Message-ID, so a retried message is byte-identical. */
function tag(seed: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

export function messageIdHeader(value: string): string {
  const bare = headerSafe(value).replace(/^<|>$/g, "");
  if (!/^[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+$/.test(bare)) {
    throw new MailRenderError(
      "address.invalid",
      `not a usable Message-ID: ${JSON.stringify(value)}`,
    );
  }
  return `<${bare}>`;
}

function part(headers: string[], body: string): string {
  return `${headers.join(CRLF)}${CRLF}${CRLF}${body}`;
}

function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join("")}--${boundary}--`;
}

export function buildMime(input: MimeInput): string {
  const messageId = messageIdHeader(input.messageId);
  const seed = tag(messageId);
  // "=_" cannot occur in base64, and every part here is base64.
  const mixed = `=_liqaa_mixed_${seed}`;
  const alternative = `=_liqaa_alt_${seed}`;

  const headers = [
    mailbox("From", input.from),
    mailbox("To", input.to),
    ...(input.replyTo === null ? [] : [`Reply-To: ${checkAddress(headerSafe(input.replyTo))}`]),
    unstructured("Subject", input.subject),
    `Date: ${input.date}`,
    `Message-ID: ${messageId}`,
    "MIME-Version: 1.0",
    `Content-Language: ${input.languages}`,
  ];
  if (input.unsubscribeUrl !== null) {
    headers.push(`List-Unsubscribe: <${headerSafe(input.unsubscribeUrl).replace(/[<>\s]/g, "")}>`);
    headers.push("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  }

  const textPart = part(
    ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64"],
    base64Lines(input.text),
  );
  const htmlPart = part(
    ["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: base64"],
    base64Lines(input.html),
  );

  if (input.calendar === null) {
    headers.push(`Content-Type: multipart/alternative; boundary="${alternative}"`);
    return `${headers.join(CRLF)}${CRLF}${CRLF}${multipart(alternative, [textPart, htmlPart])}${CRLF}`;
  }

  const { ics, method } = input.calendar;
  // The same bytes in both parts: encoded once.
  const icsBody = base64Lines(ics);
  // Only a request or a cancellation is an iTIP part in multipart/alternative;
  // a copy without method is the attachment alone, as plain text/calendar.
  const itip =
    method === null
      ? []
      : [
          part(
            [
              `Content-Type: text/calendar; charset=UTF-8; method=${method}`,
              "Content-Transfer-Encoding: base64",
            ],
            icsBody,
          ),
        ];
  const file = CALENDAR_FILE[method ?? "COPY"];
  const attachment = part(
    [
      method === null
        ? `Content-Type: text/calendar; charset=UTF-8; name="${file}"`
        : `Content-Type: application/ics; name="${file}"`,
      `Content-Disposition: attachment; filename="${file}"`,
      "Content-Transfer-Encoding: base64",
    ],
    icsBody,
  );
  const alternativePart = part(
    [`Content-Type: multipart/alternative; boundary="${alternative}"`],
    multipart(alternative, [textPart, htmlPart, ...itip]),
  );
  headers.push(`Content-Type: multipart/mixed; boundary="${mixed}"`);
  return `${headers.join(CRLF)}${CRLF}${CRLF}${multipart(mixed, [alternativePart, attachment])}${CRLF}`;
}
