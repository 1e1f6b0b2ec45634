// Tokens that carry their own text and an HMAC-SHA256 over it, keyed by
// SIGNING_SECRET: `base64url(text).base64url(mac)`. RSVP and unsubscribe links
// use them, so a link can be trusted without a database lookup. What the text
// means (and that one kind of token cannot pass for another) is the caller's.

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
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

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

/** Signs `text` into a token. */
export async function signText(secret: string, text: string): Promise<string> {
  const payload = encoder.encode(text);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), payload));
  return `${base64url(payload)}.${base64url(mac)}`;
}

export type VerifiedText =
  | { ok: true; text: string }
  | { ok: false; reason: "malformed" | "bad_signature" };

/** The text a token carries, if the secret signed it. crypto.subtle.verify compares in constant time. */
export async function verifyText(secret: string, token: string): Promise<VerifiedText> {
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
  return { ok: true, text: new TextDecoder().decode(payload) };
}
