import { AwsClient } from "aws4fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SesFake, startSesFake } from "../../../scripts/ses-fake/server.ts";
import { bilingualMail, CREDENTIALS, senderFor } from "./helpers.ts";

let fake: SesFake;
beforeAll(async () => {
  fake = await startSesFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clear();
  fake.setMaxRate(null);
});

const sendPath = () => `${fake.url}/v2/email/outbound-emails`;
const signer = new AwsClient({
  ...CREDENTIALS,
  service: "ses",
  region: "eu-central-1",
  retries: 0,
});

async function signedPost(body: unknown): Promise<Response> {
  const request = await signer.sign(sendPath(), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return fetch(request);
}

describe("the SES v2 fake", () => {
  it("answers 403 MissingAuthenticationTokenException without an Authorization header", async () => {
    const response = await fetch(sendPath(), { method: "POST", body: "{}" });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-ErrorType")).toMatch(
      /^MissingAuthenticationTokenException:/,
    );
  });

  it("answers 403 to a garbled Authorization header", async () => {
    const response = await fetch(sendPath(), {
      method: "POST",
      headers: { Authorization: "AWS4-HMAC-SHA256 Credential=oops" },
      body: "{}",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-ErrorType")).toMatch(/^IncompleteSignatureException:/);
  });

  it("answers 403 when the body was changed after signing", async () => {
    const request = await signer.sign(sendPath(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ a: 1 }),
    });
    const response = await fetch(sendPath(), {
      method: "POST",
      headers: request.headers,
      body: JSON.stringify({ a: 2 }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: expect.stringMatching(/does not match/) });
  });

  it("answers 403 to a signature dated more than 15 minutes ago", async () => {
    const old = new Date(Date.now() - 20 * 60_000).toISOString().replace(/[:-]|\.\d{3}/g, "");
    const request = await signer.sign(sendPath(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
      aws: { datetime: old },
    });
    const response = await fetch(request);
    expect(response.status).toBe(403);
    expect((await response.json()) as unknown).toEqual({
      message: expect.stringMatching(/Signature expired/),
    });
  });

  it("accepts Simple content and keeps a readable rendering of it", async () => {
    const response = await signedPost({
      FromEmailAddress: "secretariat@example.org",
      Destination: { ToAddresses: ["partner@example.org"] },
      Content: {
        Simple: { Subject: { Data: "اجتماع" }, Body: { Text: { Data: "نص الرسالة" } } },
      },
    });
    expect(response.status).toBe(200);
    expect(fake.messages()[0]).toMatchObject({
      content: "simple",
      to: ["partner@example.org"],
      raw: expect.stringContaining("Subject: اجتماع"),
    });
  });

  it("takes From and To from the MIME headers when the request leaves them out", async () => {
    const mail = bilingualMail();
    const data = Buffer.from(mail.raw, "utf8").toString("base64");
    const response = await signedPost({ Content: { Raw: { Data: data } } });
    expect(response.status).toBe(200);
    expect(fake.messages()[0]).toMatchObject({
      from: "secretariat@example.org",
      to: ["partner@example.org"],
    });
  });

  it("refuses a request with no content as BadRequestException", async () => {
    const response = await signedPost({ FromEmailAddress: "a@example.org" });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-ErrorType")).toMatch(/^BadRequestException:/);
  });

  it("answers 429 once a burst outruns its max rate", async () => {
    fake.setMaxRate(2);
    const sender = senderFor(fake.url);
    const kinds: string[] = [];
    for (const tag of ["a", "b", "c"]) kinds.push((await sender.send(bilingualMail(tag))).kind);
    // SES allows short bursts: a second's worth (at least two) goes through.
    expect(kinds).toEqual(["sent", "sent", "throttled"]);
  });

  it("is scripted, read and cleared over HTTP for tests inside workerd", async () => {
    const scripted = await fetch(`${fake.url}/__fake/script`, {
      method: "POST",
      body: JSON.stringify(["reject"]),
    });
    expect(scripted.status).toBe(200);
    expect((await senderFor(fake.url).send(bilingualMail())).kind).toBe("rejected");
    await senderFor(fake.url).send(bilingualMail());
    const listed = (await (await fetch(`${fake.url}/__fake/messages`)).json()) as unknown[];
    expect(listed).toHaveLength(1);
    await fetch(`${fake.url}/__fake/clear`, { method: "POST" });
    expect(fake.messages()).toEqual([]);
  });

  it("refuses a script with an outcome it does not know", async () => {
    const response = await fetch(`${fake.url}/__fake/script`, {
      method: "POST",
      body: JSON.stringify(["explode"]),
    });
    expect(response.status).toBe(400);
  });
});
