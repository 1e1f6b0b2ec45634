// The Meetings row of a bilateral series: Type, the Slot and Break columns,
// the daily window, and the window too short for the organisations invited.
import { describe, expect, it } from "vitest";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Cell, Grid, Workbook } from "../../../src/sheet/types.ts";

/** Seven organisations, one contact each, all in the group "Bodies"; UNDP has two contacts. */
const CONTACTS: Grid = [
  ["Organization", "Name", "Email", "Language", "Groups", "Active"],
  ["Body 1", "A", "a@b1.org", "ar", "Bodies"],
  ["Body 2", "B", "b@b2.org", "en", "Bodies"],
  ["Body 3", "C", "c@b3.org", "ar", "Bodies"],
  ["UNDP", "D", "d@undp.org", "en", "UN"],
  ["undp ", "E", "e@undp.org", "ar", "UN"],
];

const HEADERS = [
  "ID",
  "Title (Arabic)",
  "Date",
  "Start",
  "End",
  "Type",
  "Invite",
  "Status",
  "Slot (minutes)",
  "مدة الاستراحة",
  "Sync status",
];
// The Arabic header of Break, as staff may write it.
HEADERS[9] = "الاستراحة (دقائق)";

function book(rows: readonly (readonly Cell[])[]): Workbook {
  return {
    Meetings: [HEADERS, ...rows],
    Contacts: CONTACTS,
    Settings: [
      ["Setting", "Value"],
      ["Sender address", "s@network.org"],
    ],
  };
}

const row = (over: Partial<Record<string, Cell>> = {}): Cell[] => {
  const base: Record<string, Cell> = {
    id: "S1",
    title: "لقاءات ثنائية",
    date: "2027/03/01-02",
    start: "09:00",
    end: "12:00",
    type: "bilateral series",
    invite: "Bodies, UN",
    status: "scheduled",
    slot: 45,
    pause: 15,
    ...over,
  };
  return [
    base.id,
    base.title,
    base.date,
    base.start,
    base.end,
    base.type,
    base.invite,
    base.status,
    base.slot,
    base.pause,
  ];
};

const codesOf = (workbook: Workbook) => parseSheet(workbook).problems.map((p) => p.code);

describe("a bilateral series row", () => {
  it("parses Type in English and Arabic with its slot settings", () => {
    for (const type of ["bilateral series", "سلسلة لقاءات ثنائية"]) {
      const parsed = parseSheet(book([row({ type })]));
      expect(parsed.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(parsed.meetings[0]).toMatchObject({
        kind: "bilateral_series",
        date: "2027-03-01",
        date_end: "2027-03-02",
        start: "09:00",
        end: "12:00",
        series: { slot_minutes: 45, break_minutes: 15 },
      });
    }
  });

  it("reads a blank break as none, and Arabic-Indic digits", () => {
    const parsed = parseSheet(book([row({ slot: "٤٥", pause: "" })]));
    expect(parsed.meetings[0]?.series).toEqual({ slot_minutes: 45, break_minutes: 0 });
  });

  it("rejects a series without a slot length", () => {
    const parsed = parseSheet(book([row({ slot: "" })]));
    expect(parsed.meetings).toEqual([]);
    const p = parsed.problems.find((x) => x.code === "series.slot_missing");
    expect(p).toMatchObject({ severity: "error", column: "Slot (minutes)", row: 2 });
    expect(p?.message.ar).toContain("مدة اللقاء");
  });

  it("rejects a slot or a break that is not a whole number of minutes", () => {
    expect(codesOf(book([row({ slot: "0" })]))).toContain("series.slot_invalid");
    expect(codesOf(book([row({ slot: "45.5" })]))).toContain("series.slot_invalid");
    expect(codesOf(book([row({ slot: "an hour" })]))).toContain("series.slot_invalid");
    expect(codesOf(book([row({ pause: "-5" })]))).toContain("series.break_invalid");
  });

  it("rejects a series without a daily window", () => {
    const parsed = parseSheet(book([row({ end: "" })]));
    expect(parsed.meetings).toEqual([]);
    expect(parsed.problems.map((p) => p.code)).toContain("series.window_missing");
    expect(codesOf(book([row({ start: "", end: "" })]))).toContain("series.window_missing");
  });

  it("rejects a daily window that ends before it starts, even over a range", () => {
    expect(codesOf(book([row({ start: "12:00", end: "09:00" })]))).toContain(
      "time.end_before_start",
    );
  });

  it("counts organisations, not invitees: two UNDP contacts share one slot", () => {
    // 4 organisations (Body 1-3, UNDP); one day 09:00-12:00 of 45 + 15 holds 3.
    const parsed = parseSheet(book([row({ date: "2027/03/01" })]));
    expect(parsed.meetings).toEqual([]);
    const p = parsed.problems.find((x) => x.code === "series.too_short");
    expect(p?.severity).toBe("error");
    expect(p?.message.en).toContain("holds 3 slots, but 4 organisations");
    expect(p?.message.ar).toContain("3");
    // Without the break, 09:00-12:00 holds 4 slots of 45 minutes.
    expect(parseSheet(book([row({ date: "2027/03/01", pause: 0 })])).meetings).toHaveLength(1);
  });

  it("says how many fit when the slot is longer than the window", () => {
    const parsed = parseSheet(book([row({ slot: 240 })]));
    const p = parsed.problems.find((x) => x.code === "series.too_short");
    expect(p?.message.en).toContain("holds 0 slots, but 4 organisations");
  });

  it("only warns about Slot and Break on a row that is not a series, and parses it as before", () => {
    const withCells = parseSheet(book([row({ type: "meeting" })]));
    const without = parseSheet(book([row({ type: "meeting", slot: "", pause: "" })]));
    expect(withCells.meetings).toEqual(without.meetings);
    expect(withCells.meetings[0]).not.toHaveProperty("series");
    expect(withCells.problems.map((p) => [p.code, p.severity])).toEqual([
      ["series.not_series", "warning"],
      ["series.not_series", "warning"],
    ]);
  });
});
