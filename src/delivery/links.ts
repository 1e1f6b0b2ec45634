// Signed RSVP links: a token that names one meeting, one address and an expiry,
// with an HMAC-SHA256 over them keyed by SIGNING_SECRET, so the RSVP endpoint
// can trust a click without a database lookup and nobody can answer for
// someone else. The response is signed too: a link answers one way only.
import type { RsvpLinks } from "../mail/types.ts";
import type { RsvpResponse } from "../sync/types.ts";

export interface RsvpClaim {
  meetingId: string;
  email: string;
  response: RsvpResponse;
  /** Seconds since the epoch after which the link no longer answers. */
  expires: number;
}

const encoder = new TextEncoder();
const RESPONSES: readonly RsvpResponse[] = ["accepted", "declined", "tentative"];

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replaceAll("-", "+").replaceAll("_", "/");
  try {
    return Uint8Array.from(atob(padded + "=".repeat((4 - (padded.length % 4)) % 4)), (c) =>
      c.charCodeAt(0),
    );
  } catch {
    return null;
  }
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

/** The signed text: fields joined by NUL, which no id, address or number holds. */
const payloadOf = (claim: RsvpClaim) =>
  [claim.meetingId, claim.email, claim.response, String(claim.expires)].join("\u0000");

export async function signRsvp(secret: string, claim: RsvpClaim): Promise<string> {
  const payload = encoder.encode(payloadOf(claim));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), payload));
  return `${base64url(payload)}.${base64url(mac)}`;
}

export type VerifyResult =
  | { ok: true; claim: RsvpClaim }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** Checks a token; crypto.subtle.verify compares in constant time. */
export async function verifyRsvp(secret: string, token: string, now: Date): Promise<VerifyResult> {
  const [body, sig, ...rest] = token.split(".");
  if (body === undefined || sig === undefined || rest.length > 0)
    return { ok: false, reason: "malformed" };
  const payload = fromBase64url(body);
  const mac = fromBase64url(sig);
  if (payload === null || mac === null) return { ok: false, reason: "malformed" };
  const good = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, payload);
  if (!good) return { ok: false, reason: "bad_signature" };
  const [meetingId, email, response, expires, ...extra] = new TextDecoder()
    .decode(payload)
    .split("\u0000");
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
