// Reads the few properties of an iTIP message (RFC 5546) that a calendar reply
// needs: METHOD, and of its event UID, SEQUENCE, DTSTAMP, ORGANIZER and each
// ATTENDEE with PARTSTAT, DELEGATED-TO / DELEGATED-FROM and CN. Purpose-built rather than ical.js:
// the Worker already carries postal-mime, and ical.js would add 23 KiB gzip,
// taking the bundle past its 150 KiB budget to read a handful of lines.
// Pure; anything it cannot read is null, never an exception.

export interface ReplyAttendee {
  /** The mailto: address, lower-cased. */
  address: string;
  partstat: string | null;
  delegatedTo: string[];
  /** Whoever delegated to this attendee (a delegate's own line, RFC 5545 §3.2.4). */
  delegatedFrom: string[];
  /** CN: the name the client gives the attendee. */
  name: string | null;
}

export interface ItipText {
  method: string | null;
  uid: string | null;
  sequence: number;
  dtstamp: Date | null;
  organizer: string | null;
  attendees: ReplyAttendee[];
}

interface ContentLine {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

/**
 * RFC 5545 §3.1: a line break followed by one space or tab continues the line
 * before it (clients fold at 75 octets, Gmail mid-address). Bare LF is taken
 * too: postal-mime hands the part over with its line ends made LF.
 */
export function unfold(text: string): string[] {
  return text
    .replace(/\r?\n[ \t]/g, "")
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
}

/** name *(";" param) ":" value, with DQUOTE'd parameter values that may hold ; : and , (§3.1, §3.2). */
function contentLine(line: string): ContentLine | null {
  let i = line.search(/[;:]/);
  if (i <= 0) return null;
  const name = line.slice(0, i).toUpperCase();
  const params = new Map<string, string[]>();
  while (line[i] === ";") {
    const eq = line.indexOf("=", i);
    if (eq < 0) return null;
    const key = line.slice(i + 1, eq).toUpperCase();
    const values: string[] = [];
    i = eq;
    do {
      i++;
      if (line[i] === '"') {
        const close = line.indexOf('"', i + 1);
        if (close < 0) return null;
        values.push(line.slice(i + 1, close));
        i = close + 1;
      } else {
        const end = line.slice(i).search(/[;:,]/);
        if (end < 0) return null;
        values.push(line.slice(i, i + end));
        i += end;
      }
    } while (line[i] === ",");
    params.set(key, values);
  }
  if (line[i] !== ":") return null;
  return { name, params, value: line.slice(i + 1) };
}

/** A calendar user address as Liqaa stores addresses: mailto: dropped, lower case. */
export function mailtoAddress(value: string): string {
  return value
    .trim()
    .replace(/^mailto:/i, "")
    .trim()
    .toLowerCase();
}

/** DTSTAMP is a UTC DATE-TIME (§3.8.7.2): 20270516T073000Z. */
function utcDateTime(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const at = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * The iTIP facts of a calendar object, or null when it is not one (no
 * VCALENDAR, or no VEVENT). Of several VEVENTs the one without RECURRENCE-ID
 * is read: a reply to a whole series answers for the series.
 */
export function readItip(text: string): ItipText | null {
  const stack: string[] = [];
  let method: string | null = null;
  const events: ContentLine[][] = [];
  let current: ContentLine[] | null = null;
  for (const raw of unfold(text)) {
    const line = contentLine(raw);
    if (line === null) continue;
    const value = line.value.trim().toUpperCase();
    if (line.name === "BEGIN") {
      stack.push(value);
      if (value === "VEVENT" && stack.length === 2) current = [];
      continue;
    }
    if (line.name === "END") {
      if (stack.pop() === "VEVENT" && current && stack.length === 1) {
        events.push(current);
        current = null;
      }
      continue;
    }
    if (stack.length === 1 && stack[0] === "VCALENDAR" && line.name === "METHOD") method = value;
    // Only the event's own properties: not those of a VALARM inside it.
    if (current && stack.length === 2) current.push(line);
  }
  const event = events.find((e) => !e.some((l) => l.name === "RECURRENCE-ID")) ?? events[0];
  if (event === undefined) return null;
  const first = (name: string) => event.find((l) => l.name === name);
  const sequence = Number((first("SEQUENCE")?.value ?? "0").trim());
  const organizer = first("ORGANIZER");
  return {
    method,
    uid: first("UID")?.value.trim() || null,
    sequence: Number.isInteger(sequence) && sequence >= 0 ? sequence : 0,
    dtstamp: utcDateTime(first("DTSTAMP")?.value ?? ""),
    organizer: organizer ? mailtoAddress(organizer.value) : null,
    attendees: event
      .filter((l) => l.name === "ATTENDEE")
      .map((l) => ({
        address: mailtoAddress(l.value),
        partstat: l.params.get("PARTSTAT")?.[0]?.toUpperCase() ?? null,
        delegatedTo: (l.params.get("DELEGATED-TO") ?? []).map(mailtoAddress),
        delegatedFrom: (l.params.get("DELEGATED-FROM") ?? []).map(mailtoAddress),
        name: l.params.get("CN")?.[0]?.trim() || null,
      })),
  };
}
