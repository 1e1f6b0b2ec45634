// The SES sender inside workerd, against the SES fake the globalSetup starts:
// aws4fetch signing, AbortController timeouts and fetch errors behave as they
// will in production, not as they do in Node.
// Named *.needs-setup.ts so `npm test` skips it until vitest.config.ts runs
// test/node/setup/ses-fake.ts; then rename it sender.test.ts. Until then:
// `npx vitest run -c vitest.ses.config.ts`.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { parseEnv, type RawEnv } from "../../../src/env.ts";
import { createSesSender, senderFromEnv } from "../../../src/ses/index.ts";
import { clearFake, fakeMessages, scriptFake, sesFakeUrl } from "./context.ts";

const raw = [
  "From: secretariat@example.org",
  "To: partner@example.org",
  "Subject: Invitation",
  "MIME-Version: 1.0",
  'Content-Type: text/plain; charset="UTF-8"',
  "Content-Transfer-Encoding: 8bit",
  "",
  "دعوة إلى اجتماع تشاوري",
  "",
].join("\r\n");
const mail = { raw, from: "secretariat@example.org", to: ["partner@example.org"] };

function sender(timeoutMs = 2000) {
  return createSesSender({
    region: "eu-central-1",
    accessKeyId: "test-access-key",
    secretAccessKey: "test-secret-key",
    endpoint: sesFakeUrl(),
    timeoutMs,
    now: Date.now,
  });
}

beforeEach(() => clearFake());

describe("the SES sender in workerd", () => {
  it("is accepted by the fake, signature and all, and the raw message arrives byte for byte", async () => {
    const result = await sender().send(mail);
    expect(result.kind).toBe("sent");
    const [stored] = await fakeMessages();
    expect(stored?.raw).toBe(raw);
    expect(result.kind === "sent" && result.messageId).toBe(stored?.id);
  });

  it("reports a throttle as throttled", async () => {
    await scriptFake(["throttle"]);
    expect(await sender().send(mail)).toMatchObject({ kind: "throttled" });
  });

  it("reports MessageRejected as rejected", async () => {
    await scriptFake(["reject"]);
    expect(await sender().send(mail)).toMatchObject({ kind: "rejected", code: "MessageRejected" });
  });

  it("reports a 500 as transient", async () => {
    await scriptFake(["5xx"]);
    expect(await sender().send(mail)).toMatchObject({ kind: "transient" });
  });

  it("reports a timeout after SES accepted as unknown, with exactly one copy at SES", async () => {
    await scriptFake(["accept-then-hang"]);
    expect((await sender(300).send(mail)).kind).toBe("unknown");
    expect(await fakeMessages()).toHaveLength(1);
  });

  it("is built from the checked env, SES_ENDPOINT pointing at the fake", async () => {
    const parsed = parseEnv({ ...(env as unknown as RawEnv), SES_ENDPOINT: sesFakeUrl() });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    const result = await senderFromEnv(parsed.env, { now: Date.now }).send(mail);
    expect(result.kind).toBe("sent");
  });

  it("reports a refused connection as unknown: workerd's error for it is the same as for a connection lost after sending", async () => {
    // Port 1 on loopback: nothing listens there. workerd throws "Network connection lost." for
    // both cases, so the sender cannot prove nothing went out, and must not claim it.
    const refused = createSesSender({
      region: "eu-central-1",
      accessKeyId: "test-access-key",
      secretAccessKey: "test-secret-key",
      endpoint: "http://127.0.0.1:1",
      timeoutMs: 2000,
      now: Date.now,
    });
    expect(await refused.send(mail)).toMatchObject({
      kind: "unknown",
      reason: expect.stringMatching(/Network connection lost/),
    });
  });
});
