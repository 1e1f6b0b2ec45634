// An update leads with what changed, old beside new, in both languages: read
// the way a mail client does (mailparser), from a fingerprint of the version
// the invitee was last sent (src/sync/fingerprint.ts), as the sync hands it over.
import { type ParsedMail, simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { renderMail } from "../../../src/mail/render.ts";
import { describeTime } from "../../../src/mail/time.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import { englishReader, inputFor, meeting } from "../../worker/mail/fixtures.ts";

const FSI_PDI = /[\u2066-\u2069]/g;

async function update(before: Meeting, overrides = {}): Promise<ParsedMail> {
  const mail = renderMail(
    inputFor("update", { previousFingerprint: fingerprint(before), ...overrides }),
  );
  return simpleParser(mail.raw, { skipHtmlToText: true });
}

/** The text part's "What changed" section in one language, isolates removed; "" when there is none. */
function textChanges(parsed: ParsedMail, heading: string): string {
  const text = (parsed.text ?? "").replace(FSI_PDI, "");
  const at = text.indexOf(`${heading}:\n`);
  return at < 0 ? "" : text.slice(at, text.indexOf("\n\n", at));
}

/** What a reader sees of a language's HTML block before its greeting: its lead, tags dropped. */
function htmlLead(parsed: ParsedMail, lang: "ar" | "en"): string {
  const html = String(parsed.html);
  const start = html.indexOf(`class="liqaa-${lang}"`);
  const greeting = lang === "ar" ? "مرحباً" : "Dear ";
  const end = html.indexOf(greeting, start);
  expect(start).toBeGreaterThan(0);
  return html
    .slice(start, end)
    .replace(/<[^>]*>/g, " ")
    .replace(FSI_PDI, "")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

const hours = (lang: "ar" | "en", m: Meeting) => describeTime(lang, m)?.hours ?? "";
const date = (lang: "ar" | "en", m: Meeting) => describeTime(lang, m)?.date ?? "";

describe("an update that says what changed", () => {
  const before: Meeting = { ...meeting, start: "09:00", location: "مكتب الشبكة، غازي عنتاب" };

  it("leads both languages with the old and new time and place, and nothing that stayed", async () => {
    const parsed = await update(before);
    for (const [lang, heading] of [
      ["ar", "ما الذي تغيّر"],
      ["en", "What changed"],
    ] as const) {
      for (const part of [textChanges(parsed, heading), htmlLead(parsed, lang)]) {
        expect(part).toContain(heading);
        expect(part).toContain(hours(lang, before));
        expect(part).toContain(hours(lang, meeting));
        expect(part).toContain(before.location!);
        expect(part).toContain(meeting.location!);
        // The date, the link and the title did not change: they are not in the lead.
        expect(part).not.toContain(date(lang, meeting));
        expect(part).not.toContain(meeting.online_url!);
        expect(part).not.toContain(lang === "ar" ? meeting.title_ar! : meeting.title_en!);
      }
    }
    // The old values are only in the change: the details below show the current ones.
    const text = (parsed.text ?? "").replace(FSI_PDI, "");
    expect(text.split(before.location!).length - 1).toBe(2);
  });

  it("shows a new date and a new link, old beside new", async () => {
    const old: Meeting = {
      ...meeting,
      date: "2026-12-08",
      online_url: "https://meet.example.org/old",
    };
    const parsed = await update(old);
    const lead = textChanges(parsed, "What changed");
    expect(lead).toContain(date("en", old));
    expect(lead).toContain(date("en", meeting));
    expect(lead).toContain("https://meet.example.org/old");
    expect(lead).toContain(meeting.online_url!);
    expect(lead).not.toContain(meeting.location!);
    expect(htmlLead(parsed, "ar")).toContain(date("ar", old));
  });

  it("names a title change only in the language whose title changed", async () => {
    const parsed = await update(
      { ...meeting, title_en: "Consultation with UNDP" },
      {
        contact: englishReader,
      },
    );
    expect(textChanges(parsed, "What changed")).toContain("Consultation with UNDP\n");
    expect(textChanges(parsed, "What changed")).toContain(meeting.title_en!);
    expect(textChanges(parsed, "ما الذي تغيّر")).toBe("");
    expect(htmlLead(parsed, "ar")).not.toContain("ما الذي تغيّر");
  });

  it("names a new English place in the English block only", async () => {
    const now: Meeting = { ...meeting, location_en: "UN office, Gaziantep" };
    const parsed = await update(
      { ...meeting, location_en: "Network office, Gaziantep" },
      { meeting: now },
    );
    const lead = textChanges(parsed, "What changed");
    expect(lead).toContain("Network office, Gaziantep");
    expect(lead).toContain("UN office, Gaziantep");
    expect(textChanges(parsed, "ما الذي تغيّر")).toBe("");
  });

  it("shows a place that is no longer given as none", async () => {
    const parsed = await update(before, { meeting: { ...meeting, location: null } });
    const lead = textChanges(parsed, "What changed");
    expect(lead).toContain(before.location!);
    expect(lead).toContain("Now: None");
  });

  it("says nothing changed when the sync knows no earlier version, or the same one", async () => {
    for (const overrides of [{}, { previousFingerprint: fingerprint(meeting) }]) {
      const parsed = await simpleParser(renderMail(inputFor("update", overrides)).raw);
      expect(parsed.text).not.toContain("What changed");
      expect(String(parsed.html)).not.toContain("ما الذي تغيّر");
    }
  });
});
