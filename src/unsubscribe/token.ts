// Signed one-click unsubscribe links (RFC 8058): a token naming one address, one
// kind of mail and the reader's language, HMAC-SHA256 over them with
// SIGNING_SECRET. It does not expire: an unsubscribe link must keep working for
// as long as the mail it came in. The payload starts with its purpose, so an
// RSVP token can never pass for an unsubscribe token or the reverse.
import type { Lang } from "../sheet/types.ts";
import { normalizeEmail } from "../sync/types.ts";

/** The kinds of mail an address may leave; invitations, updates and cancellations are not among them. */
export type UnsubscribeKind = "reminder" | "summary" | "digest";
export const UNSUBSCRIBE_KINDS: readonly UnsubscribeKind[] = ["reminder", "summary", "digest"];

export interface UnsubscribeClaim {
  email: string;
  kind: UnsubscribeKind;
  lang: Lang;
}

const PURPOSE = "liqaa-unsubscribe-v1";
const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const padded = text.replaceAll("-", "+").replaceAll("_", "/");
  try {
    return Uint8Array.from(atob(padded + "=".repeat((4 - (padded.length % 4)) % 4)), (c) =>
      c.charCodeAt(0),
    );
  } catch {
    return null;
  }
}

const hmacKey = (secret: string) =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);

export async function signUnsubscribe(secret: string, claim: UnsubscribeClaim): Promise<string> {
  const payload = encoder.encode(
    [PURPOSE, normalizeEmail(claim.email), claim.kind, claim.lang].join("\u0000"),
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), payload));
  return `${base64url(payload)}.${base64url(mac)}`;
}

export type UnsubscribeVerify =
  | { ok: true; claim: UnsubscribeClaim }
  | { ok: false; reason: "malformed" | "bad_signature" };

/** crypto.subtle.verify compares in constant time. */
export async function verifyUnsubscribe(secret: string, token: string): Promise<UnsubscribeVerify> {
  const [body, sig, ...rest] = token.split(".");
  if (body === undefined || sig === undefined || rest.length > 0) {
    return { ok: false, reason: "malformed" };
  }
  const payload = fromBase64url(body);
  const mac = fromBase64url(sig);
  if (payload === null || mac === null) return { ok: false, reason: "malformed" };
  if (!(await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, payload))) {
    return { ok: false, reason: "bad_signature" };
  }
  const [purpose, email, kind, lang, ...extra] = new TextDecoder().decode(payload).split("\u0000");
  if (
    purpose !== PURPOSE ||
    email === undefined ||
    email === "" ||
    extra.length > 0 ||
    !UNSUBSCRIBE_KINDS.includes(kind as UnsubscribeKind) ||
    (lang !== "ar" && lang !== "en")
  ) {
    return { ok: false, reason: "malformed" };
  }
  return { ok: true, claim: { email, kind: kind as UnsubscribeKind, lang } };
}

/** The List-Unsubscribe URL a reminder, summary or digest carries: `${publicUrl}/unsubscribe/<token>`. */
export async function unsubscribeUrl(
  secret: string,
  publicUrl: string,
  claim: UnsubscribeClaim,
): Promise<string> {
  return `${publicUrl.replace(/\/+$/, "")}/unsubscribe/${await signUnsubscribe(secret, claim)}`;
}
