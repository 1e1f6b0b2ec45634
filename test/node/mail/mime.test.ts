// Reads every kind of Liqaa email the way a mail client does (mailparser) and
// every calendar the way a calendar does (node-ical).
import { type ParsedMail, simpleParser } from "mailparser";
import ical, { type VEvent } from "node-ical";
import { describe, expect, it } from "vitest";
import { renderDigest, renderMail } from "../../../src/mail/render.ts";
import {
  arabicReader,
  digestProblems,
  englishReader,
  inputFor,
  kinds,
  meeting,
  now,
  rsvp,
  settings,
  unsubscribeUrl,
} from "../../worker/mail/fixtures.ts";

function parse(raw: string): Promise<ParsedMail> {
  return simpleParser(raw, { skipHtmlToText: true });
}

function onlyEvent(ics: string): VEvent {
  const events = Object.values(ical.sync.parseICS(ics)).filter(
    (c): c is VEvent => c?.type === "VEVENT",
  );
  expect(events).toHaveLength(1);
  return events[0]!;
}

/** The MIME tree as "type/sub[children]" so the structure reads in one assertion. */
function structure(raw: string): string {
  const lines = raw.split("\r\n");
  return lines
    .filter((l) => /^Content-Type: /i.test(l))
    .map((l) => l.replace(/^Content-Type: /i, "").split(";")[0])
    .join(" > ");
}

describe("the message", () => {
  it("nests text, html and the calendar in multipart/alternative, with invite.ics beside it", () => {
    const mail = renderMail(inputFor("invitation"));
    expect(structure(mail.raw)).toBe(
      "multipart/mixed > multipart/alternative > text/plain > text/html > text/calendar > application/ics",
    );
    expect(mail.raw).toContain("Content-Type: text/calendar; charset=UTF-8; method=REQUEST");
  });

  it("uses CRLF line ends only and no line longer than 998", () => {
    for (const kind of kinds) {
      const { raw } = renderMail(inputFor(kind));
      expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
      expect(Math.max(...raw.split("\r\n").map((l) => l.length))).toBeLessThanOrEqual(998);
    }
  });

  it("decodes an Arabic subject exactly", async () => {
    const mail = renderMail(inputFor("invitation"));
    const parsed = await parse(mail.raw);
    expect(parsed.subject).toBe(
      "دعوة: مشاورات مع UNDP حول التعافي المبكر | Invitation: Consultation with UNDP on early recovery",
    );
    expect(mail.raw.split("\r\n").filter((l) => /=\?UTF-8\?B\?/.test(l))).not.toHaveLength(0);
    for (const word of mail.raw.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? []) {
      expect(word.length).toBeLessThanOrEqual(75);
    }
  });

  it("carries the Message-ID, Date, From, To and Reply-To it was given", async () => {
    const parsed = await parse(renderMail(inputFor("invitation")).raw);
    expect(parsed.messageId).toBe(`<invitation-${meeting.id}@liqaa>`);
    expect(parsed.date?.toISOString()).toBe(now.toISOString());
    expect(parsed.from?.value).toEqual([
      { address: "invites@network.example.org", name: "شبكة المنظمات السورية" },
    ]);
    expect(parsed.to).toMatchObject({
      value: [{ address: arabicReader.email, name: arabicReader.name }],
    });
    expect(parsed.replyTo?.value).toEqual([
      { address: "secretariat@network.example.org", name: "" },
    ]);
  });

  it("is the same bytes when rendered again for a retry", () => {
    expect(renderMail(inputFor("update")).raw).toBe(renderMail(inputFor("update")).raw);
  });

  it("attaches invite.ics holding the same calendar as the text/calendar part", async () => {
    const mail = renderMail(inputFor("invitation"));
    const parsed = await parse(mail.raw);
    const attachment = parsed.attachments.find((a) => a.filename === "invite.ics");
    expect(attachment?.content.toString("utf8")).toBe(mail.ics);
  });

  it("puts the RSVP links in both languages' blocks of the html and the text", async () => {
    const parsed = await parse(renderMail(inputFor("invitation")).raw);
    for (const url of [rsvp.accept, rsvp.tentative, rsvp.decline]) {
      const escaped = url.replaceAll("&", "&amp;");
      expect(String(parsed.html).split(`href="${escaped}"`)).toHaveLength(3);
      expect(parsed.text?.split(url)).toHaveLength(3);
    }
  });

  it("sends reminders with one-click List-Unsubscribe", async () => {
    const parsed = await parse(renderMail(inputFor("reminder")).raw);
    expect(parsed.headers.get("list")).toEqual({
      unsubscribe: { url: unsubscribeUrl },
      "unsubscribe-post": { name: "List-Unsubscribe=One-Click" },
    });
    expect(parsed.text).toContain(unsubscribeUrl);
  });

  it("attaches a reminder's calendar as plain text/calendar with no method and no iTIP part", () => {
    const mail = renderMail(inputFor("reminder"));
    expect(structure(mail.raw)).toBe(
      "multipart/mixed > multipart/alternative > text/plain > text/html > text/calendar",
    );
    expect(mail.raw).toContain('Content-Type: text/calendar; charset=UTF-8; name="meeting.ics"');
    expect(mail.raw).not.toMatch(/method=/i);
    // Outside multipart/alternative: it closes before the calendar file begins.
    const closes = mail.raw.search(/^--=_liqaa_alt_[0-9a-f]+--\r$/m);
    expect(closes).toBeGreaterThan(0);
    expect(mail.raw.indexOf("Content-Type: text/calendar")).toBeGreaterThan(closes);
    expect(mail.ics).not.toMatch(/^METHOD:/m);
    expect(mail.ics).not.toMatch(/^ATTENDEE/m);
    expect(mail.ics).toMatch(/^UID:MTG-2026-014@network.example.org\r$/m);
  });

  it("sends a summary with no calendar, its text, and the unsubscribe link", async () => {
    const mail = renderMail(inputFor("summary"));
    const parsed = await parse(mail.raw);
    expect(mail.ics).toBeNull();
    expect(structure(mail.raw)).toBe("multipart/alternative > text/plain > text/html");
    expect(parsed.attachments).toHaveLength(0);
    expect(parsed.text).toContain("اتُّفق على ورشة متابعة في كانون الثاني.");
    expect(parsed.text).toContain("A follow-up workshop was agreed for January.");
    expect(parsed.headers.get("list")).toMatchObject({ unsubscribe: { url: unsubscribeUrl } });
  });

  it("leaves RSVP and unsubscribe out of a cancellation", async () => {
    const parsed = await parse(
      renderMail({ ...inputFor("cancellation"), rsvp, unsubscribeUrl }).raw,
    );
    expect(parsed.text).not.toContain(rsvp.accept);
    expect(parsed.headers.has("list")).toBe(false);
    expect(parsed.text).not.toContain(meeting.online_url!);
  });

  it("refuses an unsubscribe URL that is not https", async () => {
    const parsed = await parse(
      renderMail(inputFor("reminder", { unsubscribeUrl: "http://liqaa.example.org/u" })).raw,
    );
    expect(parsed.headers.has("list")).toBe(false);
  });
});

describe("languages", () => {
  it("puts the reader's language first when Settings say both", async () => {
    const parsed = await parse(renderMail(inputFor("invitation", { contact: englishReader })).raw);
    expect(parsed.subject).toMatch(/^Invitation: .* \| دعوة: /);
    const text = parsed.text ?? "";
    expect(text.indexOf("Meeting invitation")).toBeLessThan(text.indexOf("دعوة إلى اجتماع"));
    expect(parsed.headers.get("content-language")).toBe("en, ar");
  });

  it("writes one language only when Settings say so", async () => {
    const parsed = await parse(
      renderMail(
        inputFor("invitation", {
          contact: englishReader,
          settings: { ...settings, email_languages: "ar" },
        }),
      ).raw,
    );
    expect(parsed.subject).toBe("دعوة: مشاورات مع UNDP حول التعافي المبكر");
    expect(parsed.text).not.toContain("Meeting invitation");
    expect(String(parsed.html)).not.toContain('lang="en"');
  });

  it("writes dates with the Levant's month names and names the meeting's zone", () => {
    const { text } = renderMail(
      inputFor("invitation", { meeting: { ...meeting, date: "2027-01-14" } }),
    );
    expect(text).toContain("كانون الثاني");
    expect(text).not.toContain("يناير");
    expect(text).toContain("١٠:٠٠ ص");
    expect(text).toContain("(توقيت سوريا، غرينتش+٣)");
    expect(text).toContain("(Syria Time, GMT+3)");
  });

  it("marks the Arabic block rtl and isolates cell values with Unicode isolates, not bdi", () => {
    const { html } = renderMail(inputFor("invitation"));
    expect(html).toMatch(/<td dir="rtl" lang="ar"/);
    expect(html).toContain("\u2068UNDP\u2069");
    expect(html).toContain("\u2068Jane Smith, Resilience Advisor\u2069");
    expect(html).not.toContain("<bdi");
  });
});

describe("the calendar", () => {
  it("has METHOD:REQUEST, the meeting's UID, the given SEQUENCE, and UTC times", () => {
    const { ics } = renderMail(inputFor("update"));
    expect(ics).toMatch(/^METHOD:REQUEST\r$/m);
    const event = onlyEvent(ics!);
    expect(event.uid).toBe(`${meeting.id}@network.example.org`);
    expect(Number(event.sequence)).toBe(2);
    // 10:00–12:30 in Damascus (UTC+3) is 07:00–09:30 UTC.
    expect(event.start.toISOString()).toBe("2026-12-10T07:00:00.000Z");
    expect(event.end?.toISOString()).toBe("2026-12-10T09:30:00.000Z");
    expect(event.dtstamp?.toISOString()).toBe(now.toISOString());
    expect(event.location).toBe(meeting.location);
  });

  it("ends every calendar with CRLF after END:VCALENDAR", () => {
    for (const kind of kinds) {
      const { ics } = renderMail(inputFor(kind));
      if (ics === null) continue;
      expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
      expect(ics.endsWith("\r\n\r\n")).toBe(false);
    }
  });

  it("names the sender as ORGANIZER and the reader as an ATTENDEE asked to reply", () => {
    const event = onlyEvent(renderMail(inputFor("invitation")).ics!);
    expect(
      String(
        event.organizer && typeof event.organizer === "object"
          ? event.organizer.val
          : event.organizer,
      ),
    ).toBe("mailto:invites@network.example.org");
    const attendees = [event.attendee].flat();
    expect(attendees).toHaveLength(1);
    expect(attendees[0]).toMatchObject({
      val: `MAILTO:${arabicReader.email}`,
      params: { RSVP: true, PARTSTAT: "NEEDS-ACTION", ROLE: "REQ-PARTICIPANT" },
    });
  });

  it("keeps the online link for invitees in the description and sets an alarm before the start", () => {
    const { ics } = renderMail(inputFor("invitation"));
    const event = onlyEvent(ics!);
    expect(String(event.description)).toContain(meeting.online_url);
    expect(event.alarms).toHaveLength(1);
    expect(event.alarms?.[0]).toMatchObject({ action: "DISPLAY", trigger: "-PT1H" });
  });

  it("cancels with METHOD:CANCEL, STATUS:CANCELLED, the same UID and the caller's SEQUENCE", async () => {
    const mail = renderMail(inputFor("cancellation", { sequence: 4 }));
    expect(mail.raw).toContain("Content-Type: text/calendar; charset=UTF-8; method=CANCEL");
    expect(mail.ics).toMatch(/^METHOD:CANCEL\r$/m);
    const event = onlyEvent(mail.ics!);
    expect(event.status).toBe("CANCELLED");
    expect(event.uid).toBe(`${meeting.id}@network.example.org`);
    expect(Number(event.sequence)).toBe(4);
  });

  it("writes an all-day, multi-day meeting as DATE values with an exclusive end", () => {
    const { ics } = renderMail(
      inputFor("invitation", {
        meeting: { ...meeting, date: "2019-11-18", date_end: "2019-11-19", start: null, end: null },
      }),
    );
    expect(ics).toMatch(/^DTSTART;VALUE=DATE:20191118\r$/m);
    expect(ics).toMatch(/^DTEND;VALUE=DATE:20191120\r$/m);
    const event = onlyEvent(ics!);
    expect(event.datetype).toBe("date");
  });

  it("converts a wall-clock time in a zone with daylight saving at that date's offset", () => {
    const event = onlyEvent(
      renderMail(
        inputFor("invitation", {
          meeting: {
            ...meeting,
            timezone: "Europe/Berlin",
            date: "2026-07-01",
            start: "09:00",
            end: "10:00",
          },
        }),
      ).ics!,
    );
    expect(event.start.toISOString()).toBe("2026-07-01T07:00:00.000Z");
  });

  it("gives a meeting with no date no calendar", () => {
    const mail = renderMail(
      inputFor("invitation", { meeting: { ...meeting, date: null, start: null, end: null } }),
    );
    expect(mail.ics).toBeNull();
    expect(structure(mail.raw)).toBe("multipart/alternative > text/plain > text/html");
  });
});

describe("cells are text, never markup or headers", () => {
  const hostile = {
    ...meeting,
    title_ar: "اجتماع\r\nBcc: victim@evil.example",
    title_en: "Hi\r\nBcc: victim@evil.example",
    organization: "<script>alert(1)</script>",
    location: '"><img src=x onerror=alert(1)>',
    online_url: "javascript:alert(1)",
  };

  it("strips CR/LF from a title so it cannot add a Bcc header", async () => {
    const mail = renderMail(
      inputFor("invitation", {
        meeting: hostile,
        contact: { ...arabicReader, name: "Eve\r\nBcc: x@evil.example" },
      }),
    );
    const parsed = await parse(mail.raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has("bcc")).toBe(false);
    expect(mail.raw.split("\r\n\r\n")[0]).not.toMatch(/^Bcc:/im);
    expect(parsed.subject).toContain("اجتماع Bcc: victim@evil.example");
  });

  it("escapes script and attribute-breaking text from cells in the html", () => {
    const { html } = renderMail(inputFor("invitation", { meeting: hostile }));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("shows a non-http online link as text, never as a link", () => {
    const { html } = renderMail(inputFor("invitation", { meeting: hostile }));
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain("\u2068javascript:alert(1)\u2069");
  });

  it("refuses a recipient address that would break the header", () => {
    expect(() =>
      renderMail(
        inputFor("invitation", { contact: { ...arabicReader, email: "a@b.example>\r\nBcc: x@y" } }),
      ),
    ).toThrow(/not a usable email address/);
  });
});

describe("the staff problem digest", () => {
  const problems = digestProblems;

  it("lists every problem in both languages with a link to the sheet, and no calendar", async () => {
    const mail = renderDigest({
      settings,
      problems,
      to: "staff@network.example.org",
      now,
      messageId: "<digest-1@liqaa>",
      sheetUrl: "https://docs.google.com/spreadsheets/d/abc",
    });
    const parsed = await parse(mail.raw);
    expect(mail.ics).toBeNull();
    expect(parsed.subject).toBe(
      "مشكلات في جدول الاجتماعات (2) | Problems in the meetings sheet (2)",
    );
    expect(parsed.to).toMatchObject({ value: [{ address: "staff@network.example.org" }] });
    for (const s of [
      "التاريخ غير صالح",
      "The date is not valid",
      "Not an email address",
      "2019/13/45",
    ]) {
      expect(parsed.text).toContain(s);
    }
    expect(mail.html).toContain('href="https://docs.google.com/spreadsheets/d/abc"');
    expect(mail.html).toContain("&lt;b&gt;not-an-email&lt;/b&gt;");
  });
});
