// A local `npm start` serves the Worker on http://127.0.0.1: its reminders and
// summaries must still carry a List-Unsubscribe that works there, while a
// deployed Worker's must be https (mail providers ignore anything else).
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { renderDigest, renderMail } from "../../../src/mail/render.ts";
import { inputFor, now, settings } from "../../worker/mail/fixtures.ts";

const listOf = async (raw: string) =>
  (await simpleParser(raw, { skipHtmlToText: true })).headers.get("list");

describe("List-Unsubscribe on a local Worker", () => {
  it.each(["http://127.0.0.1:8787/unsubscribe/tok", "http://localhost:8787/unsubscribe/tok"])(
    "keeps a loopback link (%s) in a reminder and a summary",
    async (url) => {
      for (const kind of ["reminder", "summary"] as const) {
        const list = await listOf(renderMail(inputFor(kind, { unsubscribeUrl: url })).raw);
        expect(list).toEqual({
          unsubscribe: { url },
          "unsubscribe-post": { name: "List-Unsubscribe=One-Click" },
        });
      }
    },
  );

  it("keeps a loopback link in the staff digest", async () => {
    const url = "http://127.0.0.1:8787/unsubscribe/digest-tok";
    const mail = renderDigest({
      settings,
      to: "staff@example.org",
      problems: [],
      now,
      messageId: "<digest-1@liqaa>",
      unsubscribeUrl: url,
    });
    expect(await listOf(mail.raw)).toMatchObject({ unsubscribe: { url } });
  });

  it("leaves out a plain-http link to any other host", async () => {
    const url = "http://liqaa.example.org/unsubscribe/tok";
    expect(
      await listOf(renderMail(inputFor("reminder", { unsubscribeUrl: url })).raw),
    ).toBeUndefined();
  });
});
