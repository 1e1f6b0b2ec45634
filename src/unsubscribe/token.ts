// Signed one-click unsubscribe links (RFC 8058): a token naming one address, one
// kind of mail and the reader's language, HMAC-SHA256 over them with
// SIGNING_SECRET. It does not expire: an unsubscribe link must keep working for
// as long as the mail it came in. The payload starts with its purpose, so an
// RSVP token can never pass for an unsubscribe token or the reverse.

import { signText, verifyText } from "../crypto/signed-token.ts";
import { UNSUBSCRIBE_KINDS, type UnsubscribeKind } from "../outbox/kinds.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import type { Lang } from "../sheet/types.ts";

/** The kinds of mail an address may leave; invitations, updates and cancellations are not among them. */
export { UNSUBSCRIBE_KINDS, type UnsubscribeKind };

export interface UnsubscribeClaim {
  email: string;
  kind: UnsubscribeKind;
  lang: Lang;
}

const PURPOSE = "liqaa-unsubscribe-v1";
export async function signUnsubscribe(secret: string, claim: UnsubscribeClaim): Promise<string> {
  return signText(
    secret,
    [PURPOSE, normalizeEmail(claim.email), claim.kind, claim.lang].join("\u0000"),
  );
}

export type UnsubscribeVerify =
  | { ok: true; claim: UnsubscribeClaim }
  | { ok: false; reason: "malformed" | "bad_signature" };

/** crypto.subtle.verify compares in constant time. */
export async function verifyUnsubscribe(secret: string, token: string): Promise<UnsubscribeVerify> {
  const verified = await verifyText(secret, token);
  if (!verified.ok) return verified;
  const [purpose, email, kind, lang, ...extra] = verified.text.split("\u0000");
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
