// Checks an AWS Signature Version 4 Authorization header the way SES does,
// written apart from aws4fetch (node:crypto, straight from the SigV4 spec) so a
// signing bug in the client is caught here instead of being agreed with.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SigV4Request {
  method: string;
  /** Path and query as sent, e.g. `/v2/email/outbound-emails`. */
  url: string;
  /** Lower-case names; node's IncomingMessage.headers. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type SigV4Check =
  | { ok: true; accessKeyId: string; region: string; service: string }
  | { ok: false; status: number; type: string; message: string };

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const sha256hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) =>
  createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants for each path segment and query part. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function headerValue(headers: SigV4Request["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function canonicalRequest(req: SigV4Request, signedHeaders: string[]): string {
  const url = new URL(req.url, "http://placeholder");
  // Non-S3 services encode each segment twice: once for the URI, once for SigV4.
  const path = url.pathname
    .split("/")
    .map((segment) => uriEncode(uriEncode(decodeURIComponent(segment))))
    .join("/");
  const query = [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalHeaders = signedHeaders
    .map(
      (name) => `${name}:${(headerValue(req.headers, name) ?? "").trim().replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const payloadHash = headerValue(req.headers, "x-amz-content-sha256") ?? sha256hex(req.body);
  return [
    req.method.toUpperCase(),
    path,
    query,
    canonicalHeaders,
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

/** `YYYYMMDDTHHMMSSZ` to epoch ms, or NaN. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

const fail = (status: number, type: string, message: string): SigV4Check => ({
  ok: false,
  status,
  type,
  message,
});

/**
 * Verifies the request's signature with the secret known for its access key.
 * `maxSkewMs` mirrors AWS, which refuses a request dated more than 15 minutes off.
 */
export function verifySigV4(
  req: SigV4Request,
  secrets: ReadonlyMap<string, string>,
  options: { service: string; now: number; maxSkewMs: number },
): SigV4Check {
  const auth = headerValue(req.headers, "authorization");
  if (!auth) {
    return fail(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  const m = AUTH_RE.exec(auth);
  if (!m) {
    return fail(
      403,
      "IncompleteSignatureException",
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' in AWS4-HMAC-SHA256 form. Authorization=${auth.slice(0, 60)}`,
    );
  }
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (service !== options.service) {
    return fail(
      403,
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${options.service}'.`,
    );
  }
  const secret = secrets.get(accessKeyId);
  if (secret === undefined) {
    return fail(
      403,
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  const amzDate = headerValue(req.headers, "x-amz-date") ?? "";
  const at = parseAmzDate(amzDate);
  if (Number.isNaN(at) || !amzDate.startsWith(date)) {
    return fail(
      403,
      "IncompleteSignatureException",
      "X-Amz-Date is missing or does not match the credential date.",
    );
  }
  if (Math.abs(options.now - at) > options.maxSkewMs) {
    return fail(
      403,
      "InvalidSignatureException",
      `Signature expired: ${amzDate} is now too far from the server time.`,
    );
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) {
    return fail(403, "InvalidSignatureException", "'Host' must be a signed header.");
  }
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    sha256hex(canonicalRequest(req, signedHeaders)),
  ].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return fail(
      403,
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  }
  return { ok: true, accessKeyId, region, service };
}
