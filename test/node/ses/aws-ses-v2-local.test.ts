// A second, independent SES v2 implementation (the local inbox people use in
// `npm start`) accepts the sender's request as it is: the request shape and
// headers are SES's, not just what our own fake expects.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bilingualMail, closedPort, senderFor } from "./helpers.ts";

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve("aws-ses-v2-local/package.json")), "dist/cli.js");

let child: ChildProcess;
let url: string;

async function waitUntilUp(base: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health-check`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`aws-ses-v2-local did not start at ${base}`);
}

beforeAll(async () => {
  const port = await closedPort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [cli, "--host", "127.0.0.1", "--port", String(port)], {
    stdio: "ignore",
  });
  await waitUntilUp(url, Date.now() + 10_000);
}, 15_000);

afterAll(() => {
  child.kill();
});

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

describe("the sender against aws-ses-v2-local", () => {
  it("is accepted, and the message shows in its /store with Arabic intact", async () => {
    const result = await senderFor(url, { region: "aws-ses-v2-local" }).send(bilingualMail("L1"));
    expect(result.kind).toBe("sent");
    const store = (await (await fetch(`${url}/store`)).json()) as { emails: StoredEmail[] };
    const email = store.emails.find(
      (e) => result.kind === "sent" && e.messageId === result.messageId,
    );
    expect(email).toMatchObject({
      subject: "Invitation L1",
      destination: { to: ["partner@example.org"] },
    });
    expect(email?.body.text).toContain("مكتب تنسيق الشؤون الإنسانية");
  });
});
