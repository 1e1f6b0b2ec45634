import { describe, expect, it } from "vitest";
import { normalizeHeader, STATUS_CHOICES } from "../../../src/sheet/contract.ts";
import * as fields from "../../../src/sheet/fields.ts";

/** One test per text (the texts separated by "|"): `parse` refuses it (gives null). */
function refuseEach(parse: (text: string) => unknown, texts: string) {
  it.each(texts.split("|").map((text) => [text]))("refuse %j", (text) => {
    expect(parse(text)).toBeNull();
  });
}

const NOT_EMAILS = "rima@|@ocha.org|rima@ocha|rima ocha.org|ri..ma@ocha.org|rima@-ocha.org";
const NOT_LINKS = "javascript:alert(1)|ftp://files.example.org|zoom.us/j/1|https://localhost x";

describe("headers", () => {
  it("match without tatweel, diacritics, hamza, case and extra spaces", () => {
    expect(normalizeHeader("  جـهـاتُ   الإتصال ")).toBe(normalizeHeader("جهات الاتصال"));
    expect(normalizeHeader(" TITLE  (english) ")).toBe("title (english)");
  });

  it("match without direction marks pasted with them", () => {
    expect(normalizeHeader("\u200Fالحالة\u200E")).toBe(normalizeHeader("الحالة"));
  });
});

describe("email addresses", () => {
  it("keep the local part and lower-case the domain", () => {
    expect(fields.parseEmail("Ahmad.K@UNDP.Org")).toBe("Ahmad.K@undp.org");
  });

  it("accept an internationalised domain", () => {
    expect(fields.parseEmail("info@مثال.شبكة")).toBe("info@مثال.شبكة");
  });

  it("accept a punycode top-level domain", () => {
    expect(fields.parseEmail("info@example.xn--ngbrx")).toBe("info@example.xn--ngbrx");
  });

  it("accept the Name <address> form people paste", () => {
    expect(fields.parseEmail("Rima Haddad <rima@ocha.org>")).toBe("rima@ocha.org");
  });

  refuseEach(fields.parseEmail, NOT_EMAILS);

  it("are compared by one key: trimmed and lower-cased, local part too", () => {
    expect(fields.normalizeEmail(" Ahmad.K@undp.org\t")).toBe("ahmad.k@undp.org");
    expect(fields.normalizeEmail("info@مثال.شبكة")).toBe("info@مثال.شبكة");
  });
});

describe("links", () => {
  it("accept https", () => {
    expect(fields.parseUrl("https://meet.example.org/abc")).toBe("https://meet.example.org/abc");
  });

  refuseEach(fields.parseUrl, NOT_LINKS);
});

describe("time zones", () => {
  it("accept an IANA name and give its canonical spelling", () => {
    expect(fields.parseTimeZone("europe/istanbul")).toBe("Europe/Istanbul");
  });

  it("refuse a name the runtime does not know", () => {
    expect(fields.parseTimeZone("Asia/Gaziantep")).toBeNull();
  });

  it("suggest the full name for a city typed alone", () => {
    expect(fields.suggestTimeZone("Damascus")).toBe("Asia/Damascus");
  });
});

describe("dropdown words", () => {
  it.each([
    ["مؤكد", "scheduled"],
    ["Scheduled", "scheduled"],
    ["مؤكدة", "scheduled"],
    ["ملغى", "cancelled"],
    ["ملغي", "cancelled"],
    ["canceled", "cancelled"],
    ["منعقد", "held"],
    ["مسودة", "draft"],
  ])("read status %j as %s", (text, value) => {
    expect(
      fields.parseChoice(text, STATUS_CHOICES, {
        canceled: "cancelled",
        ملغي: "cancelled",
        مؤكده: "scheduled",
      }),
    ).toBe(value);
  });

  it.each([
    ["yes", true],
    ["نعم", true],
    ["TRUE", true],
    [true, true],
    ["no", false],
    ["لا", false],
    ["FALSE", false],
    [false, false],
  ] as const)("read publish %j as %s", (cell, value) => {
    expect(fields.parseYesNo(cell)).toBe(value);
  });

  it("leave an unclear publish word unread", () => {
    expect(fields.parseYesNo("maybe")).toBeNull();
  });
});

describe("lists", () => {
  it("split on , ، ; and new lines", () => {
    expect(fields.splitList("Partners، UN agencies; a@b.org\nOCHA,,")).toEqual([
      "Partners",
      "UN agencies",
      "a@b.org",
      "OCHA",
    ]);
  });
});
