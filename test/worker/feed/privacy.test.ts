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
  it("never gives away a contact's address or a meeting link, in any public response", async () => {
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
      { numRuns: 30 },
    );
  }, 60_000);

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
