// What the mail servers on a reply's way say about who sent it, read only to
// say no. A calendar reply is trusted because its From, its ATTENDEE and its
// envelope sender agree (receive.ts); anyone who knows an invitee's address and
// a meeting ID could write all three. Two things narrow that:
//
// - Email Routing enforces DMARC: a message whose From domain publishes
//   p=reject or p=quarantine and fails SPF and DKIM alignment never reaches the
//   Worker. A domain with p=none (or no DMARC record) is let through, and the
//   receiving side's Authentication-Results (RFC 8601) records `dmarc=fail`.
//   So a reply whose nearest Authentication-Results (or the newest
//   ARC-Authentication-Results, RFC 8617, when a hop sealed it) says
//   `dmarc=fail` is refused here.
// - Nothing here is trusted to say yes: a sender can write any header, so a
//   `dmarc=pass` proves nothing and changes nothing; a forged `fail` only
//   refuses the forger's own message.
//
// Envelope senders are also read as their owners write them: BATV
// (`prvs=TAG=user@domain`) and SRS (`SRS0=HASH=TT=domain=user@forwarder`) wrap
// the sender's own address, and a legitimate reply must not be refused as a
// mismatch because its server tags bounces.

/** A header as postal-mime gives it: the lower-cased name and the unfolded value, in message order (nearest hop first). */
export interface HeaderLine {
  key: string;
  value: string;
}

/** `dmarc=<result>` in an Authentication-Results value, lower-cased; null when it has no DMARC result. */
function dmarcResult(value: string): string | null {
  // RFC 8601 §2.2: resinfo is `method=result`, separated by ';' from the authserv-id.
  const found = /(?:^|;)\s*dmarc\s*=\s*([a-z]+)/i.exec(value);
  return found?.[1]?.toLowerCase() ?? null;
}

/** The instance number (`i=N`) of an ARC header; 0 when it has none. */
function arcInstance(value: string): number {
  const found = /^\s*i\s*=\s*(\d+)/i.exec(value);
  return found?.[1] ? Number(found[1]) : 0;
}

/**
 * True when the hop nearest to Liqaa recorded that the message fails DMARC:
 * the first Authentication-Results header, and the ARC-Authentication-Results
 * of the highest instance. Either saying `dmarc=fail` is enough.
 */
export function failsDmarc(headers: readonly HeaderLine[]): boolean {
  const nearest = headers.find((h) => h.key === "authentication-results");
  if (nearest && dmarcResult(nearest.value) === "fail") return true;
  let newest: HeaderLine | null = null;
  for (const h of headers) {
    if (h.key !== "arc-authentication-results") continue;
    if (newest === null || arcInstance(h.value) > arcInstance(newest.value)) newest = h;
  }
  return newest !== null && dmarcResult(newest.value) === "fail";
}

/**
 * The sender's own address inside a tagged envelope sender: BATV's
 * `prvs=TAG=local@domain` (also `msprvs1=`, `btv1=`) gives `local@domain`,
 * SRS's `SRS0=HASH=TT=domain=local@forwarder` (and SRS1's longer chain) gives
 * `local@domain`. Any other address comes back as it was.
 */
export function envelopeSender(envelope: string): string {
  const at = envelope.lastIndexOf("@");
  if (at <= 0) return envelope;
  const local = envelope.slice(0, at);
  const domain = envelope.slice(at + 1);
  const batv = /^(?:prvs|msprvs\d*|btv1)=[^=]+=(.+)$/i.exec(local);
  if (batv?.[1]) return `${batv[1]}@${domain}`;
  const srs = /^srs[01][=+-].*=([^=]+)=([^=]+)$/i.exec(local);
  if (srs?.[1] && srs[2]) return `${srs[2]}@${srs[1]}`;
  return envelope;
}
