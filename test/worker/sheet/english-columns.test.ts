// The optional English columns of Location, Counterpart and Agenda: a sheet
// without them parses exactly as before (same objects, same fingerprints, so a
// deploy emails nobody); with them, English readers get them; the English
// location is a material change and the other two are not.
import { describe, expect, it } from "vitest";
import { toWorkbook } from "../../../src/sheet/emit.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Cell, Grid, Workbook } from "../../../src/sheet/types.ts";
import { materialChanges } from "../../../src/sync/changes.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import { plan } from "../../../src/sync/plan.ts";
import type { StoredMeeting } from "../../../src/sync/types.ts";
import { invitedState, meeting, sheet } from "../sync/fixtures.ts";

const CONTACTS: Grid = [
  ["Organization", "Name", "Email", "Language", "Groups", "Active"],
  ["OCHA", "Rima", "rima@ocha.example", "en", "Partners"],
];
const HEADERS = ["ID", "Title (Arabic)", "Date", "Location", "Counterpart", "Agenda", "Invite"];
const ROW = ["m-1", "إحاطة", "2027/03/10", "غازي عنتاب", "رئيس المكتب", "الأولويات", "Partners"];

function book(headers: readonly string[], row: readonly Cell[]): Workbook {
  return {
    Meetings: [
      [...headers, "Status"],
      [...row, "scheduled"],
    ],
    Contacts: CONTACTS,
    Settings: [["Setting", "Value"]],
  };
}

describe("a sheet without the English columns", () => {
  it("gives the very meetings it gave before: no English key at all", () => {
    const [m] = parseSheet(book(HEADERS, ROW)).meetings;
    expect(m).toBeDefined();
    expect(Object.keys(m!)).toEqual([
      "id",
      "id_proposed",
      "row",
      "title_ar",
      "title_en",
      "date",
      "date_end",
      "start",
      "end",
      "timezone",
      "location",
      "online_url",
      "organization",
      "counterpart",
      "kind",
      "invite",
      "agenda",
      "status",
      "publish",
      "summary_ar",
      "summary_en",
    ]);
  });

  it("is read the same when the columns are there but blank", () => {
    const without = parseSheet(book(HEADERS, ROW)).meetings;
    const blank = parseSheet(
      book(
        [...HEADERS, "Location (English)", "الضيف بالإنجليزية", "Agenda (English)"],
        [...ROW, "  ", "", ""],
      ),
    ).meetings;
    expect(blank).toStrictEqual(without);
    expect(JSON.stringify(blank)).toBe(JSON.stringify(without));
  });
});

describe("a sheet with the English columns", () => {
  const headers = [
    ...HEADERS,
    "المكان بالإنجليزية",
    "Counterpart (English)",
    "جدول الأعمال بالإنجليزية",
  ];
  const row = [...ROW, " Gaziantep ", "Head of office", "1. Priorities\n2. Timetable"];

  it("reads them by their English or Arabic headers, trimmed", () => {
    const [m] = parseSheet(book(headers, row)).meetings;
    expect(m).toMatchObject({
      location: "غازي عنتاب",
      location_en: "Gaziantep",
      counterpart: "رئيس المكتب",
      counterpart_en: "Head of office",
      agenda: "الأولويات",
      agenda_en: "1. Priorities\n2. Timetable",
    });
  });

  it("writes them back when it emits the sheet, and reads the same meetings again", () => {
    const parsed = parseSheet(book(headers, row));
    const again = parseSheet({ ...toWorkbook(parsed), Contacts: CONTACTS });
    expect(again.meetings).toEqual(parsed.meetings);
  });
});

describe("the English location in the fingerprint", () => {
  const base = meeting();

  it("leaves a meeting without it with the fingerprint it had (nine v1 fields)", () => {
    expect(fingerprint(base)).toBe(
      'v1:["2026-12-10","","10:00","12:00","Europe/Istanbul","Gaziantep","","مشاورات مع أوتشا","Consultation with OCHA"]',
    );
    expect(fingerprint({ ...base, counterpart_en: "Head", agenda_en: "Points" })).toBe(
      fingerprint(base),
    );
  });

  it("appends it when given, and names its change as a change of place", () => {
    const withEnglish = fingerprint({ ...base, location_en: "UN House, Gaziantep" });
    expect(withEnglish).toBe(
      'v1:["2026-12-10","","10:00","12:00","Europe/Istanbul","Gaziantep","","مشاورات مع أوتشا","Consultation with OCHA","UN House, Gaziantep"]',
    );
    expect(materialChanges(fingerprint(base), withEnglish)).toEqual(["place"]);
    expect(materialChanges(withEnglish, fingerprint(base))).toEqual(["place"]);
    const moved = fingerprint({ ...base, location_en: "Hilton, Gaziantep" });
    expect(materialChanges(withEnglish, moved)).toEqual(["place"]);
    expect(materialChanges(withEnglish, withEnglish)).toEqual([]);
    const retimed = fingerprint({ ...base, start: "11:00", location_en: "Hilton, Gaziantep" });
    expect(materialChanges(moved, retimed)).toEqual(["time"]);
  });
});

describe("the plan, for a meeting already invited", () => {
  const NOW = new Date("2026-12-01T09:00:00Z");
  const stored: StoredMeeting = {
    id: "m1",
    fingerprint: fingerprint(meeting()),
    revision: 0,
    status: "scheduled",
    starts_at: "2026-12-10T07:00:00.000Z",
    last_good: meeting(),
    invalid_since: null,
  };
  const state = () =>
    invitedState(stored, [
      { email: "amal@ngo.example" },
      { email: "bilal@ngo.example", language: "en" },
    ]);
  const emails = (over: Parameters<typeof meeting>[0]) =>
    plan({ sheet: sheet({ meetings: [meeting(over)] }), state: state(), now: NOW }).emails.map(
      (e) => `${e.kind} ${e.email} ${e.sequence}`,
    );

  it("sends nothing when the sheet is as it was", () => {
    expect(emails({})).toEqual([]);
  });

  it("sends nothing for an English counterpart or agenda: they are edited while preparing", () => {
    expect(emails({ counterpart_en: "Head of office", agenda_en: "1. Priorities" })).toEqual([]);
  });

  it("sends each invitee one update when the English location is given", () => {
    expect(emails({ location_en: "UN House, Gaziantep" }).sort()).toEqual([
      "update amal@ngo.example 1",
      "update bilal@ngo.example 1",
    ]);
  });
});
