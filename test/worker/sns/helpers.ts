// Builds SNS messages signed the way SNS signs them, with the test key, and a
// fetcher that plays sns.<region>.amazonaws.com: it serves the test certificate
// and answers SubscribeURLs, recording every URL it was asked for.
import type { SnsFetcher, SnsMessage } from "../../../src/sns/verify.ts";
import { stringToSign } from "../../../src/sns/verify.ts";
import { SNS_TEST_CERT, SNS_TEST_KEY } from "./test-certificate.ts";

export const TOPIC = "arn:aws:sns:eu-central-1:123456789012:liqaa-ses-events";
export const CERT_URL =
  "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem";

function pemBytes(pem: string): Uint8Array {
  const body = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

export async function sign(
  message: Omit<SnsMessage, "Signature">,
  keyPem: string = SNS_TEST_KEY,
): Promise<SnsMessage> {
  const hash = message.SignatureVersion === "1" ? "SHA-1" : "SHA-256";
  const key = await crypto.subtle.importKey(
    "pkcs8",
    pemBytes(keyPem),
    { name: "RSASSA-PKCS1-v1_5", hash },
    false,
    ["sign"],
  );
  const canonical = stringToSign({ ...message, Signature: "" });
  if (canonical === null) throw new Error("message lacks a signed field");
  const signature = new Uint8Array(
    await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(canonical)),
  );
  let text = "";
  for (const byte of signature) text += String.fromCharCode(byte);
  return { ...message, Signature: btoa(text) };
}

export function notification(
  sesEvent: unknown,
  over: Partial<SnsMessage> = {},
): Omit<SnsMessage, "Signature"> {
  return {
    Type: "Notification",
    MessageId: crypto.randomUUID(),
    TopicArn: TOPIC,
    Message: JSON.stringify(sesEvent),
    Timestamp: "2027-03-01T08:59:30.000Z",
    SignatureVersion: "1",
    SigningCertURL: CERT_URL,
    ...over,
  };
}

export function subscription(over: Partial<SnsMessage> = {}): Omit<SnsMessage, "Signature"> {
  return {
    Type: "SubscriptionConfirmation",
    MessageId: crypto.randomUUID(),
    TopicArn: TOPIC,
    Token: "2336412f37fb687f5d51e6e2425c464de",
    Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
    SubscribeURL: `https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37fb687f5d51e6e2425c464de`,
    Timestamp: "2027-03-01T08:59:30.000Z",
    SignatureVersion: "2",
    SigningCertURL: CERT_URL,
    ...over,
  };
}

/** Plays SNS's hosts: .pem paths get `certificate`, anything else a 200. */
export function testFetcher(certificate: string = SNS_TEST_CERT) {
  const asked: string[] = [];
  const fetcher: SnsFetcher = {
    get: async (url) => {
      asked.push(url.toString());
      if (url.pathname.endsWith(".pem")) return new Response(certificate);
      return new Response("<ConfirmSubscriptionResponse/>", {
        headers: { "content-type": "text/xml" },
      });
    },
  };
  return { fetcher, asked };
}

export const permanentBounce = (email: string, messageId = "ses-msg-1") => ({
  notificationType: "Bounce",
  mail: { messageId, destination: [email] },
  bounce: {
    bounceType: "Permanent",
    bounceSubType: "General",
    bouncedRecipients: [{ emailAddress: email, diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
  },
});
