import { describe, expect, it } from "vitest";
import { isoInZone, localToUtcMs, offsetMinutes } from "../../../src/feed/time.ts";

describe("zone offsets from Intl", () => {
  it("knows Damascus is three hours ahead in winter since 2022", () => {
    expect(offsetMinutes("Asia/Damascus", Date.parse("2026-01-15T07:00:00Z"))).toBe(180);
  });

  it("follows Berlin across its spring change", () => {
    expect(isoInZone(localToUtcMs("2026-03-28", "12:00", "Europe/Berlin"), "Europe/Berlin")).toBe(
      "2026-03-28T12:00:00+01:00",
    );
    expect(isoInZone(localToUtcMs("2026-03-29", "12:00", "Europe/Berlin"), "Europe/Berlin")).toBe(
      "2026-03-29T12:00:00+02:00",
    );
  });

  it("handles half-hour zones", () => {
    expect(isoInZone(localToUtcMs("2026-05-01", "09:00", "Asia/Kolkata"), "Asia/Kolkata")).toBe(
      "2026-05-01T09:00:00+05:30",
    );
  });
});
