// The admin preview against the Sheets API emulator (serving demo-sheet/): any
// mail of any meeting, in either language, as HTML or .eml, for staff only.
import { env } from "cloudflare:test";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { verifyRsvp } from "../../../src/delivery/links.ts";
import { PREVIEW_ADDRESS } from "../../../src/preview/routes.ts";
import { buildApp } from "../../../workers/http.ts";
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

// The Worker's own app: the preview sits inside the admin routes, behind their one token check.
const app = buildApp({ preview: { now: () => now } });
const get = (path: string, token: string | null = raw.ADMIN_TOKEN) =>
  app.request(
    path,
    { headers: token === null ? {} : { authorization: `Bearer ${token}` } },
    previewEnv(),
  );

/** The text/calendar part of an .eml, decoded (it is sent as base64). */
function calendarOf(eml: string): string {
  const body =
    /Content-Type: text\/calendar[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)/.exec(
      eml,
    )?.[1] ?? "";
  return new TextDecoder().decode(
    Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0)),
  );
}

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

  it("shows the SEQUENCE a real update would carry: the invitee's SEQUENCE + 1, not the revision", async () => {
    const at = now.toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at)
         VALUES (?, 'f', 1, 'scheduled', NULL, ?)`,
      ).bind(MEETING, at),
      env.DB.prepare(
        `INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at)
         VALUES (?, 'aleppo.network@example.org', 'ar', 4, 'update', ?)`,
      ).bind(MEETING, at),
    ]);
    try {
      const eml = await bytes(
        await get(`/admin/preview/${MEETING}?kind=update&format=eml&to=aleppo.network@example.org`),
      );
      expect(calendarOf(eml)).toMatch(/^SEQUENCE:5\r?$/m);
    } finally {
      await env.DB.batch([
        env.DB.prepare("DELETE FROM invitations WHERE meeting_id = ?").bind(MEETING),
        env.DB.prepare("DELETE FROM meetings WHERE id = ?").bind(MEETING),
      ]);
    }
  });

  it("names the calendar entry invitees already hold: the stored UID, and the replies address as ORGANIZER", async () => {
    const legacy = `${MEETING}@liqaa`;
    await env.DB.prepare("INSERT INTO calendar_uids (meeting_id, uid, created_at) VALUES (?, ?, ?)")
      .bind(MEETING, legacy, now.toISOString())
      .run();
    try {
      const response = await app.request(
        `/admin/preview/${MEETING}?kind=update&format=eml`,
        { headers: { authorization: `Bearer ${raw.ADMIN_TOKEN}` } },
        { ...previewEnv(), REPLIES_ADDRESS: "replies@example.org" },
      );
      const vevent = new ICAL.Component(
        ICAL.parse(calendarOf(await bytes(response))),
      ).getFirstSubcomponent("vevent");
      expect(vevent?.getFirstPropertyValue("uid")).toBe(legacy);
      expect(String(vevent?.getFirstPropertyValue("organizer")).toLowerCase()).toBe(
        "mailto:replies@example.org",
      );
    } finally {
      await env.DB.prepare("DELETE FROM calendar_uids WHERE meeting_id = ?").bind(MEETING).run();
    }
  });

  it("shows an update's changes, old beside new: from the recorded version when the sheet was edited since, else from the update waiting in the outbox", async () => {
    const at = now.toISOString();
    // As recorded by the last sync, before staff moved the briefing from 09:00 to 10:00.
    const before = `v1:${JSON.stringify(["2027-03-10", "", "09:00", "11:30", "Europe/Istanbul", "غازي عنتاب", "https://meet.example.org/liqaa-brussels-briefing", "إحاطة للشبكات قبل مؤتمر بروكسل للمانحين", "Briefing for the networks before the Brussels donor conference", "Gaziantep"])}`;
    const struck = (html: string) =>
      [...html.matchAll(/line-through;">(.*?)<\/td>/gs)].map((m) => m[1]?.replace(/<[^>]+>/g, ""));
    const update = async () => (await get(`/admin/preview/${MEETING}?kind=update&lang=en`)).text();
    expect(struck(await update())).toEqual([]);
    await env.DB.prepare(
      `INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at)
       VALUES (?, ?, 1, 'scheduled', NULL, ?)`,
    )
      .bind(MEETING, before, at)
      .run();
    try {
      const edited = struck(await update());
      // Only the start differs from the sheet: the old time struck through, in English and in Arabic.
      expect(edited).toHaveLength(2);
      expect(edited[0]).toContain("09:00–11:30");
      expect(edited[1]).toContain("٩:٠٠–١١:٣٠");
      // After the sync: the recorded version is the sheet's, and the update waiting
      // in the outbox remembers what it replaces.
      await env.DB.batch([
        env.DB.prepare("UPDATE meetings SET fingerprint = ? WHERE id = ?").bind(
          before.replace('"09:00"', '"10:00"'),
          MEETING,
        ),
        env.DB.prepare(
          `INSERT INTO outbox (idempotency_key, meeting_id, email, kind, sequence, language, created_at, updated_at, input_snapshot)
           VALUES ('preview-test', ?, 'aleppo.network@example.org', 'update', 1, 'ar', ?, ?, 'run-x')`,
        ).bind(MEETING, at, at),
        env.DB.prepare("INSERT INTO mail_inputs (snapshot, ref, body) VALUES ('run-x', ?, ?)").bind(
          `m:${MEETING}`,
          JSON.stringify({ uid: null, previousFingerprint: before }),
        ),
      ]);
      expect(struck(await update())).toEqual(edited);
      await env.DB.prepare("DELETE FROM outbox").run();
      expect(struck(await update())).toEqual([]);
    } finally {
      await env.DB.batch([
        env.DB.prepare("DELETE FROM outbox"),
        env.DB.prepare("DELETE FROM mail_inputs"),
        env.DB.prepare("DELETE FROM meetings WHERE id = ?").bind(MEETING),
      ]);
    }
  });

  it("answers 404 in both languages for a meeting the sheet does not have", async () => {
    const response = await get("/admin/preview/no-such-meeting");
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("meeting_not_found");
    expect(error.message).toContain("no valid meeting");
    expect(error.message).toContain("لا يوجد اجتماع صالح");
  });

  it("answers 400 naming the parameter for an unknown kind", async () => {
    const response = await get(`/admin/preview/${MEETING}?kind=newsletter`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "bad_parameter",
        parameter: "kind",
        message: expect.stringContaining("kind must be"),
      },
    });
  });
});
