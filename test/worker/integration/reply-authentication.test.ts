// What the mail servers on the way said, through the real email() handler: a
// reply the nearest hop recorded as failing DMARC is refused and records
// nothing, however well its From, ATTENDEE and envelope agree; a header saying
// `pass` changes nothing; and an envelope sender tagged by BATV or SRS is read
// as the address inside it, so a legitimate reply is not refused as a mismatch.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cron, SYNC_LOG_TAB, tab } from "../support/index.ts";
import { BRIEFING, CLARA, mailIn, outlookReply, repliesWorld } from "./reply-helpers.ts";

const TIMEOUT_MS = 60_000;
const world = repliesWorld(TIMEOUT_MS);

async function claraAnswer() {
  return env.DB.prepare(
    "SELECT response, response_source FROM invitations WHERE meeting_id = ? AND email = ?",
  )
    .bind(BRIEFING, CLARA)
    .first<{ response: string | null; response_source: string | null }>();
}

const results = (dmarc: string) =>
  `Authentication-Results: mx.cloudflare.net; dkim=none; spf=softfail smtp.mailfrom=example.org; dmarc=${dmarc} header.from=example.org\r\n`;

describe("what the mail servers on a reply's way said", () => {
  it(
    "refuses a reply whose nearest Authentication-Results says dmarc=fail, records nothing, and tells staff",
    async () => {
      await cron(world);
      const seen = await mailIn(world, results("fail") + outlookReply());
      expect(seen.rejected).toMatch(/failed DMARC/);
      expect(await claraAnswer()).toEqual({ response: null, response_source: null });
      await cron(world);
      const log = (await tab(world, SYNC_LOG_TAB)).flat().join("\n");
      expect(log).toContain("failed DMARC for the sender's domain");
    },
    TIMEOUT_MS,
  );

  it(
    "refuses on the newest ARC-Authentication-Results saying fail, and ignores an older hop's",
    async () => {
      await cron(world);
      const sealed = (i: number, dmarc: string) =>
        `ARC-Authentication-Results: i=${i}; mx.example.net; dmarc=${dmarc} header.from=example.org\r\n`;
      const newestFails = await mailIn(
        world,
        sealed(1, "pass") + sealed(2, "fail") + outlookReply(),
      );
      expect(newestFails.rejected).toMatch(/failed DMARC/);
      expect(await claraAnswer()).toEqual({ response: null, response_source: null });
      const olderFailed = await mailIn(
        world,
        sealed(2, "pass") + sealed(1, "fail") + outlookReply(),
      );
      expect(olderFailed).toEqual({ rejected: null, forwarded: [] });
      expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "calendar" });
    },
    TIMEOUT_MS,
  );

  it(
    "records a reply whose headers say pass or say nothing about DMARC (a header cannot vouch for a sender)",
    async () => {
      await cron(world);
      const passed = await mailIn(world, results("pass") + outlookReply());
      expect(passed).toEqual({ rejected: null, forwarded: [] });
      expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "calendar" });
      // A pass does not let a mismatched envelope through.
      const forged = await mailIn(
        world,
        results("pass") + outlookReply({ partstat: "DECLINED" }),
        "mallory@attacker.example",
      );
      expect(forged.rejected).toMatch(/disagree/);
      expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "calendar" });
    },
    TIMEOUT_MS,
  );

  for (const [scheme, envelope] of [
    ["BATV", "prvs=0123abcdef=clara.jensen@example.org"],
    ["SRS", "SRS0=HHH=TT=example.org=clara.jensen@forwarder.example"],
    ["SRS1", "SRS1=XXX=forwarder.example==HHH=TT=example.org=clara.jensen@relay.example"],
  ] as const) {
    it(
      `records a reply whose envelope sender is ${scheme}-tagged (${envelope})`,
      async () => {
        await cron(world);
        const seen = await mailIn(world, outlookReply(), envelope);
        expect(seen).toEqual({ rejected: null, forwarded: [] });
        expect(await claraAnswer()).toEqual({ response: "accepted", response_source: "calendar" });
      },
      TIMEOUT_MS,
    );
  }

  it(
    "still refuses a tagged envelope that wraps somebody else's address",
    async () => {
      await cron(world);
      const seen = await mailIn(world, outlookReply(), "prvs=0123abcdef=mallory@attacker.example");
      expect(seen.rejected).toMatch(/disagree/);
      expect(await claraAnswer()).toEqual({ response: null, response_source: null });
    },
    TIMEOUT_MS,
  );
});
