import { describe, expect, it } from "vitest";
import { parseDate } from "../../../src/sheet/dates.ts";

const day = (date: string, date_end: string | null = null) => ({ ok: true, date, date_end });

describe("reading the Date cell", () => {
  it.each([
    ["2019/05/16", "year first with slashes"],
    ["2019-05-16", "ISO"],
    ["16/05/2019", "day first when the year is last"],
    ["16.05.2019", "dotted, day first"],
    ["2019/5/16", "without leading zeros"],
    ["٢٠١٩/٠٥/١٦", "Arabic-Indic digits"],
    ["۲۰۱۹/۰۵/۱۶", "Persian digits"],
    ["\u200F2019/05/16\u200E ", "with direction marks and spaces"],
  ])("reads %s (%s) as 2019-05-16", (text) => {
    expect(parseDate(text)).toEqual(day("2019-05-16"));
  });

  it("reads a sheet serial number as days since 1899-12-30", () => {
    expect(parseDate(43601)).toEqual(day("2019-05-16"));
  });

  it("ignores the time of day in a serial number", () => {
    expect(parseDate(43601.75)).toEqual(day("2019-05-16"));
  });

  it("reads a range written left to right", () => {
    expect(parseDate("2019/11/18-19")).toEqual(day("2019-11-18", "2019-11-19"));
  });

  it("reads a range typed right to left as the same two days", () => {
    expect(parseDate("2019/11/19-18")).toEqual(day("2019-11-18", "2019-11-19"));
  });

  it("reads a day-first range", () => {
    expect(parseDate("16-18/05/2019")).toEqual(day("2019-05-16", "2019-05-18"));
  });

  it("reads a range in Arabic-Indic digits typed right to left", () => {
    expect(parseDate("٢٠١٩/١١/١٩-١٨")).toEqual(day("2019-11-18", "2019-11-19"));
  });

  it("reads a range of two whole dates, as Liqaa writes it back", () => {
    expect(parseDate("2019-11-30 - 2019-12-02")).toEqual(day("2019-11-30", "2019-12-02"));
  });

  it("reads a range whose two days are the same as one day", () => {
    expect(parseDate("2019/11/18-18")).toEqual(day("2019-11-18"));
  });

  it("refuses 30 February instead of rolling it over", () => {
    expect(parseDate("2019/02/30")).toEqual({ ok: false, reason: "impossible" });
  });

  it("refuses a thirteenth month", () => {
    expect(parseDate("16/13/2019")).toEqual({ ok: false, reason: "impossible" });
  });

  it("refuses a range that runs into a day the month lacks", () => {
    expect(parseDate("2019/11/30-31")).toEqual({ ok: false, reason: "impossible" });
  });

  it("refuses an implausible year", () => {
    expect(parseDate("0219/05/16")).toEqual({ ok: false, reason: "out_of_range" });
  });

  it("refuses a tiny serial number that would be 1900", () => {
    expect(parseDate(5)).toEqual({ ok: false, reason: "out_of_range" });
  });

  it.each([["next Tuesday"], ["16/05/19"], ["2019/05"], [""], ["TRUE"]])(
    "does not read %j as a date",
    (text) => {
      expect(parseDate(text)).toEqual({ ok: false, reason: "invalid" });
    },
  );

  it("does not read a checkbox as a date", () => {
    expect(parseDate(true)).toEqual({ ok: false, reason: "invalid" });
  });
});
