// What the calendar-reply tests share: a world whose invitations name the
// replies address, a ForwardableEmailMessage built from raw bytes and handed to
// the Worker's email() handler as Email Routing does, and the iCalendar text
// helpers a client's REPLY is written with.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach } from "vitest";
import worker from "../../../workers/index.ts";
import { type World, worldPerTest } from "../support/index.ts";

export const REPLIES = "replies@example.org";
export const BRIEFING = "2027-03-10-ocha-briefing";
export const CLARA = "clara.jensen@example.org";

/** A world per test with REPLIES_ADDRESS set, and no reply events left from an earlier test. */
export function repliesWorld(timeoutMs: number): World {
  const world = worldPerTest({ REPLIES_ADDRESS: REPLIES }, { timeoutMs });
  beforeEach(async () => {
    await env.DB.prepare("DELETE FROM reply_events").run();
  });
  return world;
}

/** One message through the Worker's email() handler; what the handler did with it. */
export async function mailIn(world: World, raw: string, envelopeFrom = CLARA) {
  const { message, seen } = incoming(raw, envelopeFrom, REPLIES);
  const ctx = createExecutionContext();
  await worker.email?.(message, world.env, ctx);
  await waitOnExecutionContext(ctx);
  return seen;
}

/** Base64 in 76-character lines, as mail clients write a calendar part. */
export const b64 = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/.{76}/g, "$&\r\n")
    .trimEnd();

/** RFC 5545 §3.1 folding at 75 octets, as Google Calendar folds (mid-address too). */
export const fold = (line: string) => line.replace(/(.{75})(?=.)/g, "$1\r\n ");

/** A UTC DATE-TIME (DTSTAMP). */
export const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/** A ForwardableEmailMessage as Email Routing hands one over, from raw bytes. */
export function incoming(raw: string, envelopeFrom: string, to: string) {
  const bytes = new TextEncoder().encode(raw);
  const seen = { rejected: null as string | null, forwarded: [] as string[] };
  const message = {
    from: envelopeFrom,
    to,
    headers: new Headers(),
    raw: new Blob([bytes]).stream(),
    rawSize: bytes.byteLength,
    setReject(reason: string) {
      seen.rejected = reason;
    },
    async forward(target: string) {
      seen.forwarded.push(target);
      return { messageId: "<forwarded@test>" };
    },
    async reply() {
      throw new Error("Liqaa never replies");
    },
  } as unknown as ForwardableEmailMessage;
  return { message, seen };
}
