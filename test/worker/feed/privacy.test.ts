import { env } from "cloudflare:test";
import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { JsonFeed } from "../../../src/feed/json-feed.ts";
import { feedRoutes } from "../../../src/feed/routes.ts";
import { buildSnapshot, deleteSnapshot, writeSnapshot } from "../../../src/feed/snapshot.ts";
import type { ParsedSheet } from "../../../src/sheet/types.ts";
import { fuzzSheet, leaks } from "./arbitraries.ts";
import { meeting, settings } from "./fixtures.ts";

const NOW = new Date("2026-01-01T00:00:00Z");

/** A parsed sheet of one published scheduled meeting with this agenda. */
function fixtureSheet(agenda: string): ParsedSheet {
  return {
    meetings: [meeting({ agenda })],
    rejected: [],
    contacts: [],
    settings: settings(),
    problems: [],
    layout: { meetings: null, contacts: null, settings: null },
  };
}

function app() {
  const root = new Hono<{ Bindings: typeof env }>();
  root.route("/", feedRoutes());
  return root;
}

const PATHS = [
  "/feed.json?limit=200",
  "/feed.json?lang=en&limit=200",
  "/feed.json?when=upcoming&limit=200",
  "/feed.json?when=past&lang=en&limit=200",
  "/calendar.ics",
  "/calendar.ics?lang=en",
];

describe("privacy of public output", () => {
  it("never gives away an address, a phone number or a meeting link however written, in any public response", async () => {
    await fc.assert(
      fc.asyncProperty(fuzzSheet, async ({ sheet, secrets }) => {
        await deleteSnapshot(env.FEED);
        const written = await writeSnapshot(env.FEED, buildSnapshot(sheet, new Date()));
        expect(written.ok).toBe(true);
        const ids = sheet.meetings.map((m) => m.id);
        const paths = [
          ...PATHS,
          ...ids.flatMap((id) => [
            `/meetings/${id}`,
            `/meetings/${id}?lang=en`,
            `/meetings/${id}/calendar.ics`,
          ]),
        ];
        for (const path of paths) {
          const body = await (await app().request(`https://liqaa.test${path}`, {}, env)).text();
          expect(leaks(body, secrets), path).toEqual([]);
          expect(body).not.toMatch(/Person \d/);
        }
      }),
      { numRuns: 40 },
    );
  }, 90_000);

  it("hides each new form in every public field of a held meeting, in the feed, the calendar and the page", async () => {
    const online = `https://meet.example.org/${encodeURIComponent("غرفة-سرية")}`;
    const forms = [
      "0532.123.45.67",
      "030/1234567",
      "٠٥٣٢/١٢٣/٤٥/٦٧",
      "stranger@ngo.example",
      "معلومات@شبكة.سوريا",
      "meet.example.org/غرفة-سرية",
      "WWW.MEET.EXAMPLE.ORG/%D8%BA%D8%B1%D9%81%D8%A9-%D8%B3%D8%B1%D9%8A%D8%A9",
      "http://www.meet.example.org/غرفة-سرية/",
    ];
    const pasted = (field: string) => `${field}: ${forms.join(" ، ")} (2019/11/18-19, 10:30)`;
    const held = meeting({
      status: "held",
      date: "2025-06-01",
      online_url: online,
      title_ar: pasted("title_ar"),
      title_en: pasted("title_en"),
      location: pasted("location"),
      organization: pasted("organization"),
      counterpart: pasted("counterpart"),
      agenda: pasted("agenda"),
      location_en: pasted("location_en"),
      counterpart_en: pasted("counterpart_en"),
      agenda_en: pasted("agenda_en"),
      summary_ar: pasted("summary_ar"),
      summary_en: pasted("summary_en"),
    });
    const parsed = { ...fixtureSheet(""), meetings: [held] };
    await deleteSnapshot(env.FEED);
    expect((await writeSnapshot(env.FEED, buildSnapshot(parsed, NOW))).ok).toBe(true);
    const secrets = [...forms, "غرفة-سرية", "%d8%ba%d8%b1"];
    for (const path of [
      ...PATHS,
      "/meetings/M-0001",
      "/meetings/M-0001?lang=en",
      "/meetings/M-0001/calendar.ics",
    ]) {
      const body = await (await app().request(`https://liqaa.test${path}`, {}, env)).text();
      expect(leaks(body, secrets), path).toEqual([]);
      // What must stay beside them does.
      if (path.startsWith("/feed.json?lang=en")) expect(body).toContain("(2019/11/18-19, 10:30)");
    }
  });

  it("keeps a link that is not to an online meeting, and a date", () => {
    const agenda = "Report: https://example.org/report-2019, due 2019-05-16";
    const sheet = fixtureSheet(agenda);
    expect(buildSnapshot(sheet, NOW).meetings[0]?.agenda).toBe(agenda);
  });

  it("hides a meeting link on another host's subdomain and a phone number in Arabic-Indic digits", () => {
    const sheet = fixtureSheet("انضم: https://unocha.webex.com/meet/x أو اتصل ٠٥٣٢ ١٢٣ ٤٥٦٧");
    expect(buildSnapshot(sheet, NOW).meetings[0]?.agenda).toBe("انضم: […] أو اتصل […]");
  });

  it("publishes only published meetings with an ID in the sheet that are scheduled, held or cancelled after publication", async () => {
    await fc.assert(
      fc.asyncProperty(fuzzSheet, async ({ sheet }) => {
        await deleteSnapshot(env.FEED);
        await writeSnapshot(env.FEED, buildSnapshot(sheet, new Date()));
        const feed = (await (
          await app().request("https://liqaa.test/feed.json?limit=200", {}, env)
        ).json()) as JsonFeed;
        const allowed = new Set(
          sheet.meetings
            .filter(
              (m) =>
                m.publish && !m.id_proposed && (m.status === "scheduled" || m.status === "held"),
            )
            .map((m) => m.id),
        );
        for (const item of feed.items) expect(allowed.has(item.id), item.id).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 30_000);
});
