// The RSVP page end to end: the demo sheet synced through the real scheduled
// handler, an invitation delivered through the queue handler to the SES fake,
// its RSVP link taken from the message SES got and opened through the real
// fetch handler. The page names the demo sheet's network and meeting (what the
// sync stored), confirms an answer, and after staff cancel the meeting in the
// sheet says it is cancelled and offers no button.
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../../workers/index.ts";
import { readPage } from "../rsvp/read-page.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  cron,
  decodedParts,
  deliver,
  setCell,
  type World,
  worldPerTest,
} from "../support/index.ts";

const world = worldPerTest();
const MEETING = "2027-03-10-ocha-briefing";

async function syncAndDeliver(w: World) {
  await cron(w);
  const queued = w.queue.take();
  if (queued.length > 0) await deliver(w, queued);
}

function open(path: string, init?: RequestInit) {
  // The handler's type wants an incoming request's cf properties; a test request has none.
  const request = new Request(`https://liqaa.example.org${path}`, init) as Request<
    unknown,
    IncomingRequestCfProperties
  >;
  return worker.fetch(request, world.env, createExecutionContext());
}

/** The accept link's path in the invitation SES got for the briefing. */
async function acceptPath(): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT ses_message_id FROM outbox WHERE kind = 'invite' AND meeting_id = ? AND state = 'sent' ORDER BY id LIMIT 1",
  )
    .bind(MEETING)
    .first<{ ses_message_id: string }>();
  const message = (await fakeMessages()).find((m) => m.id === row?.ses_message_id);
  const token = /\/rsvp\/([\w-]+\.[\w-]+)\?r=accepted/.exec(decodedParts(message?.raw ?? ""))?.[1];
  if (token === undefined) throw new Error("the invitation carries no accept link");
  return `/rsvp/${token}`;
}

describe("the RSVP page for a delivered invitation", () => {
  it("names the network and the meeting, confirms the answer, and says when the meeting is cancelled", async () => {
    await syncAndDeliver(world);
    await syncAndDeliver(world);
    const path = await acceptPath();

    const shown = await readPage(await open(path));
    // The demo sheet's emails use both languages: Arabic first.
    expect(shown.sections.map((s) => s.lang)).toEqual(["ar", "en"]);
    expect(shown.sections[0]?.heading).toBe("إحاطة للشبكات قبل مؤتمر بروكسل للمانحين");
    expect(shown.sections[0]?.text).toContain("رابطة الشبكات السورية");
    expect(shown.sections[1]?.heading).toBe(
      "Briefing for the networks before the Brussels donor conference",
    );
    expect(shown.sections[1]?.text).toContain("Syrian Networks League");
    expect(shown.sections[1]?.text).toContain("10 March 2027");
    expect(shown.sections[1]?.buttons).toEqual(["Confirm: I will attend"]);

    const done = await readPage(await open(path, { method: "POST" }));
    expect(done.sections[1]?.notice).toBe(
      "Your answer to “Briefing for the networks before the Brussels donor conference” is recorded: I will attend.",
    );

    await setCell(world, 11, "الحالة", "ملغى");
    await syncAndDeliver(world);
    const cancelled = await readPage(await open(path));
    expect(cancelled.sections[1]?.notice).toBe("This meeting is cancelled; no answer is needed.");
    expect(cancelled.sections.flatMap((s) => s.buttons)).toEqual([]);
  }, 90_000);
});
