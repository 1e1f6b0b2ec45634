// The Part of / ضمن and Follows / يلي columns: blank or absent they add nothing
// (older sheets parse to the same meetings and fingerprints); an ID the tab does
// not have is a warning and the meeting goes on; a loop through Part of and
// Follows together, of any length, is an error on each of its rows.
import { describe, expect, it } from "vitest";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Grid, Workbook } from "../../../src/sheet/types.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";

const HEADERS = ["ID", "Title (English)", "Date", "Status", "Publish"];

/** A Meetings tab of held meetings: [id, part of, follows] a row. */
function book(rows: readonly (readonly [string, string, string])[], links = true): Workbook {
  const meetings: Grid = [
    links ? [...HEADERS, "Part of", "Follows"] : HEADERS,
    ...rows.map(([id, partOf, follows]) => {
      const base = [id, `Meeting ${id}`, "2019/05/16", "held", "yes"];
      return links ? [...base, partOf, follows] : base;
    }),
  ];
  return { Meetings: meetings, Contacts: [["Email"]], Settings: [["Setting", "Value"]] };
}

const linkProblems = (w: Workbook) =>
  parseSheet(w).problems.filter((p) => p.code.startsWith("link."));

describe("linked meetings", () => {
  it("adds nothing to a meeting whose link cells are blank, or to a sheet without the columns", () => {
    const rows = [
      ["a", "", ""],
      ["b", "", ""],
    ] as const;
    const withColumns = parseSheet(book(rows));
    const without = parseSheet(book(rows, false));
    expect(withColumns.meetings).toEqual(without.meetings);
    expect(withColumns.meetings.map(fingerprint)).toEqual(without.meetings.map(fingerprint));
    expect(Object.keys(withColumns.meetings[0]!)).not.toContain("part_of");
    expect(Object.keys(withColumns.meetings[0]!)).not.toContain("follows");
    expect(withColumns.problems).toEqual(without.problems);
  });

  it("reads the IDs as written, and leaves a meeting's fingerprint as it was", () => {
    const w = book([
      ["Hizma", "", ""],
      ["side", " hizma ", ""],
      ["after", "", "SIDE"],
    ]);
    const parsed = parseSheet(w);
    expect(linkProblems(w)).toEqual([]);
    const [hizma, side, after] = parsed.meetings;
    expect(side?.part_of).toBe("hizma");
    expect(after?.follows).toBe("SIDE");
    const plain = parseSheet(book([["side", "", ""]], false)).meetings[0]!;
    expect(fingerprint(side!)).toBe(fingerprint({ ...plain, row: side!.row }));
    expect(hizma?.part_of).toBeUndefined();
  });

  it("warns about an ID the tab does not have, in both languages, and keeps the meeting", () => {
    const w = book([
      ["a", "nowhere", ""],
      ["b", "", "Meeting a"],
    ]);
    const parsed = parseSheet(w);
    expect(parsed.meetings.map((m) => m.id)).toEqual(["a", "b"]);
    const problems = linkProblems(w);
    expect(problems.map((p) => [p.code, p.severity, p.row, p.column, p.value])).toEqual([
      ["link.unknown", "warning", 2, "Part of", "nowhere"],
      ["link.unknown", "warning", 3, "Follows", "Meeting a"],
    ]);
    expect(problems[0]!.message.en).toContain("ID column");
    expect(problems[0]!.message.ar).toContain("«المعرف»");
  });

  it("takes an ID on a rejected row as known: it is in the sheet, only not valid now", () => {
    const w = book([
      ["a", "", ""],
      ["b", "a", ""],
    ]);
    (w.Meetings?.[1] as string[])[2] = "2019/13/45";
    const parsed = parseSheet(w);
    expect(parsed.rejected.map((r) => r.id)).toEqual(["a"]);
    expect(linkProblems(w)).toEqual([]);
  });

  it.each([
    ["a meeting part of itself", [["a", "A", ""]], [2]],
    [
      "two meetings following each other",
      [
        ["a", "", "b"],
        ["b", "", "a"],
      ],
      [2, 3],
    ],
    [
      "a loop of four through Part of and Follows together",
      [
        ["a", "b", ""],
        ["b", "", "c"],
        ["c", "d", ""],
        ["d", "", "a"],
        ["e", "a", ""],
      ],
      [2, 3, 4, 5],
    ],
  ] as const)("rejects every row of %s, and only those", (_name, rows, looped) => {
    const w = book(rows);
    const parsed = parseSheet(w);
    const problems = linkProblems(w);
    expect(problems.every((p) => p.code === "link.cycle" && p.severity === "error")).toBe(true);
    expect(problems.map((p) => p.row)).toEqual(looped);
    expect(parsed.rejected.map((r) => r.row)).toEqual(looped);
    expect(parsed.meetings.map((m) => m.row)).toEqual(
      rows.map((_, i) => i + 2).filter((row) => !(looped as readonly number[]).includes(row)),
    );
    expect(problems[0]!.message.en).toContain("cannot be part of, or follow, itself");
    expect(problems[0]!.message.ar).toContain("لا يكون اجتماع ضمن نفسه");
  });

  it("names the loop's other rows, so staff know where to look", () => {
    const problems = linkProblems(
      book([
        ["a", "b", ""],
        ["b", "", "c"],
        ["c", "a", ""],
      ]),
    );
    expect(problems[0]!.message.en).toContain("through row 3, 4");
    expect(problems[0]!.message.ar).toContain("عبر الصف 3، 4");
  });

  it("walks a chain of 5,000 links without a loop, and without overflowing the stack", () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => [`m${i}`, "", i === 0 ? "" : `m${i - 1}`] as const,
    );
    const parsed = parseSheet(book(rows));
    expect(parsed.meetings).toHaveLength(5000);
    expect(linkProblems(book(rows))).toEqual([]);
  });
});
