// Sends one raw MIME message through Amazon SES v2 SendEmail, signed with
// aws4fetch. Why not @aws-sdk/client-sesv2: it runs in workerd, but is ~20x the
// bundle (101 KiB gzip vs 5 KiB) and retries on its own; this is one POST whose
// every outcome we classify ourselves. Why not SES v1: it fails in workerd after
// SES accepted the message (its XML reply needs DOMParser, which workerd lacks:
// aws/aws-sdk-js-v3#7375), so a retry would send twice.
import { AwsClient } from "aws4fetch";
import { classifyFetchError, classifyResponse } from "./classify.ts";
import type { Clock, MailSender, OutgoingMail, SendResult } from "./types.ts";

export interface SesSenderConfig {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Base URL; default `https://email.<region>.amazonaws.com`. The project's SES stand-in (scripts/ses-fake) locally. */
  endpoint?: string;
  /** SES v2 configuration set (event publishing for bounces and complaints). */
  configurationSetName?: string;
  /** Whole request, from sending to the last byte of the answer. */
  timeoutMs: number;
  fetch?: typeof fetch;
  now: Clock;
}

export function defaultEndpoint(region: string): string {
  return `https://email.${region}.amazonaws.com`;
}

/** Base64 of the UTF-8 bytes; chunked because String.fromCharCode(...bytes) overflows the stack on big messages. */
export function base64Utf8(text: string): string {
  // A message Liqaa builds is 7-bit ASCII (src/mail/mime.ts encodes every
  // header and part), whose UTF-8 is itself: btoa alone, at a fraction of the
  // CPU of copying 50 KB through String.fromCharCode.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole 7-bit range is the point
  if (/^[\x00-\x7f]*$/.test(text)) return btoa(text);
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The SES v2 SendEmail request body for a raw message. */
export function sendEmailBody(mail: OutgoingMail, configurationSetName?: string): string {
  return JSON.stringify({
    FromEmailAddress: mail.from,
    Destination: { ToAddresses: mail.to },
    Content: { Raw: { Data: base64Utf8(mail.raw) } },
    ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
  });
}

/** SigV4 wants `YYYYMMDDTHHMMSSZ`. */
function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, "");
}

export function createSesSender(config: SesSenderConfig): MailSender {
  const fetchFn = config.fetch ?? fetch;
  const url = `${(config.endpoint || defaultEndpoint(config.region)).replace(/\/+$/, "")}/v2/email/outbound-emails`;
  // Used only to sign: we call fetch ourselves so the timeout and the outcome are ours.
  // retries: 0 anyway, so no one who later calls client.fetch gets aws4fetch's hidden 10 retries.
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    service: "ses",
    region: config.region,
    retries: 0,
  });

  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      const request = await client.sign(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: sendEmailBody(mail, config.configurationSetName),
        aws: { datetime: amzDate(config.now()) },
      });
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`SES did not answer within ${config.timeoutMs} ms`));
      }, config.timeoutMs);
      try {
        const response = await fetchFn(request, { signal: controller.signal });
        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          // The status line arrived but the body did not: a 2xx means SES accepted it, id unknown.
          if (response.ok) {
            return {
              kind: "unknown",
              reason: `SES answered HTTP ${response.status} but the body was cut off: ${String(error)}`,
            };
          }
          return classifyResponse(response.status, response.headers, "", config.now());
        }
        return classifyResponse(response.status, response.headers, text, config.now());
      } catch (error) {
        return classifyFetchError(error, timedOut);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
