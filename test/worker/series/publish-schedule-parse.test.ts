// The Meetings tab's Publish schedule column: yes on a bilateral series puts
// `publish_schedule: true` on the row; blank or no leaves no key at all (an
// older sheet parses to the very same objects), and on any other row it is
// only a warning, as Slot is.
import { describe, expect, it } from "vitest";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Cell, Workbook } from "../../../src/sheet/types.ts";

const HEADERS = ["ID", "Title (Arabic)", "Date", "Start", "End", "Type", "Invite", "Status"];

function book(type: string, schedule?: { header: string; cell: Cell }): Workbook {
  const row: Cell[] = ["S1", "لقاءات", "2027/03/01", "09:00", "12:00", type, "a@b1.org", "draft"];
  const series = type === "bilateral series";
  const headers = [...HEADERS, ...(series ? ["Slot (minutes)"] : [])];
  if (series) row.push(45);
  return {
    Meetings: [
      schedule ? [...headers, schedule.header] : headers,
      schedule ? [...row, schedule.cell] : row,
    ],
    Contacts: [
      ["Organization", "Name", "Email", "Language", "Groups", "Active"],
      ["Body 1", "A", "a@b1.org", "ar", "Bodies"],
    ],
    Settings: [
      ["Setting", "Value"],
      ["Sender address", "s@network.org"],
    ],
  };
}

describe("the Publish schedule column", () => {
  it("reads yes, نعم and a ticked box on a series as publish_schedule: true", () => {
    for (const [header, cell] of [
      ["Publish schedule", "yes"],
      ["نشر الجدول", "نعم"],
      ["Publish schedule", true],
    ] as const) {
      const parsed = parseSheet(book("bilateral series", { header, cell }));
      expect(parsed.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(parsed.meetings[0]).toMatchObject({
        kind: "bilateral_series",
        publish_schedule: true,
      });
    }
  });

  it("gives blank and no the very object a sheet without the column gives", () => {
    const without = parseSheet(book("bilateral series"));
    expect(without.meetings[0]).not.toHaveProperty("publish_schedule");
    for (const cell of ["", "no", "لا", false]) {
      const parsed = parseSheet(book("bilateral series", { header: "Publish schedule", cell }));
      expect(parsed.meetings).toEqual(without.meetings);
      expect(parsed.problems.map((p) => p.code)).toEqual(without.problems.map((p) => p.code));
    }
  });

  it("warns about a value that is not yes or no, and publishes nothing", () => {
    const parsed = parseSheet(
      book("bilateral series", { header: "Publish schedule", cell: "soon" }),
    );
    expect(parsed.meetings[0]).not.toHaveProperty("publish_schedule");
    const p = parsed.problems.find((x) => x.code === "series.schedule_unknown");
    expect(p).toMatchObject({ severity: "warning", column: "Publish schedule", value: "soon" });
    expect(p?.message.ar).toContain("نعم أو لا");
  });

  it("only warns on a row that is not a series, and parses it as before", () => {
    const withCell = parseSheet(book("meeting", { header: "Publish schedule", cell: "yes" }));
    const without = parseSheet(book("meeting"));
    expect(withCell.meetings).toEqual(without.meetings);
    const added = withCell.problems.slice(without.problems.length);
    expect(withCell.problems.slice(0, without.problems.length)).toEqual(without.problems);
    expect(added.map((p) => [p.code, p.severity, p.column])).toEqual([
      ["series.schedule_not_series", "warning", "Publish schedule"],
    ]);
    expect(added[0]?.message.ar).toContain("نشر الجدول");
  });
});
