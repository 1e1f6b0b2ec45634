// POST /sns/ses against the real D1: verified SES events round-trip into
// deliveries and suppressions and stop queued mail; anything unverified is
// refused and changes nothing.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/http/app.ts";
import { snsRoutes } from "../../../src/sns/routes.ts";
import type { SnsMessage } from "../../../src/sns/verify.ts";
import { listSuppressions } from "../../../src/sync/store.ts";
import {
  notification,
  permanentBounce,
  sign,
  subscription,
  TOPIC,
  testFetcher,
} from "./helpers.ts";
import { OTHER_TEST_KEY } from "./test-certificate.ts";

const db = env.DB;
const now = new Date("2027-03-01T09:00:00Z");
const snsEnv = { ...env, SNS_TOPIC_ARNS: `arn:aws:sns:eu-west-1:123456789012:other, ${TOPIC}` };

function setup() {
  const { fetcher, asked } = testFetcher();
  const app = createApp().route("/", snsRoutes({ fetcher, now: () => now }));
  const post = (message: SnsMessage | string, bindings: object = snsEnv) =>
    app.request(
      "/sns/ses",
      {
        method: "POST",
        headers: { "content-type": "text/plain; charset=UTF-8" },
        body: typeof message === "string" ? message : JSON.stringify(message),
      },
      bindings,
    );
  return { post, asked };
}

const count = async (table: string) =>
  (await db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n;
const outboxState = async (email: string) =>
  (await db
    .prepare("SELECT state, last_error FROM outbox WHERE email = ?")
    .bind(email)
    .first<{ state: string; last_error: string | null }>()) ?? null;

beforeEach(async () => {
  const at = "2027-02-01T00:00:00Z";
  await db.batch([
    db.prepare("DELETE FROM outbox"),
    db.prepare("DELETE FROM deliveries"),
    db.prepare("DELETE FROM suppressions"),
    db
      .prepare(
        `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state, created_at, updated_at) VALUES
         ('M-1|huda@example.org|invite|0', 'M-1', 'huda@example.org', 'invite', 0, 'ar', 'pending', ?1, ?1),
         ('M-1|sami@example.org|invite|0', 'M-1', 'sami@example.org', 'invite', 0, 'ar', 'pending', ?1, ?1)`,
      )
      .bind(at),
  ]);
});

describe("SES events through SNS", () => {
  it("refuses a body larger than any SNS message before reading it", async () => {
    const { post, asked } = setup();
    const response = await post("x".repeat(256 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(asked).toHaveLength(0);
    expect(await count("deliveries")).toBe(0);
  });

  it("round-trips a permanent bounce: recorded, address suppressed, its queued mail stopped", async () => {
    const { post } = setup();
    const response = await post(await sign(notification(permanentBounce("Huda@example.org"))));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      recorded: 1,
      duplicates: 0,
      suppressed: 1,
      stopped: 1,
    });
    const row = await db
      .prepare("SELECT ses_message_id, email, event, permanent, detail FROM deliveries")
      .first();
    expect(row).toEqual({
      ses_message_id: "ses-msg-1",
      email: "huda@example.org",
      event: "bounce",
      permanent: 1,
      detail: "Permanent/General: smtp; 550 5.1.1 user unknown",
    });
    expect((await listSuppressions(db)).map((s) => [s.email, s.reason])).toEqual([
      ["huda@example.org", "bounce"],
    ]);
    expect(await outboxState("huda@example.org")).toEqual({
      state: "rejected",
      last_error: "suppressed: bounce",
    });
    expect((await outboxState("sami@example.org"))?.state).toBe("pending");
  });

  it("suppresses an address that complained (event publishing shape)", async () => {
    const { post } = setup();
    const complaint = {
      eventType: "Complaint",
      mail: { messageId: "ses-msg-2", destination: ["sami@example.org"] },
      complaint: {
        complainedRecipients: [{ emailAddress: "sami@example.org" }],
        complaintFeedbackType: "abuse",
      },
    };
    const response = await post(await sign(notification(complaint, { SignatureVersion: "2" })));
    expect(response.status).toBe(200);
    expect((await listSuppressions(db)).map((s) => [s.email, s.reason, s.detail])).toEqual([
      ["sami@example.org", "complaint", "abuse"],
    ]);
    expect((await outboxState("sami@example.org"))?.state).toBe("rejected");
  });

  it("records a transient bounce without suppressing the address", async () => {
    const { post } = setup();
    const transient = {
      notificationType: "Bounce",
      mail: { messageId: "ses-msg-3" },
      bounce: {
        bounceType: "Transient",
        bounceSubType: "MailboxFull",
        bouncedRecipients: [{ emailAddress: "huda@example.org" }],
      },
    };
    await post(await sign(notification(transient)));
    expect(await count("deliveries")).toBe(1);
    expect(await listSuppressions(db)).toEqual([]);
    expect((await outboxState("huda@example.org"))?.state).toBe("pending");
  });

  it("records an event SNS delivers twice only once", async () => {
    const { post } = setup();
    const message = await sign(notification(permanentBounce("huda@example.org")));
    await post(message);
    const again = await post(message);
    expect(await again.json()).toMatchObject({ recorded: 0, duplicates: 1 });
    expect(await count("deliveries")).toBe(1);
  });

  it("ignores SES event types Liqaa does not track", async () => {
    const { post } = setup();
    const open = { eventType: "Open", mail: { messageId: "ses-msg-4" }, open: {} };
    const response = await post(await sign(notification(open)));
    expect(response.status).toBe(200);
    expect(await count("deliveries")).toBe(0);
  });
});

describe("SNS refusals", () => {
  it("refuses a message with a bad signature and records nothing", async () => {
    const { post } = setup();
    const forged = await sign(notification(permanentBounce("huda@example.org")), OTHER_TEST_KEY);
    const response = await post(forged);
    expect(response.status).toBe(403);
    expect(await count("deliveries")).toBe(0);
    expect(await listSuppressions(db)).toEqual([]);
  });

  it("refuses a certificate URL off amazonaws.com without fetching it", async () => {
    const { post, asked } = setup();
    const message = await sign(
      notification(permanentBounce("huda@example.org"), {
        SigningCertURL: "https://sns.eu-central-1.amazonaws.com.attacker.example/cert.pem",
      }),
    );
    const response = await post(message);
    expect(response.status).toBe(403);
    expect(asked).toEqual([]);
    expect(await count("deliveries")).toBe(0);
  });

  it("refuses a foreign TopicArn", async () => {
    const { post } = setup();
    const message = await sign(
      notification(permanentBounce("huda@example.org"), {
        TopicArn: "arn:aws:sns:eu-central-1:999999999999:liqaa-ses-events",
      }),
    );
    expect((await post(message)).status).toBe(403);
    expect(await count("deliveries")).toBe(0);
  });

  it("answers 400 to a body that is not an SNS message", async () => {
    const { post } = setup();
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ Type: "Notification" }))).status).toBe(400);
  });

  it("says what to set when SNS_TOPIC_ARNS is missing", async () => {
    const { post } = setup();
    const response = await post(await sign(notification(permanentBounce("huda@example.org"))), env);
    expect(response.status).toBe(500);
    expect(await response.clone().text()).toContain("SNS_TOPIC_ARNS is missing");
    expect(await response.json()).toEqual({
      error: {
        code: "not_configured",
        message: expect.stringMatching(/^SNS_TOPIC_ARNS is missing/),
      },
    });
  });
});

describe("subscription confirmation", () => {
  it("confirms a verified subscription by GETting its SubscribeURL", async () => {
    const { post, asked } = setup();
    const message = await sign(subscription());
    const response = await post(message);
    expect(response.status).toBe(200);
    expect(asked).toContain(message.SubscribeURL);
  });

  it("does not follow a SubscribeURL off amazonaws.com, even in a validly signed message", async () => {
    const { post, asked } = setup();
    const message = await sign(
      subscription({ SubscribeURL: "https://attacker.example/?Action=ConfirmSubscription" }),
    );
    const response = await post(message);
    expect(response.status).toBe(403);
    expect(asked.some((url) => url.includes("attacker"))).toBe(false);
  });

  it("does not confirm an unsigned subscription", async () => {
    const { post, asked } = setup();
    const message = await sign(subscription());
    const response = await post({ ...message, Token: "another-token" });
    expect(response.status).toBe(403);
    expect(asked.some((url) => url.includes("ConfirmSubscription"))).toBe(false);
  });
});
