// The Settings key for the follow-up: read in either language, absent (no
// follow-up) when blank or missing, a value that is not a number of days
// reported in its own words, the last good value kept when there is one.
import { describe, expect, it } from "vitest";
import { parseSettings } from "../../../src/sheet/settings.ts";
import type { Cell, Problem, Settings } from "../../../src/sheet/types.ts";

function read(rows: Cell[][], lastGood?: Settings) {
  const problems: Problem[] = [];
  const grid = [["Setting", "Value"], ["Sender address", "secretariat@network.org"], ...rows];
  const { settings } = parseSettings({ title: "Settings", grid }, problems, lastGood);
  return { days: settings.follow_up_days, problems };
}

describe("Follow-up (days before)", () => {
  it("is absent, so nothing follows up, when Settings do not say or the cell is blank", () => {
    expect(read([])).toEqual({ days: undefined, problems: [] });
    const blank = read([["Follow-up (days before)", ""]]);
    expect(blank).toEqual({ days: undefined, problems: [] });
    expect("follow_up_days" in parseSettings({ title: "S", grid: [] }, []).settings).toBe(false);
  });

  it("is read under its English or Arabic name, as a number or a cell of digits", () => {
    expect(read([["Follow-up (days before)", "3"]]).days).toBe(3);
    expect(read([["المتابعة (أيام قبل الموعد)", "٥"]]).days).toBe(5);
    expect(read([["Follow-up (days before)", 2]]).days).toBe(2);
    expect(read([["Follow-up (days before)", "1.5"]]).days).toBe(1.5);
  });

  it("reports a value that is not a number of days, in both languages, and follows up nobody", () => {
    for (const bad of ["three", "0", "-2", "90"]) {
      const { days, problems } = read([["Follow-up (days before)", bad]]);
      expect(days).toBeUndefined();
      expect(problems.map((p) => [p.code, p.severity, p.row, p.value])).toEqual([
        ["settings.follow_up_invalid", "error", 3, bad],
      ]);
      expect(problems[0]?.message.en).toContain("no follow-up is sent");
      expect(problems[0]?.message.ar).toContain("لن تُرسل أي متابعة");
    }
  });

  it("keeps the last good value over a typo, and says so", () => {
    const lastGood = parseSettings(
      { title: "S", grid: [["Follow-up (days before)", "4"]] },
      [],
    ).settings;
    const { days, problems } = read([["Follow-up (days before)", "4 days"]], lastGood);
    expect(days).toBe(4);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([
      ["settings.follow_up_invalid", "warning"],
    ]);
    expect(problems[0]?.message.en).toContain("4 from the last good sync is kept");
  });
});
