// The sender used when DRY_RUN=true: it sends nothing and keeps what would
// have gone out, so a preview can show it. It answers `dry_run`, not `sent`
// with a made-up MessageId: nothing downstream (the ledger, the sheet's
// delivery column, bounce matching) may believe SES accepted a message it never saw.
import type { MailSender, OutgoingMail, SendResult } from "./types.ts";

export interface DryRunSender extends MailSender {
  /** What would have been sent, in order, in this invocation. */
  readonly outbox: readonly OutgoingMail[];
}

export function createDryRunSender(): DryRunSender {
  const outbox: OutgoingMail[] = [];
  return {
    outbox,
    async send(mail: OutgoingMail): Promise<SendResult> {
      outbox.push({ raw: mail.raw, from: mail.from, to: [...mail.to] });
      return { kind: "dry_run", id: `dry-run-${outbox.length}` };
    },
  };
}
