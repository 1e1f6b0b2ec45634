// iTIP through the real Worker: the cron sync (scheduled handler) reads the
// demo sheet from the Sheets emulator, the queue handler sends through the SES
// fake, and the mail is read as a mail client would (the Node mail reader).
// A meeting invited, updated twice and cancelled gives each invitee calendar
// parts that move one entry: one UID, a SEQUENCE that rises every time (the
// cancellation too, RFC 5545 §3.8.7.4), the last one METHOD:CANCEL.
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
        expect(new Set(calendars.map((c) => c.uid))).toEqual(new Set([`${BRIEFING}@liqaa`]));
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
