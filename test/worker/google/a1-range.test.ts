import { describe, expect, it } from "vitest";
import { a1Range, tabOfRange } from "../../../src/google/sheets-client.ts";

describe("a1Range", () => {
  it("quotes an Arabic tab title", () => {
    expect(a1Range("الاجتماعات", "A1:Z")).toBe("'الاجتماعات'!A1:Z");
  });

  it("quotes a title with spaces", () => {
    expect(a1Range("Sync log", "A1:F")).toBe("'Sync log'!A1:F");
  });

  it("doubles an apostrophe inside the title", () => {
    expect(a1Range("Partner's list", "B2")).toBe("'Partner''s list'!B2");
  });

  it("names the whole tab when no range is given", () => {
    expect(a1Range("سجل المزامنة")).toBe("'سجل المزامنة'");
  });
});

describe("tabOfRange", () => {
  it("gives back the title a1Range quoted, apostrophes and all", () => {
    for (const title of ["الاجتماعات", "Sync log", "Partner's list", "'", "a!b"]) {
      expect(tabOfRange(a1Range(title, "A1:C3"))).toBe(title);
    }
  });

  it("reads an unquoted range as Google may echo it", () => {
    expect(tabOfRange("Meetings!A1:Q40")).toBe("Meetings");
  });
});
