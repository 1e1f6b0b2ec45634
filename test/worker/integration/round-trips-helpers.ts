// Reads what the SES fake holds the way an invitee's software would, for the
// round-trip tests: mailparser (a real MIME parser, run in Node by the mail
// reader test/node/setup/mail-reader.ts) for what a mail client shows, node-ical for what a
// calendar makes of the invite, and a small strict MIME walker for the part
// tree, because mailparser flattens the tree and the tree is what calendar
// clients key on (text/calendar inside multipart/alternative). Also computes,
// from the demo sheet's CSV alone, who each scheduled meeting should invite.

import ical, { type VEvent } from "node-ical";
import { inject } from "vitest";
import type { ReadMail } from "../../node/setup/mail-reader.ts";
import { type FakeMessage, fakeMessages } from "../ses/context.ts";
import { cron, deliver, emulator, MEETINGS_TAB, tab, type World } from "../support/index.ts";

const CONTACTS_TAB = "جهات الاتصال";

export interface MimeNode {
  /** Header names in lower case; folded lines joined. */
  headers: Map<string, string>;
  /** "multipart/mixed", "text/calendar", … in lower case. */
  type: string;
  params: Record<string, string>;
  children: MimeNode[];
  /** A leaf's body, transfer-decoded and read as UTF-8; "" for a multipart. */
  text: string;
}

function parseParams(value: string): { type: string; params: Record<string, string> } {
  const [type = "", ...rest] = value.split(";");
  const params: Record<string, string> = {};
  for (const item of rest) {
    const eq = item.indexOf("=");
    if (eq === -1) throw new Error(`malformed parameter ${JSON.stringify(item)} in ${value}`);
    params[item.slice(0, eq).trim().toLowerCase()] = item
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return { type: type.trim().toLowerCase(), params };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function decodeBody(body: string, encoding: string): string {
  switch (encoding) {
    case "base64": {
      const lines = body.split("\r\n").filter((l) => l !== "");
      for (const line of lines) {
        if (line.length > 76 || !/^[A-Za-z0-9+/=]+$/.test(line)) {
          throw new Error(`not RFC 2045 base64: ${JSON.stringify(line.slice(0, 80))}`);
        }
      }
      const binary = atob(lines.join(""));
      return strictUtf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    }
    case "7bit":
    case "":
      return body;
    default:
      throw new Error(`unexpected Content-Transfer-Encoding ${encoding}`);
  }
}

/** Parses a raw RFC 5322 message into its MIME tree; throws on anything malformed (bare LF, a missing close delimiter, bad base64). */
export function parseMime(raw: string): MimeNode {
  if (/(?<!\r)\n/.test(raw)) throw new Error("a line ends in a bare LF, not CRLF");
  const split = raw.indexOf("\r\n\r\n");
  if (split === -1) throw new Error("no blank line after the headers");
  const headers = new Map<string, string>();
  let last = "";
  for (const line of raw.slice(0, split).split("\r\n")) {
    if (/^[ \t]/.test(line)) {
      if (last === "") throw new Error("a folded line before any header");
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`not a header line: ${JSON.stringify(line)}`);
    last = line.slice(0, colon).toLowerCase();
    if (headers.has(last)) throw new Error(`header ${last} appears twice`);
    headers.set(last, line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const { type, params } = parseParams(headers.get("content-type") ?? "text/plain");
  if (!type.startsWith("multipart/")) {
    const encoding = (headers.get("content-transfer-encoding") ?? "").toLowerCase();
    return { headers, type, params, children: [], text: decodeBody(body, encoding) };
  }
  const boundary = params.boundary;
  if (!boundary) throw new Error(`${type} without a boundary`);
  const lines = body.split("\r\n");
  const children: MimeNode[] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of lines) {
    if (closed) {
      if (line !== "") throw new Error(`text after the close delimiter of ${type}`);
      continue;
    }
    if (line === `--${boundary}` || line === `--${boundary}--`) {
      if (current !== null) children.push(parseMime(current.join("\r\n")));
      current = [];
      closed = line.endsWith("--");
      continue;
    }
    if (current !== null) current.push(line);
    else if (line !== "") throw new Error(`a preamble in ${type}`);
  }
  if (!closed) throw new Error(`${type} is not closed with --${boundary}--`);
  return { headers, type, params, children, text: "" };
}

/** Joins iCalendar's folded lines (RFC 5545 §3.1); a bare LF is refused. */
export function icsLines(ics: string): string[] {
  if (/(?<!\r)\n/.test(ics)) throw new Error("an iCalendar line ends in a bare LF");
  return ics
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter((l) => l !== "");
}

/** The unfolded lines of the one VEVENT, throwing unless there is exactly one. */
export function veventLines(ics: string): string[] {
  const lines = icsLines(ics);
  const begins = lines.flatMap((l, i) => (l === "BEGIN:VEVENT" ? [i] : []));
  if (begins.length !== 1) throw new Error(`${begins.length} VEVENTs, expected one`);
  const from = begins[0] ?? 0;
  const to = lines.indexOf("END:VEVENT", from);
  if (to === -1) throw new Error("the VEVENT is not closed");
  // Lines inside a VALARM belong to the alarm, not the event.
  const inside = lines.slice(from + 1, to);
  const out: string[] = [];
  let depth = 0;
  for (const line of inside) {
    if (line.startsWith("BEGIN:")) depth++;
    if (depth === 0) out.push(line);
    if (line.startsWith("END:")) depth--;
  }
  return out;
}

export interface CalendarView {
  method: string;
  uid: string;
  sequence: number;
  status: string | undefined;
  start: Date;
  end: Date;
  organizer: string;
  attendees: { address: string; rsvp: string | undefined }[];
  /** The VEVENT's own property lines, unfolded. */
  lines: string[];
}

function mailto(value: unknown): string {
  const raw =
    typeof value === "string"
      ? value
      : value !== null && typeof value === "object" && "val" in value
        ? String((value as { val: unknown }).val)
        : "";
  return raw.replace(/^mailto:/i, "").toLowerCase();
}

/** What a calendar client makes of the invite (node-ical), plus the raw VEVENT lines. */
export function readCalendar(ics: string): CalendarView {
  const parsed = ical.sync.parseICS(ics);
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === "VEVENT");
  if (events.length !== 1) throw new Error(`${events.length} VEVENTs, expected one`);
  const event = events[0] as VEvent;
  if (event.end === undefined) throw new Error("the VEVENT has no end");
  const method = /^METHOD:(.*)$/m.exec(ics)?.[1]?.trim() ?? "";
  const attendeeField = event.attendee;
  const attendees = (
    Array.isArray(attendeeField) ? attendeeField : attendeeField ? [attendeeField] : []
  ).map((a) => ({
    address: mailto(a),
    // node-ical turns RSVP=TRUE into the boolean true.
    rsvp:
      typeof a === "object" && a.params.RSVP !== undefined
        ? String(a.params.RSVP).toUpperCase()
        : undefined,
  }));
  return {
    method,
    uid: event.uid,
    sequence: Number(event.sequence),
    status: event.status,
    start: event.start,
    end: event.end,
    organizer: mailto(event.organizer),
    attendees,
    lines: veventLines(ics),
  };
}

/** mailparser's reading of a message, its attachments' content as a Buffer again. */
export type MailView = Omit<ReadMail, "attachments"> & {
  attachments: (ReadMail["attachments"][number] & { content: Buffer })[];
};

export interface SentMail {
  id: string;
  raw: string;
  /** The To address, lower case, as mailparser reads it. */
  to: string;
  tree: MimeNode;
  mail: MailView;
  /** The text/calendar part inside multipart/alternative, when the message has one. */
  ics: string | null;
  calendar: CalendarView | null;
}

/** Leaves of the tree whose type is `type`, depth first. */
export function partsOfType(node: MimeNode, type: string): MimeNode[] {
  if (node.children.length === 0) return node.type === type ? [node] : [];
  return node.children.flatMap((c) => partsOfType(c, type));
}

/** mailparser's reading of each message, done in Node by the mail reader (test/node/setup/mail-reader.ts). */
async function readWithMailparser(raws: string[]): Promise<MailView[]> {
  if (raws.length === 0) return [];
  const res = await fetch(inject("mailReaderUrl"), { method: "POST", body: JSON.stringify(raws) });
  if (!res.ok) throw new Error(`the mail reader answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as ReadMail[]).map((m) => ({
    ...m,
    attachments: m.attachments.map((a) => ({
      ...a,
      content: Buffer.from(a.contentBase64, "base64"),
    })),
  }));
}

function readMail(message: FakeMessage, mail: MailView): SentMail {
  const tree = parseMime(message.raw);
  const alternative = tree.children.find((c) => c.type === "multipart/alternative") ?? tree;
  const calendarPart = alternative.children.find((c) => c.type === "text/calendar");
  const ics = calendarPart?.text ?? null;
  return {
    id: message.id,
    raw: message.raw,
    to: mail.to,
    tree,
    mail,
    ics,
    calendar: ics === null ? null : readCalendar(ics),
  };
}

/** Everything the SES fake holds, parsed, oldest first; `from` skips the first n messages. */
export async function sentMails(from = 0): Promise<SentMail[]> {
  const messages = (await fakeMessages()).slice(from);
  const read = await readWithMailparser(messages.map((m) => m.raw));
  return messages.map((m, i) => readMail(m, read[i]!));
}

export const fakeCount = async () => (await fakeMessages()).length;

/** The meeting's id from its calendar UID (`<id>@<domain>`): the iTIP part's, or else the calendar file's (a reminder's). */
export const meetingOf = (m: SentMail) => {
  const file = partsOfType(m.tree, "text/calendar")[0]?.text ?? "";
  const uid =
    m.calendar?.uid ??
    icsLines(file)
      .find((l) => l.startsWith("UID:"))
      ?.slice(4);
  return uid?.replace(/@[^@]*$/, "") ?? "";
};

// --- the demo sheet, read on its own --------------------------------------

const LIST = /[,،;\n]/;
const list = (cell: string | undefined) =>
  (cell ?? "")
    .split(LIST)
    .map((s) => s.trim())
    .filter((s) => s !== "");

function column(grid: string[][], header: string): number {
  const index = (grid[0] ?? []).map((h) => h.replace(/^\uFEFF/, "").trim()).indexOf(header);
  if (index === -1) throw new Error(`the CSV has no column ${header}`);
  return index;
}

/**
 * "meeting id|address" for every scheduled, dated meeting × active contact it
 * invites, from the demo sheet's CSV files as shipped (not from what Liqaa
 * stored or sent). `idOfRow` gives the ID of a row whose ID cell was blank:
 * Liqaa writes it, so only the sheet can say what it became.
 */
export function expectedInvitations(idOfRow: (row: number) => string): string[] {
  const tabs = emulator().expectedTabs;
  const contacts = tabs[CONTACTS_TAB] ?? [];
  const meetings = tabs[MEETINGS_TAB] ?? [];
  const [cEmail, cGroups, cActive] = ["البريد الإلكتروني", "المجموعات", "فعّال"].map((h) =>
    column(contacts, h),
  ) as [number, number, number];
  const [mId, mDate, mInvite, mStatus] = ["المعرف", "التاريخ", "المدعوون", "الحالة"].map((h) =>
    column(meetings, h),
  ) as [number, number, number, number];
  const active = contacts
    .slice(1)
    .filter((r) => r[cActive]?.trim() === "نعم")
    .map((r) => ({ email: (r[cEmail] ?? "").trim().toLowerCase(), groups: list(r[cGroups]) }));
  const out: string[] = [];
  meetings.slice(1).forEach((r, i) => {
    if (r[mStatus]?.trim() !== "مؤكد" || (r[mDate] ?? "").trim() === "") return;
    const id = (r[mId] ?? "").trim() || idOfRow(i + 2);
    const invited = new Set<string>();
    for (const item of list(r[mInvite])) {
      if (item.includes("@")) {
        const address = item.toLowerCase();
        if (active.some((c) => c.email === address)) invited.add(address);
      } else {
        for (const c of active) if (c.groups.includes(item)) invited.add(c.email);
      }
    }
    for (const email of invited) out.push(`${id}|${email}`);
  });
  return out.sort();
}

// --- driving the sheet and the Worker --------------------------------------

export async function meetingValue(w: World, row: number, header: string): Promise<string> {
  const grid = await tab(w, MEETINGS_TAB);
  return grid[row - 1]?.[grid[0]?.indexOf(header) ?? -1] ?? "";
}

/** One cron tick, then the queue delivers what it enqueued. */
export async function syncAndDeliver(w: World) {
  const run = await cron(w);
  if (run.outcome !== "ok") throw new Error(`the sync ended ${run.outcome}`);
  const queued = w.queue.take();
  if (queued.length > 0) await deliver(w, queued);
  return run;
}

/** Syncs and delivers until a sync finds nothing to write and nothing to send. */
export async function settle(w: World): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const run = await cron(w);
    if (run.outcome !== "ok") throw new Error(`the sync ended ${run.outcome}`);
    const queued = w.queue.take();
    if (queued.length > 0) await deliver(w, queued);
    if (run.counts?.writes === 0 && queued.length === 0) return;
  }
  throw new Error("the sync did not settle");
}

/** YYYY/MM/DD, the sheet's own date form, `days` from now (UTC). */
export const sheetDate = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "/");

/** The Responses tab as records keyed by its Arabic headers. */
export async function responsesRows(w: World, title: string): Promise<Record<string, string>[]> {
  const [headers = [], ...rows] = await tab(w, title);
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ""])));
}

/** Which outbox kind (invite, update, cancel, reminder, summary) each sent SES message was. */
export async function kindsBySesId(db: D1Database): Promise<Map<string, string>> {
  const { results } = await db
    .prepare("SELECT ses_message_id, kind FROM outbox WHERE ses_message_id IS NOT NULL")
    .all<{ ses_message_id: string; kind: string }>();
  return new Map(results.map((r) => [r.ses_message_id, r.kind]));
}
