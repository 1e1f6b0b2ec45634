// Times as staff type them with am/pm words, and as Google shows a time cell in
// its long formats, and the serial numbers an unformatted read returns.
import { describe, expect, it } from "vitest";
import { parseTime } from "../../../src/sheet/times.ts";

describe("reading Start and End cells in more forms", () => {
  it.each([
    ["10am", "10:00"],
    ["10 am", "10:00"],
    ["10AM", "10:00"],
    ["2:00 PM", "14:00"],
    ["2 pm", "14:00"],
    ["2 p.m.", "14:00"],
    ["2:00:00 PM", "14:00"],
    ["12:30 am", "00:30"],
    ["12 pm", "12:00"],
    ["١٠ ص", "10:00"],
    ["١٠ ص.", "10:00"],
    ["٢:٠٠ م", "14:00"],
    ["٢:٠٠:٠٠ م", "14:00"],
    ["10:00 صباحاً", "10:00"],
    ["5 مساءً", "17:00"],
  ])("reads %j as %s", (text, time) => {
    expect(parseTime(text)).toEqual({ ok: true, time });
  });

  it("reads a date-time cell's time of day", () => {
    // 2019-05-16 14:30 as a serial number.
    expect(parseTime(43601 + 14.5 / 24)).toEqual({ ok: true, time: "14:30" });
  });

  it("still reads a whole number as an hour and zero as midnight", () => {
    expect(parseTime(14)).toEqual({ ok: true, time: "14:00" });
    expect(parseTime(0)).toEqual({ ok: true, time: "00:00" });
  });

  it.each([[24], [-0.5], [43601], [Number.NaN], [0.99999]])(
    "does not read the number %d as a time",
    (n) => {
      expect(parseTime(n)).toEqual({ ok: false, reason: "invalid" });
    },
  );

  it.each([["13 am"], ["25 pm"], ["2 pm pm"], ["10 ص ص"]])("does not read %j as a time", (text) => {
    expect(parseTime(text)).toEqual({ ok: false, reason: "invalid" });
  });
});
