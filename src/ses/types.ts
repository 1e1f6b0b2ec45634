// The port every mail-sending caller speaks: one raw MIME message in, one
// tagged outcome out. The outbox decides what to do with each outcome; a sender
// never retries and never throws for an answer SES gave.

/** One message ready to go: the whole RFC 5322 text (CRLF), the envelope sender and recipients. */
export interface OutgoingMail {
  raw: string;
  from: string;
  to: string[];
}

/**
 * What became of one send. The kinds differ in what the caller may do next:
 * - sent: SES accepted it; keep messageId (bounces and complaints name it).
 * - dry_run: nothing left this Worker (DRY_RUN=true); nothing claims SES saw it.
 * - throttled: SES refused for rate or quota; send again later (retryAfterMs when SES hinted).
 * - rejected: SES refused this message or this account; sending it again as it is will not help.
 * - transient: the request failed before SES could have acted on it (5xx, connection refused); safe to retry.
 * - unknown: the request went out and no answer came back (timeout, dropped connection): SES may
 *   have accepted it, so the caller marks it unconfirmed and must NOT resend on its own.
 */
export type SendResult =
  | { kind: "sent"; messageId: string }
  | { kind: "dry_run"; id: string }
  | { kind: "throttled"; code: string; reason: string; retryAfterMs?: number }
  | { kind: "rejected"; code: string; reason: string }
  | { kind: "transient"; code: string; reason: string }
  | { kind: "unknown"; reason: string };

export interface MailSender {
  send(mail: OutgoingMail): Promise<SendResult>;
}

/** Milliseconds since the epoch; injected so tests and the rate limiter agree on time. */
export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;
