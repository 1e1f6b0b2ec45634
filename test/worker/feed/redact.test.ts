// Each way staff write a phone number, an address or a meeting link into a public
// cell, and what must stay as written beside them: dates, date ranges, times, years
// and ordinary links.
import { describe, expect, it } from "vitest";
import { hiddenTexts } from "../../../src/feed/hidden-texts.ts";
import { clean, redactPatterns } from "../../../src/feed/redact.ts";
import { meeting, sheet } from "./fixtures.ts";

/** A cell cleaned as the snapshot cleans it, for a sheet whose one meeting has this Online link. */
function cleaned(text: string, onlineUrl = "https://meet.example.org/secret-room"): string | null {
  return clean(text, hiddenTexts(sheet([meeting({ online_url: onlineUrl })])));
}

describe("phone numbers", () => {
  it.each([
    ["spaces", "اتصل 0532 123 45 67 للتسجيل", "اتصل […] للتسجيل"],
    ["dots", "Tel. 0532.123.45.67.", "Tel. […]."],
    ["dots that end like a time", "Tel 0532.123.12.30", "Tel […]"],
    ["a slash", "Büro 030/1234567", "Büro […]"],
    ["slashes and spaces", "0532/123 45 67", "[…]"],
    ["parentheses and a +", "call +90 (532) 123-45-67 now", "call […] now"],
    ["a leading (", "(0532) 123 45 67", "[…]"],
    ["Arabic-Indic digits and dots", "هاتف ٠٥٣٢.١٢٣.٤٥.٦٧", "هاتف […]"],
    ["Persian digits and slashes", "تلفن ۰۵۳۲/۱۲۳/۴۵۶۷", "تلفن […]"],
    ["unicode dashes", "0532–123–45–67", "[…]"],
    ["no separators", "05321234567", "[…]"],
    ["a time after it", "05321234567 10:30", "[…] 10:30"],
    ["a date before it", "2027/05/16 0532 123 45 67", "2027/05/16 […]"],
  ])("hides a phone written with %s", (_, text, expected) => {
    expect(cleaned(text)).toBe(expected);
  });

  it.each([
    ["a date with slashes", "الموعد 2027/05/16"],
    ["a day-first date with dots", "am 16.05.2027"],
    ["an ISO date", "due 2027-05-16"],
    ["a day-first date with slashes", "16/05/2027"],
    ["a range of days", "2019/11/18-19"],
    ["a range typed right to left", "2019/11/19-18"],
    ["a range of days before the month", "18-19/11/2019"],
    ["a range of dates", "2019-11-18 - 2019-11-19 and 16.05.2027-17.05.2027"],
    ["Arabic-Indic dates", "٢٠١٩/١١/١٨-١٩ و ١٦/٠٥/٢٠١٩"],
    ["a date and times", "2027/05/16 10:30-12:00"],
    ["times with dots", "10.30 - 12.30"],
    ["times with seconds", "10:30:00-11:30:00"],
    ["a span of years", "2019–2020, 2019-2020 and 2019/20"],
    ["short numbers", "Room 12, 3 floors, 250 people, 1.5 hours"],
  ])("keeps %s", (_, text) => {
    expect(cleaned(text)).toBe(text);
  });
});

describe("email addresses", () => {
  it.each([
    ["a stranger's", "write to yara.haddad@ngo.example.", "write to […]."],
    ["one without a dot (a typo)", "yara.haddad@example", "[…]"],
    ["an upper-case one", "INFO@UNOCHA.ORG", "[…]"],
    ["an Arabic one", "راسلونا على معلومات@شبكة.سوريا", "راسلونا على […]"],
    ["an IDN domain", "info@شبكة.org، أو", "[…]، أو"],
    ["a punycode domain", "info@xn--mgbh0fb.xn--ogbpf8fl", "[…]"],
    ["one in a mailto link", "mailto:a.b+c@d.org", "mailto:[…]"],
    [
      "one in an ordinary link's query",
      "https://network.example/contact?to=a@b.org",
      "https://network.example/contact?to=[…]",
    ],
  ])("hides %s", (_, text, expected) => {
    expect(cleaned(text)).toBe(expected);
  });

  it("keeps a handle that is no address", () => {
    expect(cleaned("follow @OCHA_Syria")).toBe("follow @OCHA_Syria");
  });
});

describe("online-meeting links", () => {
  it.each([
    ["as in its cell", "join https://meet.example.org/secret-room today"],
    ["without https://", "join meet.example.org/secret-room today"],
    ["with www.", "join https://www.meet.example.org/secret-room today"],
    ["in upper case", "join HTTPS://MEET.EXAMPLE.ORG/SECRET-ROOM today"],
    ["with http:// and a trailing slash", "join http://meet.example.org/secret-room/ today"],
    ["with a query after it", "join meet.example.org/secret-room?pwd=abc today"],
  ])("hides the row's Online link written %s", (_, text) => {
    expect(cleaned(text)).toBe("join […] today");
  });

  it("hides an Online link that reads as no link wherever its text appears, with no @ in it", () => {
    // "Zoom room Alpha-Seven" is no link: it is hidden as text, case-blind, even in a
    // cell with no address, no dot and no digit left after it.
    const cell = "Zoom room Alpha-Seven";
    expect(cleaned("الغرفة: zoom ROOM alpha-seven، الطابق الثاني", cell)).toBe(
      "الغرفة: […]، الطابق الثاني",
    );
    // The same text twice gives the same answer (the cleaned texts are remembered).
    expect(cleaned("الغرفة: zoom ROOM alpha-seven، الطابق الثاني", cell)).toBe(
      "الغرفة: […]، الطابق الثاني",
    );
    expect(cleaned("Zoom room Alpha-Seven")).toBe("Zoom room Alpha-Seven");
  });

  it("hides an Arabic Online link written raw or percent-encoded, whichever its cell uses", () => {
    const raw = "https://meet.example.org/غرفة-الاجتماع";
    const encoded = `https://meet.example.org/${encodeURIComponent("غرفة-الاجتماع")}`;
    for (const cell of [raw, encoded]) {
      for (const written of [raw, encoded, raw.replace("https://", ""), encoded.toUpperCase()]) {
        expect(cleaned(`انضم: ${written}`, cell), `${cell} / ${written}`).toBe("انضم: […]");
      }
    }
  });

  it("hides an Online link on an Arabic host, written in Arabic or in punycode", () => {
    const cell = "https://اجتماع.شبكة.org/غرفة";
    const punycode = `https://${new URL(cell).hostname}/غرفة`;
    expect(cleaned(`انضم: ${cell}`, cell)).toBe("انضم: […]");
    expect(cleaned(`انضم: ${punycode}`, cell)).toBe("انضم: […]");
  });

  it.each([
    "https://us02web.zoom.us/j/123456789?pwd=abc",
    "ZOOM.US/j/123456789",
    "www.zoom.us/j/1",
    "https://unocha.webex.com/meet/x",
    "meet.google.com/abc-defg-hij",
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
    "https://meet.jit.si/Room",
  ])("hides a link on a meeting host, whoever's: %s", (link) => {
    expect(cleaned(`(${link}).`)).toBe("([…]).");
  });

  it.each([
    "https://network.example/report-2019",
    "Report: https://example.org/report-2019, due 2019-05-16",
    "www.unocha.org/syria",
    "reliefweb.int/report/syria/12345678",
    "e.g. the plan",
    "https://ar.wikipedia.org/wiki/غازي_عنتاب",
  ])("keeps an ordinary link as written: %s", (text) => {
    expect(cleaned(text)).toBe(text);
  });
});

describe("the network's name", () => {
  it("loses an address, a phone and a meeting link, and keeps the rest", () => {
    expect(redactPatterns("Network (info@network.example, 0532.123.45.67, zoom.us/j/1)")).toBe(
      "Network ([…], […], […])",
    );
  });
});

it("cleans a long cell in linear time", () => {
  const long = `${"0".repeat(50_000)} ${"a.".repeat(25_000)} ${"x".repeat(50_000)}@`;
  const started = Date.now();
  cleaned(long);
  expect(Date.now() - started).toBeLessThan(1_000);
});
