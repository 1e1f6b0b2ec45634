// vitest globalSetup (runs in Node, once per run): a mail reader on 127.0.0.1
// that parses raw messages with mailparser, as a mail client would, and
// answers what it read as JSON. Worker tests ask it over HTTP instead of
// running mailparser inside workerd, where one message took about half a
// second (its stream plumbing waits on timers there) against a few
// milliseconds in Node: the round-trip tests spent four minutes parsing.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** POST a JSON array of raw messages to it; the answer is one ReadMail each, in order. */
    mailReaderUrl: string;
  }
}

/** What mailparser made of one message (the parts the tests look at). */
export interface ReadMail {
  /** The first To address, lower case. */
  to: string;
  subject: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string | null; contentType: string; contentBase64: string }[];
}

function firstAddress(to: AddressObject | AddressObject[] | undefined): string {
  const object = Array.isArray(to) ? to[0] : to;
  return (object?.value[0]?.address ?? "").toLowerCase();
}

export async function readRaw(raw: string): Promise<ReadMail> {
  const mail = await simpleParser(raw);
  return {
    to: firstAddress(mail.to),
    subject: mail.subject ?? null,
    text: mail.text ?? null,
    html: typeof mail.html === "string" ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      contentBase64: a.content.toString("base64"),
    })),
  };
}

export default async function setup(project: TestProject) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        try {
          const raws = JSON.parse(Buffer.concat(chunks).toString("utf8")) as string[];
          const read = await Promise.all(raws.map(readRaw));
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(read));
        } catch (error) {
          res.writeHead(400, { "content-type": "text/plain" }).end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  project.provide("mailReaderUrl", `http://127.0.0.1:${port}`);
  return () => new Promise<void>((done) => server.close(() => done()));
}
