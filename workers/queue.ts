// The queue trigger: the mail consumer. Each message names one outbox row; the
// send step (src/delivery) renders it if the sync left that to the mailer,
// claims it, sends its bytes and records the outcome. Messages that run out of retries arrive on the dead-letter queue and
// mark their row dead, so staff see them in the sheet.
import { consumeMessage, readBatch } from "../src/delivery/consume.ts";
import type { RawEnv } from "../src/env.ts";
import { deadLetter } from "../src/outbox/recover.ts";
import type { OutboxMessage } from "../src/outbox/row.ts";
import { mailSender, requireEnv } from "./services.ts";

export async function handleQueue(batch: MessageBatch<OutboxMessage>, raw: RawEnv): Promise<void> {
  const env = requireEnv(raw);
  if (batch.queue.endsWith("-dlq")) {
    for (const message of batch.messages) {
      await deadLetter(env.DB, message.body, new Date());
      message.ack();
    }
    return;
  }
  const deps = {
    db: env.DB,
    sender: mailSender(env),
    dryRun: env.DRY_RUN === "true",
    signingSecret: env.SIGNING_SECRET,
    now: () => new Date(),
    newClaimId: () => crypto.randomUUID(),
  };
  let rows: Awaited<ReturnType<typeof readBatch>>;
  try {
    // One query for the batch's rows; each message then costs two (claim, outcome).
    rows = await readBatch(
      env.DB,
      batch.messages.map((m) => m.body),
    );
  } catch (error) {
    console.error("mail: could not read the batch, will be retried", error);
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  for (const message of batch.messages) {
    let action: Awaited<ReturnType<typeof consumeMessage>>;
    try {
      action = await consumeMessage(deps, message.body, rows);
    } catch (error) {
      // Not acked: the message comes back. A claim left behind is swept by the
      // next sync (unconfirmed if it had reached SES), so nothing goes twice.
      console.error("mail: message failed, will be retried", message.id, error);
      message.retry({ delaySeconds: 60 });
      continue;
    }
    if (action.type === "retry") message.retry({ delaySeconds: action.delaySeconds });
    else message.ack();
  }
}
