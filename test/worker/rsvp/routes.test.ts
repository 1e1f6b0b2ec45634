// The RSVP endpoint against the real D1: a GET only shows a page, the POST
// records the answer, and every token that is not exactly the one signed for
// this invitation is refused without touching the database.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { type RsvpClaim, signRsvp } from "../../../src/delivery/links.ts";
import { createApp } from "../../../src/http/app.ts";
import { rsvpRoutes } from "../../../src/rsvp/routes.ts";

const db = env.DB;
const secret = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;
const now = new Date("2027-03-01T09:00:00Z");
const expires = Math.floor(Date.parse("2027-06-01T00:00:00Z") / 1000);

const app = createApp().route("/", rsvpRoutes({ now: () => now }));
const request = (path: string, init?: RequestInit) => app.request(path, init, env);

const claim = (over: Partial<RsvpClaim> = {}): RsvpClaim => ({
  meetingId: "M-1",
  email: "huda@example.org",
  response: "accepted",
  expires,
  ...over,
});

const stored = () =>
  db
    .prepare("SELECT response FROM invitations WHERE meeting_id = ? AND email = ?")
    .bind("M-1", "huda@example.org")
    .first<{ response: string | null }>();
const rsvpCount = async () =>
  (await db.prepare("SELECT COUNT(*) AS n FROM rsvps").first<{ n: number }>())?.n;

beforeEach(async () => {
  const at = "2027-02-01T00:00:00Z";
  await db.batch([
    db.prepare("DELETE FROM invitations"),
    db.prepare("DELETE FROM meetings"),
    db.prepare("DELETE FROM rsvps"),
    db
      .prepare(
        "INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at) VALUES (?, 'f', 0, 'scheduled', ?, ?), (?, 'f', 0, 'scheduled', ?, ?)",
      )
      .bind("M-1", "2027-03-10T07:00:00Z", at, "M-2", "2027-03-12T07:00:00Z", at),
    db
      .prepare(
        `INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at) VALUES
         ('M-1', 'huda@example.org', 'ar', 0, 'invite', ?1),
         ('M-1', 'john@example.org', 'en', 0, 'invite', ?1),
         ('M-2', 'sami@example.org', 'ar', 0, 'invite', ?1)`,
      )
      .bind(at),
  ]);
});

describe("RSVP GET", () => {
  it("shows an Arabic right-to-left page with a button that POSTs the token", async () => {
    const token = await signRsvp(secret, claim());
    const response = await request(`/rsvp/${token}?r=accepted`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('<html lang="ar" dir="rtl">');
    expect(body).toContain(`<form method="post" action="/rsvp/${token}">`);
    expect(body).toContain("سأحضر");
  });

  it("records nothing, however often a link scanner follows it", async () => {
    const token = await signRsvp(secret, claim());
    await request(`/rsvp/${token}`);
    await request(`/rsvp/${token}`, { method: "HEAD" });
    expect((await stored())?.response).toBeNull();
    expect(await rsvpCount()).toBe(0);
  });

  it("speaks English to an English invitee", async () => {
    const token = await signRsvp(
      secret,
      claim({ email: "john@example.org", response: "declined" }),
    );
    const body = await (await request(`/rsvp/${token}`)).text();
    expect(body).toContain('<html lang="en" dir="ltr">');
    expect(body).toContain("Confirm: I cannot attend");
  });

  it("is never cached and sends no referrer", async () => {
    const response = await request(`/rsvp/${await signRsvp(secret, claim())}`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("RSVP POST", () => {
  it("records the answer in the invitation and the RSVP log at once", async () => {
    const token = await signRsvp(secret, claim({ response: "tentative" }));
    const response = await request(`/rsvp/${token}`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("سُجّل ردك");
    expect((await stored())?.response).toBe("tentative");
    const row = await db
      .prepare("SELECT responded_at FROM invitations WHERE email = 'huda@example.org'")
      .first<{ responded_at: string }>();
    expect(row?.responded_at).toBe(now.toISOString());
  });

  it("changes the answer when the invitee answers again", async () => {
    await request(`/rsvp/${await signRsvp(secret, claim())}`, { method: "POST" });
    await request(`/rsvp/${await signRsvp(secret, claim({ response: "declined" }))}`, {
      method: "POST",
    });
    expect((await stored())?.response).toBe("declined");
    expect(await rsvpCount()).toBe(2);
  });

  it("takes the RFC 8058-style form body a mail client may send without caring for it", async () => {
    const token = await signRsvp(secret, claim());
    const response = await request(`/rsvp/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "r=declined",
    });
    expect(response.status).toBe(200);
    expect((await stored())?.response).toBe("accepted");
  });
});

describe("RSVP refusals", () => {
  it("refuses an altered token: the signature no longer matches", async () => {
    const token = await signRsvp(secret, claim({ response: "declined" }));
    const [body, sig] = token.split(".");
    const altered = `${btoa(["M-1", "huda@example.org", "accepted", String(expires)].join("\u0000")).replaceAll("=", "")}.${sig}`;
    expect(altered).not.toBe(`${body}.${sig}`);
    const response = await request(`/rsvp/${altered}`, { method: "POST" });
    expect(response.status).toBe(400);
    expect((await stored())?.response).toBeNull();
  });

  it("refuses a token signed with another secret, in both languages", async () => {
    const forged = await signRsvp("another-secret-another-secret-0000", claim());
    const response = await request(`/rsvp/${forged}`, { method: "POST" });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain("الرابط غير صالح");
    expect(body).toContain("This link is not valid");
    expect(await rsvpCount()).toBe(0);
  });

  it("refuses garbage that is not a token at all", async () => {
    const response = await request("/rsvp/not-a-token", { method: "POST" });
    expect(response.status).toBe(400);
  });

  it("refuses an RSVP for someone else's invitation: a valid token for an address not invited", async () => {
    // sami is invited to M-2 only; his own good token cannot answer M-1.
    const token = await signRsvp(secret, claim({ email: "sami@example.org" }));
    const response = await request(`/rsvp/${token}`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(await rsvpCount()).toBe(0);
  });

  it("refuses a token past its expiry", async () => {
    const token = await signRsvp(secret, claim({ expires: Math.floor(now.getTime() / 1000) - 1 }));
    const response = await request(`/rsvp/${token}`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This link has expired");
  });

  it("refuses an answer once the meeting is over, though the token has not expired", async () => {
    await db.prepare("UPDATE meetings SET status = 'held' WHERE id = 'M-1'").run();
    const response = await request(`/rsvp/${await signRsvp(secret, claim())}`, { method: "POST" });
    expect(response.status).toBe(400);
    expect((await stored())?.response).toBeNull();
  });

  it("refuses an answer a day after the meeting started", async () => {
    const late = createApp().route(
      "/",
      rsvpRoutes({ now: () => new Date("2027-03-11T08:00:00Z") }),
    );
    const token = await signRsvp(secret, claim());
    const response = await late.request(`/rsvp/${token}`, { method: "POST" }, env);
    expect(response.status).toBe(400);
  });

  it("refuses an answer to a withdrawn invitation", async () => {
    await db
      .prepare("UPDATE invitations SET last_kind = 'cancel' WHERE email = 'huda@example.org'")
      .run();
    const response = await request(`/rsvp/${await signRsvp(secret, claim())}`, { method: "POST" });
    expect(response.status).toBe(404);
    // The invitation is known, so its page speaks its language (Arabic for huda).
    expect(await response.text()).toContain("سُحبت الدعوة");
  });
});
