// The RSVP and unsubscribe pages through the Worker's real fetch handler, on
// the real D1: they name the network and the meeting (D1's last good version,
// the Settings the last good sync remembered), speak the languages the
// invitation was written in (Arabic first when both), show the answer already
// given, confirm an answer naming the meeting, and offer no button for a
// cancelled meeting or one that took place. Pages are read with HTMLRewriter.
import { createExecutionContext, env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { type RsvpClaim, signRsvp } from "../../../src/delivery/links.ts";
import type { RawEnv } from "../../../src/env.ts";
import type { Meeting, Settings } from "../../../src/sheet/types.ts";
import { rememberSettings } from "../../../src/sync/digest.ts";
import { signUnsubscribe } from "../../../src/unsubscribe/token.ts";
import worker from "../../../workers/index.ts";
import { meeting as sampleMeeting, settings as sampleSettings } from "../mail/fixtures.ts";
import { readPage } from "./read-page.ts";

const db = env.DB;
const secret = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;
const sheetId = (env as unknown as { SHEET_ID: string }).SHEET_ID;
const year = new Date().getUTCFullYear() + 1;

const meeting: Meeting = {
  ...sampleMeeting,
  id: "M-1",
  date: `${year}-12-10`,
  title_ar: "مشاورات مع UNDP حول التعافي المبكر",
  title_en: "Consultation with UNDP on early recovery",
  location: "غازي عنتاب، مكتب UNDP",
};
const other: Meeting = {
  ...meeting,
  id: "M-2",
  title_ar: "إحاطة أوتشا الشهرية",
  title_en: "OCHA monthly briefing",
};

const claim = (over: Partial<RsvpClaim> = {}): RsvpClaim => ({
  meetingId: "M-1",
  email: "john@example.org",
  response: "accepted",
  expires: Math.floor(Date.UTC(year + 1, 0, 1) / 1000),
  ...over,
});

async function fetchPage(path: string, init?: RequestInit): Promise<Response> {
  // The handler's type wants an incoming request's cf properties; a test request has none.
  const request = new Request(`https://liqaa.test${path}`, init) as Request<
    unknown,
    IncomingRequestCfProperties
  >;
  // The test env is the Worker's bindings as wrangler.toml and vitest.config.ts give them.
  return worker.fetch(request, env as unknown as RawEnv, createExecutionContext());
}

const rsvpPath = async (over: Partial<RsvpClaim> = {}) =>
  `/rsvp/${await signRsvp(secret, claim(over))}`;

async function remember(settings: Settings) {
  await rememberSettings(db, sheetId, settings, new Date());
}

beforeEach(async () => {
  const at = new Date().toISOString();
  await db.batch([
    db.prepare("DELETE FROM invitations"),
    db.prepare("DELETE FROM meetings"),
    db.prepare("DELETE FROM rsvps"),
    db.prepare("DELETE FROM sync_meta"),
    db.prepare("DELETE FROM unsubscribes"),
    db
      .prepare(
        `INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at, last_good)
         VALUES ('M-1', 'f', 0, 'scheduled', ?1, ?2, ?3), ('M-2', 'f', 0, 'scheduled', ?1, ?2, ?4)`,
      )
      .bind(`${year}-12-10T07:00:00.000Z`, at, JSON.stringify(meeting), JSON.stringify(other)),
    db
      .prepare(
        `INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at) VALUES
         ('M-1', 'john@example.org', 'en', 0, 'invite', ?1),
         ('M-1', 'huda@example.org', 'ar', 0, 'invite', ?1),
         ('M-2', 'john@example.org', 'en', 0, 'invite', ?1)`,
      )
      .bind(at),
  ]);
  await remember(sampleSettings);
});

describe("the RSVP page names what it answers", () => {
  it("shows the network, the meeting's title, date, time and place in both languages, Arabic first, for a bilingual invitation", async () => {
    const response = await fetchPage(await rsvpPath({ response: "declined" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await readPage(response);
    expect(page.lang).toBe("ar");
    expect(page.dir).toBe("rtl");
    expect(page.sections.map((s) => [s.lang, s.dir])).toEqual([
      ["ar", "rtl"],
      ["en", "ltr"],
    ]);
    const [ar, en] = page.sections;
    expect(ar?.heading).toBe(meeting.title_ar);
    expect(ar?.text).toContain("شبكة المنظمات السورية");
    expect(ar?.text).toContain("غازي عنتاب، مكتب UNDP");
    expect(ar?.text).toContain(`${year}`.replace(/\d/g, (d) => "٠١٢٣٤٥٦٧٨٩"[Number(d)] ?? d));
    expect(en?.heading).toBe(meeting.title_en);
    expect(en?.text).toContain("Syrian NGO Network");
    expect(en?.text).toContain(`10 December ${year}`);
    expect(en?.text).toContain("Location");
    // No English place in the sheet: the Arabic one, as written.
    expect(en?.text).toContain("غازي عنتاب، مكتب UNDP");
    expect(ar?.buttons).toEqual(["تأكيد: أعتذر عن الحضور"]);
    expect(en?.buttons).toEqual(["Confirm: I cannot attend"]);
    for (const s of page.sections) {
      expect(s.forms).toEqual([
        { method: "post", action: await rsvpPath({ response: "declined" }) },
      ]);
    }
  });

  it("tells two invitations apart: each link's page names its own meeting", async () => {
    const first = await readPage(await fetchPage(await rsvpPath()));
    const second = await readPage(await fetchPage(await rsvpPath({ meetingId: "M-2" })));
    expect(first.sections[1]?.heading).toBe("Consultation with UNDP on early recovery");
    expect(second.sections[1]?.heading).toBe("OCHA monthly briefing");
  });

  it("speaks only the language the network's emails use when they use one", async () => {
    await remember({ ...sampleSettings, email_languages: "en" });
    const page = await readPage(await fetchPage(await rsvpPath({ email: "huda@example.org" })));
    expect(page.sections.map((s) => s.lang)).toEqual(["en"]);
    expect(page.lang).toBe("en");
  });

  it("speaks the invitee's own language when no Settings were ever remembered", async () => {
    await db.prepare("DELETE FROM sync_meta").run();
    const page = await readPage(await fetchPage(await rsvpPath({ email: "huda@example.org" })));
    expect(page.sections.map((s) => s.lang)).toEqual(["ar"]);
    expect(page.sections[0]?.heading).toBe(meeting.title_ar);
  });
});

describe("answers on the RSVP page", () => {
  it("shows no answer before one is given, then the answer already given", async () => {
    const before = await readPage(await fetchPage(await rsvpPath()));
    expect(before.sections.map((s) => s.notice)).toEqual(["", ""]);
    await fetchPage(await rsvpPath({ response: "tentative" }), { method: "POST" });
    const after = await readPage(await fetchPage(await rsvpPath()));
    expect(after.sections[0]?.notice).toMatch(/^ردك الحالي: ربما أحضر/);
    expect(after.sections[1]?.notice).toMatch(/^Your answer so far: I may attend \(/);
    // The link still offers its own answer.
    expect(after.sections[1]?.buttons).toEqual(["Confirm: I will attend"]);
    // And, in each language's block, the substitute form with its own action.
    expect(after.sections.map((s) => s.fieldset?.fields)).toEqual([
      ["name", "email"],
      ["name", "email"],
    ]);
    expect(after.sections[1]?.fieldset?.action).toMatch(/^\/rsvp\/[^/]+\/substitute$/);
  });

  it("confirms a POST with the meeting's name and the answer, and offers no button", async () => {
    const response = await fetchPage(await rsvpPath({ response: "accepted" }), { method: "POST" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await readPage(response);
    expect(page.sections[0]?.notice).toBe(`سُجّل ردك على «${meeting.title_ar}»: سأحضر.`);
    expect(page.sections[1]?.notice).toBe(
      `Your answer to “${meeting.title_en}” is recorded: I will attend.`,
    );
    expect(page.sections.flatMap((s) => s.buttons)).toEqual([]);
    const row = await db
      .prepare(
        "SELECT response FROM invitations WHERE meeting_id = 'M-1' AND email = 'john@example.org'",
      )
      .first<{ response: string }>();
    expect(row?.response).toBe("accepted");
  });
});

describe("an RSVP page with nothing to answer", () => {
  it("says a cancelled meeting is cancelled, and offers no answer and no calendar", async () => {
    await db.batch([
      db.prepare("UPDATE meetings SET status = 'cancelled' WHERE id = 'M-1'"),
      db.prepare("UPDATE invitations SET last_kind = 'cancel' WHERE meeting_id = 'M-1'"),
    ]);
    const response = await fetchPage(await rsvpPath());
    expect(response.status).toBe(404);
    const page = await readPage(response);
    expect(page.sections[0]?.notice).toBe("أُلغي هذا الاجتماع، فلا حاجة إلى الرد.");
    expect(page.sections[1]?.notice).toBe("This meeting is cancelled; no answer is needed.");
    expect(page.sections[1]?.heading).toBe(meeting.title_en);
    expect(page.sections.flatMap((s) => [...s.buttons, ...s.forms.map((f) => f.action)])).toEqual(
      [],
    );
    // No substitute form for a meeting that is off.
    expect(page.sections.map((s) => s.fieldset)).toEqual([null, null]);
    expect(page.sections[1]?.text).not.toMatch(/calendar|\.ics/i);
    // A POST records nothing and says the same.
    const posted = await readPage(await fetchPage(await rsvpPath(), { method: "POST" }));
    expect(posted.sections[1]?.notice).toBe("This meeting is cancelled; no answer is needed.");
    expect(await db.prepare("SELECT COUNT(*) AS n FROM rsvps").first<{ n: number }>()).toEqual({
      n: 0,
    });
  });

  it("says a meeting that took place took place, without a button", async () => {
    await db.prepare("UPDATE meetings SET status = 'held' WHERE id = 'M-1'").run();
    const response = await fetchPage(await rsvpPath());
    expect(response.status).toBe(400);
    const page = await readPage(response);
    expect(page.sections[1]?.notice).toBe(
      "This meeting has already taken place; answers are no longer taken.",
    );
    expect(page.sections.flatMap((s) => s.buttons)).toEqual([]);
  });
});

describe("the unsubscribe pages", () => {
  it("name the network, the address and the kind of mail, Arabic first, and confirm", async () => {
    const token = await signUnsubscribe(secret, {
      email: "John@Example.org",
      kind: "reminder",
      lang: "en",
    });
    const shown = await fetchPage(`/unsubscribe/${token}`);
    expect(shown.headers.get("cache-control")).toBe("no-store");
    const page = await readPage(shown);
    expect(page.sections.map((s) => s.lang)).toEqual(["ar", "en"]);
    expect(page.sections[1]?.text).toContain("Syrian NGO Network");
    expect(page.sections[1]?.text).toContain("john@example.org");
    expect(page.sections[1]?.buttons).toEqual(["Stop meeting reminders"]);
    expect(page.sections[0]?.buttons).toEqual(["أوقف تذكيرات الاجتماعات"]);
    const done = await readPage(
      await fetchPage(`/unsubscribe/${token}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
    );
    expect(done.sections[1]?.notice).toBe("You will get no more meeting reminders.");
    expect(done.sections.flatMap((s) => s.buttons)).toEqual([]);
  });
});
