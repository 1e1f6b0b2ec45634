// The SNS verifier on its own: each check refuses what it should, with the
// certificate served by a test fetcher for a valid-looking amazonaws.com URL.
import { describe, expect, it } from "vitest";
import { readCertificate } from "../../../src/sns/certificate.ts";
import { snsUrl, snsVerifier } from "../../../src/sns/verify.ts";
import { CERT_URL, notification, permanentBounce, sign, TOPIC, testFetcher } from "./helpers.ts";
import { OTHER_TEST_CERT, OTHER_TEST_KEY, SNS_TEST_CERT } from "./test-certificate.ts";

const now = () => new Date("2027-03-01T09:00:00Z");
const event = permanentBounce("huda@example.org");

function verifier(certificate?: string) {
  const { fetcher, asked } = testFetcher(certificate);
  return { verify: snsVerifier({ allowedTopics: [TOPIC], fetcher, now }), asked };
}

describe("the SNS verifier", () => {
  it("accepts a SignatureVersion 1 (SHA1withRSA) message", async () => {
    const { verify } = verifier();
    expect(await verify(await sign(notification(event)))).toEqual({
      ok: true,
      region: "eu-central-1",
    });
  });

  it("accepts a SignatureVersion 2 (SHA256withRSA) message", async () => {
    const { verify } = verifier();
    const result = await verify(await sign(notification(event, { SignatureVersion: "2" })));
    expect(result.ok).toBe(true);
  });

  it("refuses a message altered after it was signed", async () => {
    const { verify } = verifier();
    const message = await sign(notification(event));
    const altered = { ...message, Message: message.Message.replace("huda", "sami") };
    expect(await verify(altered)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a message signed with a key other than the certificate's", async () => {
    const { verify } = verifier();
    const forged = await sign(notification(event), OTHER_TEST_KEY);
    expect(await verify(forged)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a message whose signature version a SHA-256 signature was swapped into", async () => {
    const { verify } = verifier();
    const v2 = await sign(notification(event, { SignatureVersion: "2" }));
    expect(await verify({ ...v2, SignatureVersion: "1" })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses certificate URLs off sns.<region>.amazonaws.com without fetching them", async () => {
    const { verify, asked } = verifier();
    const offHost = [
      "https://evil.example/SimpleNotificationService.pem",
      "http://sns.eu-central-1.amazonaws.com/SimpleNotificationService.pem",
      "https://sns.eu-central-1.amazonaws.com.evil.example/SimpleNotificationService.pem",
      "https://evil.example/?sns.eu-central-1.amazonaws.com/x.pem",
      "https://sns.eu-central-1.amazonaws.com@evil.example/x.pem",
      "https://sns.eu-central-1.amazonaws.com:8443/x.pem",
      "https://s3.eu-central-1.amazonaws.com/x.pem",
      "https://sns.eu-central-1.amazonaws.com/x.txt",
      "https://sns.us-east-1.amazonaws.com/SimpleNotificationService.pem",
    ];
    for (const url of offHost) {
      const message = await sign(notification(event, { SigningCertURL: url }));
      expect(await verify(message), url).toEqual({ ok: false, reason: "certificate_url" });
    }
    expect(asked).toEqual([]);
  });

  it("refuses a TopicArn not on the allow-list, before fetching anything", async () => {
    const { verify, asked } = verifier();
    const foreign = await sign(
      notification(event, { TopicArn: "arn:aws:sns:eu-central-1:999999999999:someone-else" }),
    );
    expect(await verify(foreign)).toEqual({ ok: false, reason: "topic_not_allowed" });
    expect(asked).toEqual([]);
  });

  it("refuses a message more than an hour old", async () => {
    const { verify } = verifier();
    const old = await sign(notification(event, { Timestamp: "2027-03-01T07:59:00.000Z" }));
    expect(await verify(old)).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses a message dated in the future beyond clock skew", async () => {
    const { verify } = verifier();
    const future = await sign(notification(event, { Timestamp: "2027-03-01T09:10:00.000Z" }));
    expect(await verify(future)).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses an unknown SignatureVersion", async () => {
    const { verify } = verifier();
    const message = await sign(notification(event, { SignatureVersion: "2" }));
    expect(await verify({ ...message, SignatureVersion: "3" })).toEqual({
      ok: false,
      reason: "signature_version",
    });
  });

  it("refuses when what the certificate URL serves is not a certificate", async () => {
    const { verify } = verifier("<html>not a certificate</html>");
    expect(await verify(await sign(notification(event)))).toEqual({
      ok: false,
      reason: "certificate",
    });
  });

  it("fetches each certificate once per invocation", async () => {
    const { verify, asked } = verifier();
    await verify(await sign(notification(event)));
    await verify(await sign(notification(event, { SignatureVersion: "2" })));
    expect(asked).toEqual([CERT_URL]);
  });
});

describe("certificate reading", () => {
  it("finds the public key and the validity window in an X.509 PEM", () => {
    const info = readCertificate(SNS_TEST_CERT);
    expect(info?.notAfter.getUTCFullYear()).toBe(2126);
    expect(info?.spki[0]).toBe(0x30);
  });

  it("reads a second, unrelated certificate to a different key", () => {
    expect(readCertificate(OTHER_TEST_CERT)?.spki).not.toEqual(
      readCertificate(SNS_TEST_CERT)?.spki,
    );
  });

  it("returns null for text that is not a certificate", () => {
    expect(
      readCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
    ).toBeNull();
  });
});

describe("SNS URLs", () => {
  it("accepts the SNS host of the topic's region only", () => {
    expect(
      snsUrl("https://sns.eu-central-1.amazonaws.com/?Action=Confirm", "eu-central-1"),
    ).not.toBeNull();
    expect(
      snsUrl("https://sns.eu-central-1.amazonaws.com/?Action=Confirm", "eu-west-1"),
    ).toBeNull();
  });
});
