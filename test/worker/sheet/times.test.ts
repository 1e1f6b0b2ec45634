import { describe, expect, it } from "vitest";
import { parseTime } from "../../../src/sheet/times.ts";

describe("reading Start and End cells", () => {
  it.each([
    ["10:00", "10:00"],
    ["9:30", "09:30"],
    ["14.30", "14:30"],
    ["2 م", "14:00"],
    ["10 ص", "10:00"],
    ["2:30 م", "14:30"],
    ["12 ص", "00:00"],
    ["12 ظهرًا", "12:00"],
    ["3 مساءً", "15:00"],
    ["2pm", "14:00"],
    ["9 AM", "09:00"],
    ["١٠:٣٠", "10:30"],
    ["14٫30", "14:30"],
    ["10:00:00", "10:00"],
    ["14", "14:00"],
  ])("reads %j as %s", (text, time) => {
    expect(parseTime(text)).toEqual({ ok: true, time });
  });

  it("reads a time cell's fraction of a day", () => {
    expect(parseTime(0.4375)).toEqual({ ok: true, time: "10:30" });
  });

  it("reads a whole number as an hour", () => {
    expect(parseTime(9)).toEqual({ ok: true, time: "09:00" });
  });

  it.each([["25:00"], ["10:75"], ["13 ص"], ["noon-ish"], ["10 o'clock"], ["1.5"]])(
    "does not read %j as a time",
    (text) => {
      expect(parseTime(text)).toEqual({ ok: false, reason: "invalid" });
    },
  );

  it("does not read a checkbox as a time", () => {
    expect(parseTime(false)).toEqual({ ok: false, reason: "invalid" });
  });
});
