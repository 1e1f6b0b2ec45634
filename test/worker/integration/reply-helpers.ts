// What the calendar-reply tests share: a ForwardableEmailMessage built from
// raw bytes as Email Routing hands one to the Worker's email() handler, and
// the iCalendar text helpers a client's REPLY is written with.

/** Base64 in 76-character lines, as mail clients write a calendar part. */
export const b64 = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/.{76}/g, "$&\r\n")
    .trimEnd();

/** RFC 5545 §3.1 folding at 75 octets, as Google Calendar folds (mid-address too). */
export const fold = (line: string) => line.replace(/(.{75})(?=.)/g, "$1\r\n ");

/** A UTC DATE-TIME (DTSTAMP). */
export const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/** A ForwardableEmailMessage as Email Routing hands one over, from raw bytes. */
export function incoming(raw: string, envelopeFrom: string, to: string) {
  const bytes = new TextEncoder().encode(raw);
  const seen = { rejected: null as string | null, forwarded: [] as string[] };
  const message = {
    from: envelopeFrom,
    to,
    headers: new Headers(),
    raw: new Blob([bytes]).stream(),
    rawSize: bytes.byteLength,
    setReject(reason: string) {
      seen.rejected = reason;
    },
    async forward(target: string) {
      seen.forwarded.push(target);
      return { messageId: "<forwarded@test>" };
    },
    async reply() {
      throw new Error("Liqaa never replies");
    },
  } as unknown as ForwardableEmailMessage;
  return { message, seen };
}
