import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SesFake, startSesFake } from "../../../scripts/ses-fake/server.ts";
import { bilingualMail, closedPort, senderFor } from "./helpers.ts";

let fake: SesFake;
beforeAll(async () => {
  fake = await startSesFake();
});
afterAll(() => fake.close());
beforeEach(() => fake.clear());

describe("the SES v2 sender against the SES fake", () => {
  it("returns SES's MessageId when the message is accepted", async () => {
    const result = await senderFor(fake.url).send(bilingualMail());
    expect(result).toEqual({ kind: "sent", messageId: expect.stringMatching(/^0100[0-9a-f]+-/) });
    expect(fake.messages().map((m) => m.id)).toEqual([
      result.kind === "sent" ? result.messageId : "",
    ]);
  });

  it("delivers the raw message byte for byte, Arabic intact", async () => {
    const mail = bilingualMail();
    await senderFor(fake.url).send(mail);
    const [stored] = fake.messages();
    expect(stored?.raw).toBe(mail.raw);
    expect(stored?.raw).toContain("مكتب تنسيق الشؤون الإنسانية");
    expect(stored?.content).toBe("raw");
  });

  it("passes the envelope sender and recipients", async () => {
    await senderFor(fake.url).send({ ...bilingualMail(), to: ["a@example.org", "b@example.org"] });
    expect(fake.messages()[0]).toMatchObject({
      from: "secretariat@example.org",
      to: ["a@example.org", "b@example.org"],
    });
  });

  it.each([
    {
      what: "a throttle as throttled, with SES's error type",
      answer: "throttle",
      kind: "throttled",
      code: "TooManyRequestsException",
    },
    { what: "a 500 as transient", answer: "5xx", kind: "transient", code: "InternalFailure" },
  ] as const)("reports $what", async ({ answer, kind, code }) => {
    fake.script([answer]);
    const result = await senderFor(fake.url).send(bilingualMail());
    expect(result).toMatchObject({ kind, code });
    expect(fake.messages()).toHaveLength(0);
  });

  it("reports MessageRejected as rejected, not to be retried", async () => {
    fake.script(["reject"]);
    const result = await senderFor(fake.url).send(bilingualMail());
    expect(result).toMatchObject({ kind: "rejected", code: "MessageRejected" });
    expect(result.kind === "rejected" && result.reason).toMatch(/not verified/);
  });

  it("reports a timeout after SES accepted as unknown, and SES holds exactly one copy", async () => {
    fake.script(["accept-then-hang"]);
    const result = await senderFor(fake.url, { timeoutMs: 300 }).send(bilingualMail());
    expect(result.kind).toBe("unknown");
    expect(fake.messages()).toHaveLength(1);
  });

  it("reports a refused connection as transient: nothing reached SES", async () => {
    const port = await closedPort();
    const result = await senderFor(`http://127.0.0.1:${port}`).send(bilingualMail());
    expect(result).toMatchObject({ kind: "transient", code: "ECONNREFUSED" });
  });

  it("reports a wrong secret as rejected with InvalidSignatureException", async () => {
    const result = await senderFor(fake.url, { secretAccessKey: "not-the-secret" }).send(
      bilingualMail(),
    );
    expect(result).toMatchObject({ kind: "rejected", code: "InvalidSignatureException" });
    expect(fake.messages()).toHaveLength(0);
  });

  it("sends each message in one request: no hidden retry after a 5xx", async () => {
    fake.script(["5xx", "ok"]);
    await senderFor(fake.url).send(bilingualMail());
    expect(fake.messages()).toHaveLength(0);
    // The "ok" is still queued: the sender did not spend it on a retry.
    await senderFor(fake.url).send(bilingualMail());
    expect(fake.messages()).toHaveLength(1);
  });
});
