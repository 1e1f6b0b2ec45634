// The local mail of `npm start`: the Worker sends to the project's SES v2
// stand-in (scripts/ses-fake, which checks the SigV4 signature as SES does),
// and the stand-in hands every message it accepts, byte for byte, over SMTP to
// a maildev inbox on 127.0.0.1, whose web page shows each email exactly as the
// invitee gets it: the raw source, the text/calendar part with its method, the
// attachments by name. maildev keeps each email as an .eml file under the
// state folder, so the inbox is still there after a restart.
import { mkdir, rm } from "node:fs/promises";
import { MailDev } from "maildev";
import nodemailer from "nodemailer";
import { type SesFake, type StoredMessage, startSesFake } from "../ses-fake/server.ts";

export interface InboxOptions {
  /** The inbox's web page and REST API; 0 = any free port. */
  port: number;
  /** Where maildev keeps each email (an .eml file and its attachments). */
  mailDirectory: string;
  /** Empty mailDirectory before starting (`npm start -- --clear-inbox`). */
  clear?: boolean;
}

export interface Inbox {
  url: string;
  /** maildev's SMTP port: a free one, on 127.0.0.1. */
  smtpPort: number;
  /** Hands one message to the inbox over SMTP, its bytes unchanged. */
  deliver(message: Pick<StoredMessage, "raw" | "from" | "to">): Promise<void>;
  close(): Promise<void>;
}

/** An email as the inbox lists it (maildev's summary, the fields read here). */
export interface InboxEmail {
  id: string;
  subject: string;
  to: { address: string; name?: string }[];
  /** The email's Date header (maildev's `time`), ISO 8601. */
  time: string;
}

export async function startInbox(options: InboxOptions): Promise<Inbox> {
  if (options.clear) await rm(options.mailDirectory, { recursive: true, force: true });
  await mkdir(options.mailDirectory, { recursive: true });
  const maildev = new MailDev({
    smtp: 0,
    ip: "127.0.0.1",
    web: options.port,
    webIp: "127.0.0.1",
    // maildev 3 loads the emails already in this folder on start.
    mailDirectory: options.mailDirectory,
    silent: true,
  });
  // maildev's web server announces itself with console.info whatever `silent`
  // says; npm start prints the inbox's address itself, in its banner.
  const info = console.info;
  console.info = () => {};
  const servers = await maildev.start().finally(() => {
    console.info = info;
  });
  const smtpPort = servers.smtp.getAddress().port;
  const webPort = servers.api?.getAddress()?.port ?? options.port;
  // One connection, so emails reach the inbox in the order SES accepted them.
  const smtp = nodemailer.createTransport({
    host: "127.0.0.1",
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
  });
  return {
    url: `http://127.0.0.1:${webPort}`,
    smtpPort,
    async deliver(message) {
      // `raw` with an explicit envelope: nodemailer sends the bytes as they are,
      // with no header added and nothing re-encoded.
      await smtp.sendMail({
        envelope: { from: message.from ?? "", to: message.to },
        raw: Buffer.from(message.raw, "utf8"),
      });
    },
    async close() {
      smtp.close();
      await maildev.stop();
    },
  };
}

export interface LocalMailOptions extends InboxOptions {
  /** The access key pair the SES stand-in accepts (the Worker's local secrets). */
  credentials: Record<string, string>;
  /** A message SES accepted that the inbox did not take. */
  onLost: (message: StoredMessage, error: Error) => void;
}

export interface LocalMail {
  inbox: Inbox;
  /** The SES_ENDPOINT of the local Worker. */
  sesUrl: string;
  close(): Promise<void>;
}

/** The SES stand-in on a free port, forwarding to a maildev inbox. */
export async function startLocalMail(options: LocalMailOptions): Promise<LocalMail> {
  const inbox = await startInbox(options);
  let ses: SesFake;
  try {
    ses = await startSesFake({
      credentials: options.credentials,
      // The inbox keeps them; a start that runs for days must not grow.
      retain: 0,
      onMessage: (message) => {
        inbox.deliver(message).catch((error: Error) => options.onLost(message, error));
      },
    });
  } catch (error) {
    await inbox.close();
    throw error;
  }
  return {
    inbox,
    sesUrl: ses.url,
    async close() {
      await ses.close();
      await inbox.close();
    },
  };
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`the inbox answered ${res.status} to ${url}`);
  return res.json();
}

/** How many emails the inbox holds. */
export async function inboxCount(inboxUrl: string): Promise<number> {
  const page = (await getJson(`${inboxUrl}/api/email/summary?limit=1`)) as { total: number };
  return page.total;
}

/**
 * The emails in the order they reached the inbox, from the `skip`th on.
 * (maildev's summaries are sorted by each email's Date header instead, which
 * is the same for every email of one sync.)
 */
export async function inboxEmails(inboxUrl: string, skip = 0): Promise<InboxEmail[]> {
  const emails = (await getJson(`${inboxUrl}/api/email?skip=${skip}`)) as InboxEmail[];
  return emails.map(({ id, subject, to, time }) => ({ id, subject, to, time }));
}

/** The email's source exactly as the inbox received it. */
export async function inboxSource(inboxUrl: string, id: string): Promise<Buffer> {
  const res = await fetch(`${inboxUrl}/api/email/${encodeURIComponent(id)}/source`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`the inbox answered ${res.status} for the source of ${id}`);
  return Buffer.from(await res.arrayBuffer());
}
