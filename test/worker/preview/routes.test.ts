// The admin preview against the Sheets API emulator (serving demo-sheet/): any
// mail of any meeting, in either language, as HTML or .eml, for staff only.
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { verifyRsvp } from "../../../src/delivery/links.ts";
import { PREVIEW_ADDRESS, previewRoutes } from "../../../src/preview/routes.ts";
import type { AppEnv } from "../../../workers/http.ts";
import { emulator } from "../google/emulator.ts";

const raw = env as unknown as { ADMIN_TOKEN: string; SIGNING_SECRET: string };
const now = new Date("2027-02-20T09:00:00Z");
const MEETING = "2027-03-10-ocha-briefing";

function previewEnv() {
  const context = emulator();
  return {
    ...env,
    SHEET_ID: context.spreadsheetId,
    GOOGLE_TOKEN_URL: context.tokenUrl,
    SHEETS_API_URL: context.url,
    GOOGLE_SERVICE_ACCOUNT_KEY: context.serviceAccountKey,
    PUBLIC_URL: "https://liqaa.example.org",
  };
}

const app = new Hono<AppEnv>().route("/", previewRoutes({ now: () => now }));
const get = (path: string, token: string | null = raw.ADMIN_TOKEN) =>
  app.request(
    path,
    { headers: token === null ? {} : { authorization: `Bearer ${token}` } },
    previewEnv(),
  );

/** An .eml is bytes; reading it as bytes keeps workerd from warning about text(). */
const bytes = async (response: Response) => new TextDecoder().decode(await response.arrayBuffer());

describe("admin preview access", () => {
  it("refuses a request without the admin token", async () => {
    const response = await get(`/admin/preview/${MEETING}`, null);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("refuses a wrong admin token", async () => {
    const response = await get(`/admin/preview/${MEETING}`, `${raw.ADMIN_TOKEN}x`);
    expect(response.status).toBe(401);
  });
});

describe("admin preview", () => {
  it("renders an invitation in Arabic as HTML, right to left", async () => {
    const response = await get(`/admin/preview/${MEETING}?kind=invitation&lang=ar&format=html`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const body = await response.text();
    expect(body).toContain('dir="rtl"');
    expect(body).toContain("إحاطة للشبكات قبل مؤتمر بروكسل للمانحين");
  });

  it("puts the reader's language first: English for lang=en", async () => {
    const body = await (await get(`/admin/preview/${MEETING}?lang=en`)).text();
    expect(body).toContain('<html lang="en" dir="ltr">');
    expect(body).toContain("Briefing for the networks before the Brussels donor conference");
  });

  it("gives the raw .eml with its calendar as a download", async () => {
    const response = await get(`/admin/preview/${MEETING}?kind=update&lang=en&format=eml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("message/rfc822");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${MEETING}-update-en.eml"`,
    );
    const eml = await bytes(response);
    expect(eml).toMatch(/^Subject: /m);
    expect(eml).toContain("text/calendar; charset=UTF-8; method=REQUEST");
  });

  it("shows a reminder with its one-click unsubscribe headers", async () => {
    const eml = await bytes(await get(`/admin/preview/${MEETING}?kind=reminder&format=eml`));
    expect(eml).toMatch(/^List-Unsubscribe: <https:\/\/liqaa\.example\.org\/unsubscribe\//m);
    expect(eml).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });

  it("signs its RSVP links for a placeholder address, so a click in a preview answers for nobody", async () => {
    const body = await (await get(`/admin/preview/${MEETING}?to=huda@example.org`)).text();
    const token = /\/rsvp\/([A-Za-z0-9_.-]+)\?r=accepted/.exec(body)?.[1] ?? "";
    const verified = await verifyRsvp(raw.SIGNING_SECRET, token, now);
    expect(verified.ok && verified.claim.email).toBe(PREVIEW_ADDRESS);
  });

  it("answers 404 in both languages for a meeting the sheet does not have", async () => {
    const response = await get("/admin/preview/no-such-meeting");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { en: expect.stringContaining("no valid meeting") },
    });
  });

  it("answers 400 naming the parameter for an unknown kind", async () => {
    const response = await get(`/admin/preview/${MEETING}?kind=newsletter`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("kind must be");
  });
});
