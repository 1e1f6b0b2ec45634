// The local mail of `npm start` shows exactly what was sent: an invitation
// rendered as the Worker renders it and signed as the Worker signs it goes
// through the SES stand-in into the maildev inbox, whose raw source is the same
// bytes, read back with a real mail parser. The inbox outlives a restart and
// --clear-inbox empties it. Also takes the README's pictures of the inbox page
// (into docs/ only with UPDATE_SCREENSHOTS=1).
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type StoredMessage, startSesFake } from "../../../scripts/ses-fake/server.ts";
import {
  inboxEmails,
  inboxSource,
  type LocalMail,
  startLocalMail,
} from "../../../scripts/start/inbox.ts";
import { parseStartArgs } from "../../../scripts/start/options.ts";
import { renderMail } from "../../../src/mail/render.ts";
import { englishReader, inputFor } from "../../worker/mail/fixtures.ts";
import { bilingualMail, CREDENTIALS, senderFor } from "../ses/helpers.ts";
import { dropScreenshotDir, launchChromium, screenshotDir } from "../support/chromium.ts";

let dir: string;
let mailDirectory: string;
let mail: LocalMail;
const lost: Error[] = [];

const start = (clear = false, folder = mailDirectory) =>
  startLocalMail({
    port: 0,
    mailDirectory: folder,
    clear,
    credentials: { [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey },
    onLost: (_message, error) => lost.push(error),
  });

/** Waits until the inbox lists `count` emails, and returns them. */
async function listed(count: number) {
  return vi.waitFor(
    async () => {
      const emails = await inboxEmails(mail.inbox.url);
      expect(emails).toHaveLength(count);
      return emails;
    },
    { timeout: 10_000, interval: 100 },
  );
}

const invitation = renderMail(inputFor("invitation"));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "liqaa-inbox-"));
  mailDirectory = join(dir, "inbox");
  mail = await start();
}, 30_000);

afterAll(async () => {
  await mail?.close();
  await rm(dir, { recursive: true, force: true });
  expect(lost).toEqual([]);
});

describe("the local inbox of npm start", () => {
  it("receives an invitation sent through SES byte for byte, calendar method and attachment intact", async () => {
    const sent = await senderFor(mail.sesUrl).send({
      raw: invitation.raw,
      from: invitation.from,
      to: [invitation.to],
    });
    expect(sent.kind).toBe("sent");
    const [email] = await listed(1);
    expect(email?.subject).toBe(invitation.subject);
    expect(email?.to.map((a) => a.address)).toEqual([invitation.to]);

    const source = await inboxSource(mail.inbox.url, email!.id);
    expect(source.equals(Buffer.from(invitation.raw, "utf8"))).toBe(true);

    const parsed = await simpleParser(source);
    expect(parsed.subject).toBe(invitation.subject);
    const calendar = parsed.attachments.find((a) => a.contentType === "text/calendar");
    expect(calendar?.headers.get("content-type")).toMatchObject({
      value: "text/calendar",
      params: { method: "REQUEST" },
    });
    expect(calendar?.content.toString("utf8")).toContain("METHOD:REQUEST");
    const ics = parsed.attachments.find((a) => a.contentType === "application/ics");
    expect(ics?.filename).toBe("invite.ics");
    expect(ics?.contentDisposition).toBe("attachment");

    // The inbox's page lists the attachment under its name and serves it (by
    // maildev's own file name for it, never the sender's).
    const full = (await (await fetch(`${mail.inbox.url}/api/email/${email!.id}`)).json()) as {
      attachments: { filename: string; generatedFileName: string; contentType: string }[];
    };
    const listedIcs = full.attachments.find((a) => a.filename === "invite.ics");
    expect(listedIcs?.contentType).toBe("application/ics");
    const res = await fetch(
      `${mail.inbox.url}/api/email/${email!.id}/attachment/${listedIcs?.generatedFileName}`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(ics?.content.toString("utf8"));
  });

  it("is an SES endpoint the sender's request is accepted by, Arabic intact", async () => {
    const result = await senderFor(mail.sesUrl).send(bilingualMail("L1"));
    expect(result.kind).toBe("sent");
    const emails = await listed(2);
    const email = emails.find((e) => e.subject === "Invitation L1");
    expect(email?.to.map((a) => a.address)).toEqual(["partner@example.org"]);
    const source = await inboxSource(mail.inbox.url, email!.id);
    expect(source.equals(Buffer.from(bilingualMail("L1").raw, "utf8"))).toBe(true);
    expect((await simpleParser(source)).text).toContain("مكتب تنسيق الشؤون الإنسانية");
  });

  it("refuses a request signed with another secret, and nothing reaches the inbox", async () => {
    const result = await senderFor(mail.sesUrl, { secretAccessKey: "not-the-secret" }).send(
      bilingualMail("forged"),
    );
    expect(result.kind).toBe("rejected");
    await new Promise((r) => setTimeout(r, 300));
    expect((await inboxEmails(mail.inbox.url)).map((e) => e.subject)).not.toContain(
      "Invitation forged",
    );
  });

  it("still lists every email after a restart on the same folder", async () => {
    const before = await inboxEmails(mail.inbox.url);
    expect(before).toHaveLength(2);
    await mail.close();
    mail = await start();
    const after = await listed(2);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    const source = await inboxSource(mail.inbox.url, after[0]!.id);
    expect(source.equals(Buffer.from(invitation.raw, "utf8"))).toBe(true);
  }, 30_000);

  it("is emptied at start by --clear-inbox, and only then", async () => {
    expect(parseStartArgs([], dir)).toMatchObject({ ok: true, options: { clearInbox: false } });
    expect(parseStartArgs(["--clear-inbox"], dir)).toMatchObject({
      ok: true,
      options: { clearInbox: true },
    });
    await mail.close();
    mail = await start(true);
    expect(await inboxEmails(mail.inbox.url)).toEqual([]);
    expect(await readdir(mailDirectory)).toEqual([]);
  }, 30_000);
});

describe("the SES stand-in's hand-off", () => {
  it("hands on only what it accepted, and keeps no more than it is told to", async () => {
    const handed: StoredMessage[] = [];
    const fake = await startSesFake({ retain: 1, onMessage: (m) => handed.push(m) });
    try {
      fake.script(["ok", "reject", "throttle", "5xx", "ok"]);
      const sender = senderFor(fake.url);
      const kinds: string[] = [];
      for (const tag of ["a", "b", "c", "d", "e"])
        kinds.push((await sender.send(bilingualMail(tag))).kind);
      expect(kinds).toEqual(["sent", "rejected", "throttled", "transient", "sent"]);
      expect(handed.map((m) => m.raw)).toEqual([bilingualMail("a").raw, bilingualMail("e").raw]);
      expect(fake.messages().map((m) => m.raw)).toEqual([bilingualMail("e").raw]);
    } finally {
      await fake.close();
    }
    const none = await startSesFake({ retain: 0 });
    try {
      expect((await senderFor(none.url).send(bilingualMail())).kind).toBe("sent");
      expect(none.messages()).toEqual([]);
    } finally {
      await none.close();
    }
  });
});

describe("the inbox page in Chromium", () => {
  const shots = screenshotDir("liqaa-inbox-");
  let browser: Browser;
  let page: LocalMail;
  const arabicInvitation = renderMail(inputFor("invitation"));

  beforeAll(async () => {
    browser = await launchChromium();
    page = await start(false, join(dir, "page"));
    const sender = senderFor(page.sesUrl);
    // Oldest first: the list shows the newest on top, the Arabic reader's invitation.
    for (const input of [
      inputFor("reminder", { contact: englishReader }),
      inputFor("update"),
      inputFor("invitation", { contact: englishReader }),
      inputFor("invitation"),
    ]) {
      const rendered = renderMail(input);
      await sender.send({ raw: rendered.raw, from: rendered.from, to: [rendered.to] });
    }
    await vi.waitFor(async () => expect(await inboxEmails(page.inbox.url)).toHaveLength(4), {
      timeout: 10_000,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await page?.close();
    dropScreenshotDir(shots);
  });

  it("shows an invitation beside the list, its attachment by name", async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await tab.goto(page.inbox.url, { waitUntil: "networkidle" });
    await tab.getByText(arabicInvitation.subject).first().click();
    await expect.poll(() => tab.getByRole("link", { name: /invite\.ics/ }).isVisible()).toBe(true);
    await expect.poll(() => tab.getByText("4 emails").isVisible()).toBe(true);
    await tab.waitForTimeout(500);
    await tab.screenshot({ path: join(shots, "local-inbox.png") });
    await tab.close();
  }, 30_000);

  it("on a phone, shows the invitation across the screen once the list is hidden", async () => {
    const tab = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await tab.goto(page.inbox.url, { waitUntil: "networkidle" });
    await tab.getByText(arabicInvitation.subject).first().click();
    // maildev keeps its list beside the message even at this width: hide it.
    await tab.getByRole("button", { name: /sidebar/i }).click();
    const heading = tab.getByRole("heading", { name: arabicInvitation.subject });
    await expect.poll(() => heading.isVisible()).toBe(true);
    const box = await heading.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await tab.mouse.move(200, 600);
    await tab.waitForTimeout(500);
    await tab.screenshot({ path: join(shots, "local-inbox-phone.png") });
    await tab.close();
  }, 30_000);
});
