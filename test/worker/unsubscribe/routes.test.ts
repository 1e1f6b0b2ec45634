// One-click unsubscribe against the real D1: the link a reminder carries in
// List-Unsubscribe, POSTed as RFC 8058 says, stops that kind of mail for that
// address and nothing else; a GET only shows a page.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { signRsvp } from "../../../src/delivery/links.ts";
import { createApp } from "../../../src/http/app.ts";
import { renderMail } from "../../../src/mail/render.ts";
import { unsubscribeRoutes } from "../../../src/unsubscribe/routes.ts";
import { isUnsubscribed, listUnsubscribes } from "../../../src/unsubscribe/store.ts";
import { signUnsubscribe, unsubscribeUrl } from "../../../src/unsubscribe/token.ts";
import { inputFor } from "../mail/fixtures.ts";

const db = env.DB;
const secret = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;
const now = new Date("2027-03-01T09:00:00Z");
const app = createApp().route("/", unsubscribeRoutes({ now: () => now }));
const request = (path: string, init?: RequestInit) => app.request(path, init, env);

const oneClick: RequestInit = {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: "List-Unsubscribe=One-Click",
};

const outboxStates = async () => {
  const { results } = await db
    .prepare("SELECT email, kind, state, last_error FROM outbox ORDER BY id")
    .all<{ email: string; kind: string; state: string; last_error: string | null }>();
  return results;
};

beforeEach(async () => {
  const at = "2027-02-01T00:00:00Z";
  await db.batch([
    db.prepare("DELETE FROM outbox"),
    db.prepare("DELETE FROM unsubscribes"),
    db
      .prepare(
        `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, state, created_at, updated_at) VALUES
         ('M-1|huda@example.org|reminder|0', 'M-1', 'huda@example.org', 'reminder', 0, 'ar', 'pending', ?1, ?1),
         ('M-1|huda@example.org|invite|0', 'M-1', 'huda@example.org', 'invite', 0, 'ar', 'pending', ?1, ?1),
         ('M-2|huda@example.org|summary|0', 'M-2', 'huda@example.org', 'summary', 0, 'ar', 'pending', ?1, ?1),
         ('M-1|john@example.org|reminder|0', 'M-1', 'john@example.org', 'reminder', 0, 'en', 'pending', ?1, ?1)`,
      )
      .bind(at),
  ]);
});

describe("unsubscribe GET", () => {
  it("shows a page with a button that POSTs the token, in the reader's language", async () => {
    const token = await signUnsubscribe(secret, {
      email: "huda@example.org",
      kind: "reminder",
      lang: "ar",
    });
    const response = await request(`/unsubscribe/${token}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('<html lang="ar" dir="rtl">');
    expect(body).toContain(`<form method="post" action="/unsubscribe/${token}">`);
    expect(body).toContain("تذكيرات الاجتماعات");
  });

  it("changes nothing", async () => {
    const token = await signUnsubscribe(secret, {
      email: "huda@example.org",
      kind: "reminder",
      lang: "ar",
    });
    await request(`/unsubscribe/${token}`);
    expect(await listUnsubscribes(db)).toEqual([]);
    expect((await outboxStates()).every((row) => row.state === "pending")).toBe(true);
  });
});

describe("unsubscribe POST", () => {
  it("round-trips: the List-Unsubscribe URL a reminder carries, POSTed one-click, unsubscribes that address from reminders", async () => {
    const url = await unsubscribeUrl(secret, "https://liqaa.example.org", {
      email: "Huda@Example.org",
      kind: "reminder",
      lang: "en",
    });
    const mail = renderMail(inputFor("reminder", { unsubscribeUrl: url }));
    const header = /^List-Unsubscribe: <([^>]+)>/m.exec(mail.raw)?.[1];
    expect(header).toBe(url);
    expect(mail.raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const response = await request(new URL(header ?? "").pathname, oneClick);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("You are unsubscribed");
    expect(await listUnsubscribes(db)).toEqual([
      { email: "huda@example.org", kind: "reminder", at: now.toISOString() },
    ]);
  });

  it("stops that address's queued reminders, and not its invitations, its summaries or anyone else's mail", async () => {
    const token = await signUnsubscribe(secret, {
      email: "huda@example.org",
      kind: "reminder",
      lang: "ar",
    });
    await request(`/unsubscribe/${token}`, oneClick);
    expect(await outboxStates()).toEqual([
      {
        email: "huda@example.org",
        kind: "reminder",
        state: "rejected",
        last_error: "unsubscribed: reminder",
      },
      { email: "huda@example.org", kind: "invite", state: "pending", last_error: null },
      { email: "huda@example.org", kind: "summary", state: "pending", last_error: null },
      { email: "john@example.org", kind: "reminder", state: "pending", last_error: null },
    ]);
  });

  it("keeps reminders coming to an address that left summaries only", async () => {
    const token = await signUnsubscribe(secret, {
      email: "huda@example.org",
      kind: "summary",
      lang: "ar",
    });
    await request(`/unsubscribe/${token}`, { method: "POST" });
    expect(await isUnsubscribed(db, "huda@example.org", "summary")).toBe(true);
    expect(await isUnsubscribed(db, "huda@example.org", "reminder")).toBe(false);
  });

  it("answers a second POST of the same link with the same page and keeps the first time", async () => {
    const token = await signUnsubscribe(secret, {
      email: "john@example.org",
      kind: "digest",
      lang: "en",
    });
    await request(`/unsubscribe/${token}`, oneClick);
    const again = await request(`/unsubscribe/${token}`, oneClick);
    expect(again.status).toBe(200);
    expect(await listUnsubscribes(db)).toHaveLength(1);
  });

  it("refuses an altered token and changes nothing", async () => {
    const token = await signUnsubscribe(secret, {
      email: "huda@example.org",
      kind: "reminder",
      lang: "ar",
    });
    const [, sig] = token.split(".");
    const other = await signUnsubscribe(secret, {
      email: "john@example.org",
      kind: "reminder",
      lang: "ar",
    });
    const spliced = `${other.split(".")[0]}.${sig}`;
    const response = await request(`/unsubscribe/${spliced}`, oneClick);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This link is not valid");
    expect(await listUnsubscribes(db)).toEqual([]);
  });

  it("refuses an RSVP token, signed with the same secret, as an unsubscribe token", async () => {
    const rsvp = await signRsvp(secret, {
      meetingId: "M-1",
      email: "huda@example.org",
      response: "declined",
      expires: 2_000_000_000,
    });
    const response = await request(`/unsubscribe/${rsvp}`, oneClick);
    expect(response.status).toBe(400);
    expect(await listUnsubscribes(db)).toEqual([]);
  });
});
