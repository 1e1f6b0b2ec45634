// Dates with month names: the long formats Google shows a date cell in, and
// what staff type, in English and in both Arabic sets of month names.
import { describe, expect, it } from "vitest";
import { parseDate } from "../../../src/sheet/dates.ts";

const day = (date: string, date_end: string | null = null) => ({ ok: true, date, date_end });

describe("reading a Date cell with a month name", () => {
  it.each([
    ["16 May 2027", "day, month, year"],
    ["May 16, 2027", "month first, as Google's en_US long date"],
    ["May 16 2027", "month first without a comma"],
    ["Thursday, May 16, 2027", "Google's full date, with the weekday"],
    ["Thu, 16 May 2027", "an abbreviated weekday"],
    ["16-May-2027", "dashes tight against the month"],
    ["May-16-2027", "dashes, month first"],
    ["16th of May 2027", "an ordinal day"],
    ["16 MAY 2027", "in capitals"],
    ["16 may. 2027", "an abbreviated month with a dot"],
    ["2027 May 16", "year first"],
    ["١٦ أيار ٢٠٢٧", "Levantine month, Arabic-Indic digits"],
    ["16 ايار 2027", "without the hamza"],
    ["الخميس، ١٦ أيار ٢٠٢٧", "an Arabic weekday and comma"],
    ["يوم الخميس 16 أيار 2027", "يوم before the weekday"],
    ["خميس 16 أيار 2027", "a weekday without ال"],
    ["16 مايو 2027", "the Egyptian and Gulf name"],
    ["16 مايو 2027م", "with م for the common era"],
    ["الخميس ١٦ مايو، ٢٠٢٧", "weekday, day, month, comma, year"],
    ["16 شهر أيار 2027", "شهر before the month"],
  ])("reads %j (%s) as 2027-05-16", (text) => {
    expect(parseDate(text)).toEqual(day("2027-05-16"));
  });

  // Each set of month names in order, January first.
  const levantine =
    "كانون الثاني/شباط/آذار/نيسان/أيار/حزيران/تموز/آب/أيلول/تشرين الأول/تشرين الثاني/كانون الأول".split(
      "/",
    );
  const egyptian =
    "يناير/فبراير/مارس/أبريل/مايو/يونيو/يوليو/أغسطس/سبتمبر/أكتوبر/نوفمبر/ديسمبر".split("/");
  const english =
    "January/February/March/April/May/June/July/August/September/October/November/December".split(
      "/",
    );
  const iso = (m: number) => `2027-${String(m).padStart(2, "0")}-03`;
  it.each(levantine.map((name, i) => [name, i + 1] as const))(
    "reads Levantine %s as month %i",
    (name, m) => {
      expect(parseDate(`3 ${name} 2027`)).toEqual(day(iso(m)));
    },
  );
  it.each(egyptian.map((name, i) => [name, i + 1] as const))("reads %s as month %i", (name, m) => {
    expect(parseDate(`٣ ${name} ٢٠٢٧`)).toEqual(day(iso(m)));
  });
  it.each(english.map((name, i) => [name, i + 1] as const))(
    "reads %s and its abbreviation as month %i",
    (name, m) => {
      expect(parseDate(`3 ${name} 2027`)).toEqual(day(iso(m)));
      expect(parseDate(`${name.slice(0, 3)} 3, 2027`)).toEqual(day(iso(m)));
    },
  );

  it.each([
    ["كانون ثاني", 1],
    ["تشرين أول", 10],
    ["تشرين ثاني", 11],
    ["كانون اول", 12],
    ["اذار", 3],
    ["إبريل", 4],
    ["ابريل", 4],
    ["يونيه", 6],
    ["يونية", 6],
    ["يوليه", 7],
    ["اغسطس", 8],
    ["اكتوبر", 10],
    ["الشباط", 2],
    ["Sept", 9],
  ] as const)("reads the spelling %s as month %i", (name, m) => {
    expect(parseDate(`3 ${name} 2027`)).toEqual(day(iso(m)));
  });

  it.each([
    ["Sunday", "الأحد"],
    ["Monday", "الإثنين"],
    ["Tuesday", "الثلاثاء"],
    ["Wednesday", "الأربعاء"],
    ["Thursday", "الخميس"],
    ["Friday", "الجمعة"],
    ["Saturday", "السبت"],
  ])("reads past the weekday %s / %s", (en, ar) => {
    expect(parseDate(`${en}, 16 May 2027`)).toEqual(day("2027-05-16"));
    expect(parseDate(`${ar}، ١٦ أيار ٢٠٢٧`)).toEqual(day("2027-05-16"));
  });

  it.each([
    ["16-18 May 2027", "days first"],
    ["18-16 أيار 2027", "typed right to left"],
    ["May 16-18, 2027", "month first"],
    ["16 to 18 May 2027", "with to"],
    ["من ١٦ إلى ١٨ أيار ٢٠٢٧", "من … إلى"],
    ["16 حتى 18 مايو 2027", "حتى"],
    ["16 May 2027 - 18 May 2027", "two whole dates"],
  ])("reads the range %j (%s)", (text) => {
    expect(parseDate(text)).toEqual(day("2027-05-16", "2027-05-18"));
  });

  it("reads a range across two months", () => {
    expect(parseDate("30 Nov - 2 Dec 2019")).toEqual(day("2019-11-30", "2019-12-02"));
    expect(parseDate("٣٠ تشرين الثاني - ٢ كانون الأول ٢٠١٩")).toEqual(
      day("2019-11-30", "2019-12-02"),
    );
  });

  it("checks a named date like any other", () => {
    expect(parseDate("30 February 2027")).toEqual({ ok: false, reason: "impossible" });
    expect(parseDate("16 May 1950")).toEqual({ ok: false, reason: "out_of_range" });
    expect(parseDate("1 May - 30 July 2027")).toEqual({ ok: false, reason: "out_of_range" });
  });

  it.each([
    ["16 May"],
    ["May 2027"],
    ["16 Mai 2027"],
    ["16 كانون 2027"],
    ["16 May 2027 at noon"],
    ["16 May 17 May 2027"],
    ["1 - 2 - 3 May 2027"],
    ["16 May 2027 - 18 May 2027 - 19 May 2027"],
  ])("does not read %j as a date", (text) => {
    expect(parseDate(text)).toEqual({ ok: false, reason: "invalid" });
  });
});
