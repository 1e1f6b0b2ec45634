// The Settings key for the problem digest's interval: read in either language,
// 15 minutes when absent, a bad value reported and replaced by the default.
import { describe, expect, it } from "vitest";
import { DEFAULT_DIGEST_MINUTES, parseSettings } from "../../../src/sheet/settings.ts";
import type { Cell, Problem } from "../../../src/sheet/types.ts";

function read(rows: Cell[][]) {
  const problems: Problem[] = [];
  const grid = [["Setting", "Value"], ["Sender address", "secretariat@network.org"], ...rows];
  const { settings } = parseSettings({ title: "Settings", grid }, problems);
  return { minutes: settings.digest_minutes, codes: problems.map((p) => p.code) };
}

describe("Digest interval (minutes)", () => {
  it("is 15 when Settings do not say", () => {
    expect(read([])).toEqual({ minutes: DEFAULT_DIGEST_MINUTES, codes: [] });
    expect(DEFAULT_DIGEST_MINUTES).toBe(15);
  });

  it("is read under its English or Arabic name, as a number or a cell of digits", () => {
    expect(read([["Digest interval (minutes)", "30"]]).minutes).toBe(30);
    expect(read([["فاصل ملخص المشكلات (دقائق)", "٦٠"]]).minutes).toBe(60);
    expect(read([["Digest interval (minutes)", 5]]).minutes).toBe(5);
    expect(read([["Digest interval (minutes)", "0"]]).minutes).toBe(0);
  });

  it("reports a value that is not a number of minutes up to a day, and keeps the default", () => {
    for (const bad of ["soon", "-5", "2000"]) {
      expect(read([["Digest interval (minutes)", bad]])).toEqual({
        minutes: 15,
        codes: ["settings.invalid"],
      });
    }
  });
});
