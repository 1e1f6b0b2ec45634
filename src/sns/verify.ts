// Verifies an Amazon SNS message before anything in it is believed: the topic is
// on the configured allow-list, the timestamp is fresh, the signing certificate
// comes only from https://sns.<topic's region>.amazonaws.com/….pem, and its key
// verifies the signature over SNS's canonical string (SignatureVersion 1:
// SHA1withRSA, 2: SHA256withRSA). The certificate is fetched through a port, so
// tests can serve a test certificate while every check here runs for real.
import * as z from "zod/mini";
import { readCertificate } from "./certificate.ts";

/** A URL that passed snsUrl(): https, no port or credentials, host sns.<region>.amazonaws.com. */
export type SnsUrl = URL & { readonly __snsUrl: true };

/** How Liqaa reaches Amazon SNS: only ever with a URL that passed snsUrl(). */
export interface SnsFetcher {
  get(url: SnsUrl): Promise<Response>;
}

/** The real fetcher: no redirects (a redirect could leave amazonaws.com), a short timeout. */
export const fetchFromSns: SnsFetcher = {
  get: (url) => fetch(url.toString(), { redirect: "manual", signal: AbortSignal.timeout(5_000) }),
};

const SNS_HOST = /^sns\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com$/;

/** Accepts only https://sns.<region>.amazonaws.com/… for the given region. */
export function snsUrl(raw: string, region: string): SnsUrl | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.port !== "" || url.username !== "" || url.password !== "") {
    return null;
  }
  const host = SNS_HOST.exec(url.hostname);
  if (host === null || host[1] !== region) return null;
  return url as SnsUrl;
}

/** arn:aws:sns:<region>:<account>:<topic> → region. */
export function topicRegion(topicArn: string): string | null {
  return /^arn:aws:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]+$/.exec(topicArn)?.[1] ?? null;
}

export const SnsMessageSchema = z.object({
  Type: z.enum(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  MessageId: z.string(),
  TopicArn: z.string(),
  Message: z.string(),
  Timestamp: z.string(),
  SignatureVersion: z.string(),
  Signature: z.string(),
  SigningCertURL: z.string(),
  Subject: z.optional(z.string()),
  Token: z.optional(z.string()),
  SubscribeURL: z.optional(z.string()),
});
export type SnsMessage = z.infer<typeof SnsMessageSchema>;

/** SNS's canonical string: named fields in byte order, each "Name\nvalue\n"; Subject only if present. */
export function stringToSign(message: SnsMessage): string | null {
  const names =
    message.Type === "Notification"
      ? (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const)
      : ([
          "Message",
          "MessageId",
          "SubscribeURL",
          "Timestamp",
          "Token",
          "TopicArn",
          "Type",
        ] as const);
  let out = "";
  for (const name of names) {
    const value = message[name];
    if (value === undefined) {
      if (name === "Subject") continue;
      return null;
    }
    out += `${name}\n${value}\n`;
  }
  return out;
}

export type VerifyFailure =
  | "topic_not_allowed"
  | "stale"
  | "certificate_url"
  | "signature_version"
  | "certificate"
  | "certificate_unavailable"
  | "bad_signature"
  | "malformed";

export type SnsVerifyResult = { ok: true; region: string } | { ok: false; reason: VerifyFailure };

export interface SnsVerifierOptions {
  /** Exact TopicArns whose messages Liqaa accepts (SNS_TOPIC_ARNS). */
  allowedTopics: readonly string[];
  fetcher: SnsFetcher;
  now: () => Date;
  /** How old a message may be (default an hour; SNS's default HTTPS retry policy is over in about a minute). */
  maxAgeMs?: number;
}

const HASH: Record<string, "SHA-1" | "SHA-256"> = { "1": "SHA-1", "2": "SHA-256" };
const MAX_AGE_MS = 60 * 60 * 1000;
const MAX_SKEW_MS = 5 * 60 * 1000;

function base64Bytes(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * Builds a verifier for one invocation; it caches certificates per URL so a
 * batch of messages fetches each certificate once (never across requests:
 * workerd forbids sharing I/O between them).
 */
export function snsVerifier(options: SnsVerifierOptions) {
  const certificates = new Map<string, Promise<Uint8Array | "unavailable" | "invalid">>();

  async function loadCertificate(url: SnsUrl, at: Date) {
    const key = url.toString();
    let pending = certificates.get(key);
    if (pending === undefined) {
      pending = (async () => {
        let response: Response;
        try {
          response = await options.fetcher.get(url);
        } catch {
          return "unavailable" as const;
        }
        if (!response.ok) return "unavailable" as const;
        const info = readCertificate(await response.text());
        if (info === null) return "invalid" as const;
        if (at < info.notBefore || at > info.notAfter) return "invalid" as const;
        return info.spki;
      })();
      certificates.set(key, pending);
    }
    return pending;
  }

  return async function verify(message: SnsMessage): Promise<SnsVerifyResult> {
    if (!options.allowedTopics.includes(message.TopicArn)) {
      return { ok: false, reason: "topic_not_allowed" };
    }
    const region = topicRegion(message.TopicArn);
    if (region === null) return { ok: false, reason: "topic_not_allowed" };
    const now = options.now();
    const sent = Date.parse(message.Timestamp);
    if (
      Number.isNaN(sent) ||
      now.getTime() - sent > (options.maxAgeMs ?? MAX_AGE_MS) ||
      sent - now.getTime() > MAX_SKEW_MS
    ) {
      return { ok: false, reason: "stale" };
    }
    const certUrl = snsUrl(message.SigningCertURL, region);
    if (certUrl === null || !certUrl.pathname.endsWith(".pem") || certUrl.search !== "") {
      return { ok: false, reason: "certificate_url" };
    }
    const hash = HASH[message.SignatureVersion];
    if (hash === undefined) return { ok: false, reason: "signature_version" };
    const canonical = stringToSign(message);
    const signature = base64Bytes(message.Signature);
    if (canonical === null || signature === null) return { ok: false, reason: "malformed" };
    const spki = await loadCertificate(certUrl, now);
    if (spki === "unavailable") return { ok: false, reason: "certificate_unavailable" };
    if (spki === "invalid") return { ok: false, reason: "certificate" };
    let key: CryptoKey;
    try {
      key = await crypto.subtle.importKey(
        "spki",
        spki,
        { name: "RSASSA-PKCS1-v1_5", hash },
        false,
        ["verify"],
      );
    } catch {
      return { ok: false, reason: "certificate" };
    }
    const good = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      key,
      signature,
      new TextEncoder().encode(canonical),
    );
    return good ? { ok: true, region } : { ok: false, reason: "bad_signature" };
  };
}
