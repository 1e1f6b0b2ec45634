// The email trigger: Email Routing hands every message sent to the replies
// address (REPLIES_ADDRESS, the ORGANIZER of every invitation) to this handler;
// src/replies decides whether it is a calendar answer to record, a person's
// message to forward to the secretariat, or one to refuse.
import type { RawEnv } from "../src/env.ts";
import { type ReplyOutcome, receiveReply } from "../src/replies/receive.ts";
import { rememberedSettings } from "../src/sync/digest.ts";
import { requireEnv } from "./services.ts";

export async function handleEmail(
  message: ForwardableEmailMessage,
  raw: RawEnv,
  _ctx: ExecutionContext,
): Promise<ReplyOutcome | null> {
  const env = requireEnv(raw);
  if (!env.REPLIES_ADDRESS) {
    // Mail routed here while no replies address is set: refused, not lost silently.
    message.setReject("This address does not take mail: REPLIES_ADDRESS is not set.");
    console.error("email: a message arrived but REPLIES_ADDRESS is not set");
    return null;
  }
  const outcome = await receiveReply(
    {
      db: env.DB,
      repliesAddress: env.REPLIES_ADDRESS,
      settings: () => rememberedSettings(env.DB, env.SHEET_ID),
      now: () => new Date(),
    },
    message,
  );
  // The outcome without addresses: the Workers logs need not hold who answered.
  console.log("email:", outcome.type, outcome.type === "refused" ? outcome.reason : "");
  return outcome;
}
