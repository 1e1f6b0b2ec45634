// Header lines within RFC 2047's limits, read back as a mail client reads them:
// every line of the header block at most 76 characters, every encoded-word at
// most 75 and decodable on its own (no UTF-8 character split across two), and
// mailparser's subject and names equal to what went in, for long Arabic titles,
// senders and recipients. Also: each kind's calendar file is named for what it
// does, and the email's words name that file.
import { type ParsedMail, simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { renderMail } from "../../../src/mail/render.ts";
import { mailSubject } from "../../../src/mail/templates.ts";
import { arabicReader, inputFor, kinds, meeting, settings } from "../../worker/mail/fixtures.ts";

const LONG_AR =
  "اجتماعُ التنسيقِ الإقليميِّ للمنظّماتِ السوريّةِ غيرِ الحكوميّةِ مع مكتبِ تنسيقِ الشؤونِ الإنسانيّةِ حولَ خطّةِ الاستجابةِ والتعافي المبكرِ في الشمالِ الغربيّ";
const LONG_EN =
  "Regional coordination meeting of Syrian NGOs with OCHA on the humanitarian response plan and early recovery in the north-west";
const LONG_NAME =
  "الدكتورة سلمى بنت عبد الرحمن الأحمد، مديرة البرامج في منظمة بسمة للتنمية المجتمعية";
const LONG_SENDER = "أمانة شبكة المنظمات السورية غير الحكومية في غازي عنتاب وشمال غرب سوريا";

const longMeeting = { ...meeting, title_ar: LONG_AR, title_en: LONG_EN };

function headerLines(raw: string): string[] {
  return raw.slice(0, raw.indexOf("\r\n\r\n")).split("\r\n");
}

const strict = new TextDecoder("utf-8", { fatal: true });

describe("headers with long Arabic subjects and names", () => {
  for (const kind of kinds) {
    it(`${kind}: every header line is at most 76 characters and decodes to what went in`, async () => {
      const input = inputFor(kind, {
        meeting: kind === "summary" ? { ...longMeeting, status: "held" } : longMeeting,
        contact: { ...arabicReader, name: LONG_NAME },
        settings: { ...settings, sender: `${LONG_SENDER} <invites@network.example.org>` },
      });
      const mail = renderMail(input);
      const lines = headerLines(mail.raw);
      expect(lines.filter((l) => l.includes("=?UTF-8?B?")).length).toBeGreaterThan(4);
      for (const line of lines) {
        if (line.startsWith("List-Unsubscribe: ")) continue; // one URL, which cannot fold
        expect(line.length, line).toBeLessThanOrEqual(76);
      }
      for (const word of mail.raw.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? []) {
        expect(word.length).toBeLessThanOrEqual(75);
        const b64 = word.slice("=?UTF-8?B?".length, -2);
        expect(() => strict.decode(Buffer.from(b64, "base64"))).not.toThrow();
      }
      const parsed: ParsedMail = await simpleParser(mail.raw);
      expect(parsed.subject).toBe(mailSubject(input.kind, input.meeting, ["ar", "en"]));
      expect(parsed.subject).toContain(LONG_AR);
      expect(parsed.from?.value).toEqual([
        { address: "invites@network.example.org", name: LONG_SENDER },
      ]);
      expect(parsed.to).toMatchObject({
        value: [{ address: arabicReader.email, name: LONG_NAME }],
      });
    });
  }

  it("folds a long English-only subject at its spaces, which unfold to the same text", async () => {
    const input = inputFor("invitation", {
      meeting: { ...longMeeting, title_ar: null },
      contact: { ...arabicReader, name: "John O'Neil" },
      settings: {
        ...settings,
        email_languages: "en",
        sender:
          "Syrian NGO Network Secretariat in Gaziantep and north-west Syria <invites@network.example.org>",
      },
    });
    const mail = renderMail(input);
    for (const line of headerLines(mail.raw)) expect(line.length, line).toBeLessThanOrEqual(76);
    expect(mail.raw).not.toContain("=?UTF-8?B?");
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe(`Invitation: ${LONG_EN}`);
    expect(parsed.from?.value[0]?.name).toBe(
      "Syrian NGO Network Secretariat in Gaziantep and north-west Syria",
    );
  });
});

describe("each kind's calendar file", () => {
  const expected = {
    invitation: "invite.ics",
    update: "invite.ics",
    cancellation: "cancel.ics",
    reminder: "meeting.ics",
  } as const;
  for (const [kind, file] of Object.entries(expected) as [keyof typeof expected, string][]) {
    it(`${kind}: is ${file}, and both languages' text names it`, async () => {
      const parsed = await simpleParser(renderMail(inputFor(kind)).raw);
      const files = parsed.attachments.filter((a) => a.contentDisposition === "attachment");
      expect(files.map((a) => a.filename)).toEqual([file]);
      const text = parsed.text ?? "";
      const [ar, en] = text.split(/\n-{20,}\n/);
      expect(ar).toContain(file);
      expect(en).toContain(file);
    });
  }

  it("cancellation: says the meeting is cancelled and is not there to add to a calendar", async () => {
    const text = (await simpleParser(renderMail(inputFor("cancellation")).raw)).text ?? "";
    expect(text).not.toContain("for your calendar");
    expect(text).not.toContain("لإضافته إلى التقويم");
    expect(text).toContain("cancelled; the attached cancel.ics removes it from your calendar");
    expect(text).toContain("أُلغي هذا الاجتماع؛ الملف المرفق (cancel.ics) يحذفه من التقويم");
  });
});
