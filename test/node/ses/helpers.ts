// Shared pieces of the SES tests: the test credentials, a sender aimed at a
// given endpoint, a bilingual raw message, and a port nothing listens on.
import { createServer } from "node:net";
import { createSesSender, type SesSenderConfig } from "../../../src/ses/ses-sender.ts";
import type { OutgoingMail } from "../../../src/ses/types.ts";

export const CREDENTIALS = { accessKeyId: "test-access-key", secretAccessKey: "test-secret-key" };

export function senderFor(endpoint: string, overrides: Partial<SesSenderConfig> = {}) {
  return createSesSender({
    region: "eu-central-1",
    ...CREDENTIALS,
    endpoint,
    timeoutMs: 2000,
    now: Date.now,
    ...overrides,
  });
}

/** A raw message as renderMail would give: CRLF, UTF-8 Arabic in a 8bit part. */
export function bilingualMail(subjectTag = "1"): OutgoingMail {
  const raw = [
    "From: =?UTF-8?B?2YTZgtin2KE=?= <secretariat@example.org>",
    "To: partner@example.org",
    `Subject: Invitation ${subjectTag}`,
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="UTF-8"',
    "Content-Transfer-Encoding: 8bit",
    "",
    "دعوة إلى اجتماع تشاوري مع مكتب تنسيق الشؤون الإنسانية",
    "Invitation to a consultation with OCHA",
    "",
  ].join("\r\n");
  return { raw, from: "secretariat@example.org", to: ["partner@example.org"] };
}

/** A port that was free a moment ago and is closed now: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
