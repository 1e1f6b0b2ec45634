// The English block of an email, and an English reader's calendar entry, show
// the English location, counterpart and agenda when the sheet gives them; when
// it gives only the Arabic ones, the English block shows them as Arabic: lang
// and dir on them, and Unicode isolates, so their punctuation stays on the
// Arabic side even in a client that turns <bdi> into <span> and drops dir on
// inline elements. Read back with mailparser and ical.js, and laid out in Chromium.
import ICAL from "ical.js";
import { simpleParser } from "mailparser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { readSheetFolder } from "../../../scripts/lib/csv-folder.ts";
import { renderMail } from "../../../src/mail/render.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { arabicReader, englishReader, inputFor, meeting } from "../../worker/mail/fixtures.ts";
import { chromiumForTests } from "../support/chromium.ts";

const arabicOnly: Meeting = {
  ...meeting,
  location: "غازي عنتاب، مكتب الأمم المتحدة.",
  counterpart: "رئيس مكتب أوتشا",
  agenda: "أولويات المؤتمر؛ الجدول الزمني.",
};
const bothLanguages: Meeting = {
  ...arabicOnly,
  location_en: "UN office, Gaziantep",
  counterpart_en: "Head of the OCHA office",
  agenda_en: "The conference's priorities; the timetable.",
};

async function read(m: Meeting, contact = englishReader) {
  const mail = renderMail(inputFor("invitation", { meeting: m, contact }));
  const parsed = await simpleParser(mail.raw);
  const ics = mail.ics ?? "";
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent");
  return {
    html: typeof parsed.html === "string" ? parsed.html : "",
    text: parsed.text ?? "",
    location: vevent?.getFirstPropertyValue("location"),
    description: String(vevent?.getFirstPropertyValue("description") ?? ""),
  };
}

/** The English section of the text part (the reader's own language comes first). */
const englishText = (text: string) => text.split("----------------------------------------")[0]!;

describe("what each language's block and calendar say", () => {
  it("gives English readers the English columns, and Arabic readers the Arabic ones", async () => {
    const en = await read(bothLanguages);
    expect(englishText(en.text)).toContain("Location: UN office, Gaziantep");
    expect(englishText(en.text)).toContain("Counterpart: Head of the OCHA office");
    expect(englishText(en.text)).toContain("The conference's priorities; the timetable.");
    expect(englishText(en.text)).not.toContain("غازي عنتاب");
    expect(en.location).toBe("UN office, Gaziantep");
    expect(en.description).toContain("Head of the OCHA office");
    expect(en.description).not.toContain("رئيس مكتب أوتشا");

    const ar = await read(bothLanguages, arabicReader);
    const arabicText = englishText(ar.text);
    expect(arabicText).toContain("المكان: غازي عنتاب، مكتب الأمم المتحدة.");
    expect(arabicText).not.toContain("UN office, Gaziantep");
    expect(ar.location).toBe("غازي عنتاب، مكتب الأمم المتحدة.");
  });

  it("shows the Arabic columns in the English block, isolated, when no English is given", async () => {
    const en = await read(arabicOnly);
    expect(englishText(en.text)).toContain("Location: \u2067غازي عنتاب، مكتب الأمم المتحدة.\u2069");
    expect(en.html).toContain(
      '<bdi lang="ar" dir="rtl">\u2067غازي عنتاب، مكتب الأمم المتحدة.\u2069</bdi>',
    );
    expect(en.location).toBe("غازي عنتاب، مكتب الأمم المتحدة.");
  });

  it("does not mark a Latin place typed in the Arabic Location column as Arabic", async () => {
    const en = await read(meeting);
    expect(en.html).toContain("<bdi>Gaziantep, Şehitkamil — UNDP office</bdi>");
    expect(en.html).not.toContain('lang="ar" dir="rtl">\u2067Gaziantep');
  });
});

describe("the demo sheet", () => {
  it("gives English readers of every upcoming meeting an English place, counterpart and agenda", async () => {
    const demo = parseSheet(
      await readSheetFolder(new URL("../../../demo-sheet/", import.meta.url).pathname),
    );
    const upcoming = demo.meetings.filter((m) => m.status === "scheduled");
    expect(upcoming.length).toBeGreaterThanOrEqual(3);
    for (const m of upcoming) {
      const mail = renderMail(
        inputFor("invitation", {
          meeting: m,
          contact: englishReader,
          settings: { ...demo.settings, email_languages: "en" },
        }),
      );
      const text = (await simpleParser(mail.raw)).text ?? "";
      const lines = text.split("\n");
      const after = (label: string) => lines.slice(lines.findIndex((l) => l.startsWith(label)));
      for (const label of ["Location:", "Counterpart:"]) {
        const line = lines.find((l) => l.startsWith(label));
        expect(line, `${m.id} ${label}`).toBeDefined();
        expect(line, m.id).not.toMatch(/\p{Script=Arabic}/u);
      }
      expect(after("Agenda:")[1], m.id).toMatch(/^[^\p{Script=Arabic}]+$/u);
    }
  });
});

describe("an Arabic place in the English block, laid out", () => {
  const browser = chromiumForTests();

  async function open(html: string): Promise<Page> {
    const page = await browser().newPage({ viewport: { width: 700, height: 900 } });
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return page;
  }

  /** Where the final full stop lands against the place's first word, in the English block. */
  function stopAndFirstWord(page: Page) {
    return page.evaluate(() => {
      const root = document.querySelector("td.liqaa-en");
      if (root === null) throw new Error("no English block");
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? "";
        const word = text.indexOf("غازي");
        if (word === -1) continue;
        const box = (from: number, to: number) => {
          const range = document.createRange();
          range.setStart(node, from);
          range.setEnd(node, to);
          const r = range.getBoundingClientRect();
          return { left: r.left, right: r.right };
        };
        const stop = text.indexOf(".", word);
        const element = node.parentElement;
        return {
          first: box(word, word + 4),
          stop: box(stop, stop + 1),
          lang: element?.closest("[lang]")?.getAttribute("lang") ?? null,
        };
      }
      throw new Error("no Arabic place in the English block");
    });
  }

  const email = (m: Meeting) =>
    renderMail(inputFor("invitation", { meeting: m, contact: englishReader })).html;
  /** As Gmail and Outlook treat it: <bdi> becomes <span>, inline dir is dropped. */
  const stripped = (html: string) =>
    html
      .replace(/<bdi\b([^>]*)>/g, "<span$1>")
      .replace(/<\/bdi>/g, "</span>")
      .replace(/<span([^>]*?) dir="[^"]*"/g, "<span$1");

  it("keeps the place's full stop at its Arabic end (left of its first word), marked lang=ar", async () => {
    for (const html of [email(arabicOnly), stripped(email(arabicOnly))]) {
      const page = await open(html);
      const { first, stop, lang } = await stopAndFirstWord(page);
      expect(stop.right).toBeLessThanOrEqual(first.left + 1);
      expect(lang).toBe("ar");
      await page.close();
    }
  });
});
