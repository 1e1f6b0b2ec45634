// Signed RSVP links: a token that names one meeting, one address and an expiry,
// with an HMAC-SHA256 over them keyed by SIGNING_SECRET, so the RSVP endpoint
// can trust a click without a database lookup and nobody can answer for
// someone else. The response is signed too: a link answers one way only.

import { signText, verifyText } from "../crypto/signed-token.ts";
import type { RsvpLinks } from "../mail/types.ts";
import type { RsvpResponse } from "../sync/types.ts";

export interface RsvpClaim {
  meetingId: string;
  email: string;
  response: RsvpResponse;
  /** Seconds since the epoch after which the link no longer answers. */
  expires: number;
}

const RESPONSES: readonly RsvpResponse[] = ["accepted", "declined", "tentative"];

/** The signed text: fields joined by NUL, which no id, address or number holds. */
const payloadOf = (claim: RsvpClaim) =>
  [claim.meetingId, claim.email, claim.response, String(claim.expires)].join("\u0000");

export function signRsvp(secret: string, claim: RsvpClaim): Promise<string> {
  return signText(secret, payloadOf(claim));
}

export type VerifyResult =
  | { ok: true; claim: RsvpClaim }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** Checks a token; crypto.subtle.verify compares in constant time. */
export async function verifyRsvp(secret: string, token: string, now: Date): Promise<VerifyResult> {
  const verified = await verifyText(secret, token);
  if (!verified.ok) return verified;
  const [meetingId, email, response, expires, ...extra] = verified.text.split("\u0000");
  const seconds = Number(expires);
  if (
    meetingId === undefined ||
    email === undefined ||
    extra.length > 0 ||
    !RESPONSES.includes(response as RsvpResponse) ||
    !Number.isInteger(seconds)
  ) {
    return { ok: false, reason: "malformed" };
  }
  if (now.getTime() / 1000 > seconds) return { ok: false, reason: "expired" };
  return {
    ok: true,
    claim: { meetingId, email, response: response as RsvpResponse, expires: seconds },
  };
}

/** The three links an invitation carries: `${publicUrl}/rsvp/<token>?r=accepted` etc. */
export async function rsvpLinks(
  secret: string,
  publicUrl: string,
  meetingId: string,
  email: string,
  expires: number,
): Promise<RsvpLinks> {
  const base = publicUrl.replace(/\/+$/, "");
  const link = async (response: RsvpResponse) =>
    `${base}/rsvp/${await signRsvp(secret, { meetingId, email, response, expires })}?r=${response}`;
  return {
    accept: await link("accepted"),
    tentative: await link("tentative"),
    decline: await link("declined"),
  };
}
