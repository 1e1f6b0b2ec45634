// iTIP through the real Worker: the cron sync (scheduled handler) reads the
// demo sheet from the Sheets emulator, the queue handler sends through the SES
// fake, and the mail is read as a mail client would (the Node mail reader).
// A meeting invited, updated twice and cancelled gives each invitee calendar
// parts that move one entry: one UID, a SEQUENCE that rises every time (the
// cancellation too, RFC 5545 §3.8.7.4), the last one METHOD:CANCEL. A new
// meeting's UID names the sender's domain; one invited before UIDs were stored
// (migration 0009) keeps the `<id>@liqaa` its invitees hold.
import { type D1Migration, env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { setCell, worldPerTest } from "../support/index.ts";
import {
  meetingOf,
  type SentMail,
  sentMails,
  settle,
  syncAndDeliver,
} from "./round-trips-helpers.ts";

/** Several syncs and deliveries, on a loaded two-core machine. */
const TIMEOUT_MS = 120_000;

const world = worldPerTest({}, { timeoutMs: TIMEOUT_MS });

const BRIEFING = "2027-03-10-ocha-briefing";
/** The briefing's row in the demo sheet's Meetings tab. */
const BRIEFING_ROW = 11;

/** Each invitee's calendar parts about the briefing, oldest first. */
function byInvitee(mails: SentMail[]): Map<string, NonNullable<SentMail["calendar"]>[]> {
  const out = new Map<string, NonNullable<SentMail["calendar"]>[]>();
  for (const m of mails) {
    if (m.calendar === null || meetingOf(m) !== BRIEFING) continue;
    out.set(m.to, [...(out.get(m.to) ?? []), m.calendar]);
  }
  return out;
}

describe("one meeting's calendar messages, invited, updated twice and cancelled", () => {
  it(
    "give each invitee one UID, a strictly rising SEQUENCE, and a last METHOD:CANCEL with STATUS:CANCELLED",
    async () => {
      await settle(world);
      await setCell(world, BRIEFING_ROW, "البداية", "10:30");
      await syncAndDeliver(world);
      await setCell(world, BRIEFING_ROW, "البداية", "10:15");
      await syncAndDeliver(world);
      await setCell(world, BRIEFING_ROW, "الحالة", "ملغى");
      await syncAndDeliver(world);

      const invitees = byInvitee(await sentMails());
      expect(invitees.size).toBeGreaterThan(0);
      for (const [to, calendars] of invitees) {
        expect({ to, methods: calendars.map((c) => c.method) }).toEqual({
          to,
          methods: ["REQUEST", "REQUEST", "REQUEST", "CANCEL"],
        });
        expect(new Set(calendars.map((c) => c.uid))).toEqual(new Set([`${BRIEFING}@example.org`]));
        for (let i = 1; i < calendars.length; i++) {
          expect(calendars[i]?.sequence).toBeGreaterThan(calendars[i - 1]?.sequence ?? Infinity);
        }
        expect(calendars.at(-1)?.status).toBe("CANCELLED");
        expect(calendars.at(-1)?.lines).toContain("STATUS:CANCELLED");
      }
    },
    TIMEOUT_MS,
  );
});

/** The draft in the demo sheet, scheduled later to stand for a meeting first invited after the deploy. */
const DRAFT = "2027-09-15-un-regular";
const DRAFT_ROW = 14;

const db = (env as unknown as { DB: D1Database }).DB;

/**
 * D1 as the code before migration 0009 left it: no UID stored. With `migrate`,
 * 0009 then runs over it as a deploy would; without, the old code ran after the
 * migration (between it and the deploy) and the table missed its meetings.
 */
async function asBeforeUidsWereStored(migrate: boolean): Promise<void> {
  await db.prepare("DELETE FROM calendar_uids").run();
  if (!migrate) return;
  const migrations = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;
  const uid = migrations.find((m) => m.name.startsWith("0009"));
  if (!uid) throw new Error("migration 0009 not found");
  await db.batch(uid.queries.filter((q) => q.startsWith("INSERT")).map((q) => db.prepare(q)));
}

describe("a meeting invited before UIDs were stored", () => {
  for (const migrate of [true, false]) {
    it(
      `keeps <id>@liqaa for its update and cancellation, while a new meeting gets the sender's domain (${migrate ? "backfilled by 0009" : "mailed between migration and deploy"})`,
      async () => {
        await settle(world);
        const firstUids = new Set(
          (await sentMails()).flatMap((m) => (m.calendar ? [m.calendar.uid] : [])),
        );
        expect(firstUids.size).toBeGreaterThan(0);
        await asBeforeUidsWereStored(migrate);
        const before = (await sentMails()).length;

        await setCell(world, BRIEFING_ROW, "البداية", "10:30");
        await setCell(world, DRAFT_ROW, "الحالة", "مؤكد");
        await syncAndDeliver(world);
        await setCell(world, BRIEFING_ROW, "الحالة", "ملغى");
        await syncAndDeliver(world);

        const later = (await sentMails()).slice(before);
        const briefing = later.filter((m) => m.calendar !== null && meetingOf(m) === BRIEFING);
        expect(briefing.map((m) => m.calendar?.method)).toContain("REQUEST");
        expect(briefing.map((m) => m.calendar?.method)).toContain("CANCEL");
        expect(new Set(briefing.map((m) => m.calendar?.uid))).toEqual(
          new Set([`${BRIEFING}@liqaa`]),
        );
        const draft = later.filter((m) => m.calendar !== null && meetingOf(m) === DRAFT);
        expect(draft.length).toBeGreaterThan(0);
        expect(new Set(draft.map((m) => m.calendar?.uid))).toEqual(
          new Set([`${DRAFT}@example.org`]),
        );
        // The public calendar names the same entries.
        const feed = await (
          await exports.default.fetch("https://liqaa.example.org/calendar.ics")
        ).text();
        expect(feed).toContain(`UID:${BRIEFING}@liqaa\r\n`);
        expect(feed).not.toContain(`UID:${BRIEFING}@example.org`);
      },
      TIMEOUT_MS * 2,
    );
  }
});
