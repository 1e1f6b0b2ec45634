// The whole sync through the Worker's real entry points: the scheduled handler
// against the Sheets emulator with the demo sheet, D1, KV and the queue handler
// sending through the SES fake. One behaviour of issue 4 per test.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { readSnapshot } from "../../../src/feed/snapshot.ts";
import { a1Range } from "../../../src/google/sheets-client.ts";
import { fakeMessages } from "../ses/context.ts";
import {
  cron,
  deliver,
  emulatorCalls,
  MEETINGS_TAB,
  newWorld,
  outboxStates,
  tab,
  type World,
} from "./harness.ts";

let world: World;
beforeEach(async () => {
  world = await newWorld();
});

describe("the cron sync", () => {
  it("invites the demo sheet's scheduled meetings and sends each email once", async () => {
    const run = await cron(world);
    expect(run.outcome).toBe("ok");
    const planned = run.counts?.planned ?? 0;
    expect(planned).toBeGreaterThan(0);
    const messages = world.queue.take();
    expect(messages).toHaveLength(planned);

    const result = await deliver(world, messages);
    expect(result.explicitAcks).toHaveLength(planned);
    const sent = await fakeMessages();
    expect(sent).toHaveLength(planned);
    expect(new Set(sent.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1])).size).toBe(planned);
    expect(await outboxStates()).toEqual({ sent: planned });
  });
});
