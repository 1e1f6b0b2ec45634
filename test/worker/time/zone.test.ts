// The shared zone arithmetic, run inside workerd (whose ICU data is the one that
// counts in production): the calendar rule on the nights clocks change, in a zone
// east of UTC and one west of it, the fixed +03:00 of Turkey and Syria, and names
// Intl does not know.
import { describe, expect, it } from "vitest";
import {
  addDays,
  formatOffset,
  isKnownZone,
  isoInZone,
  offsetMinutes,
  parseWallTime,
  zonedTimeToUtcMs,
  zoneOffsetMs,
} from "../../../src/time/zone.ts";

const HOUR_MS = 60 * 60 * 1000;

/** The instant as ISO with the zone's offset: what a reader of that zone's clock sees. */
function inZone(date: string, time: string, zone: string): string | null {
  const instant = zonedTimeToUtcMs(date, time, zone);
  return instant === null ? null : isoInZone(instant, zone);
}

describe("Europe/Berlin, spring forward (2026-03-29, 02:00 CET becomes 03:00 CEST)", () => {
  it("reads a time before the change in winter time", () => {
    expect(inZone("2026-03-29", "01:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00+01:00");
  });

  it("moves a time inside the gap forward by the gap's length", () => {
    expect(inZone("2026-03-29", "02:30", "Europe/Berlin")).toBe("2026-03-29T03:30:00+02:00");
  });

  it("reads the first minute of the gap as the first minute of summer time", () => {
    expect(
      new Date(zonedTimeToUtcMs("2026-03-29", "02:00", "Europe/Berlin") ?? 0).toISOString(),
    ).toBe("2026-03-29T01:00:00.000Z");
  });

  it("reads a time after the change in summer time", () => {
    expect(inZone("2026-03-29", "03:30", "Europe/Berlin")).toBe("2026-03-29T03:30:00+02:00");
  });
});

describe("Europe/Berlin, fall back (2026-10-25, 03:00 CEST becomes 02:00 CET)", () => {
  it("takes the first occurrence of a repeated time (still summer time)", () => {
    expect(
      new Date(zonedTimeToUtcMs("2026-10-25", "02:30", "Europe/Berlin") ?? 0).toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
  });

  it("reads a time after the repeat in winter time", () => {
    expect(inZone("2026-10-25", "03:00", "Europe/Berlin")).toBe("2026-10-25T03:00:00+01:00");
  });

  it("makes the day of the change 25 hours long from midnight to midnight", () => {
    const from = zonedTimeToUtcMs("2026-10-25", "00:00", "Europe/Berlin") ?? 0;
    const to = zonedTimeToUtcMs("2026-10-26", "00:00", "Europe/Berlin") ?? 0;
    expect(to - from).toBe(25 * HOUR_MS);
  });
});

describe("America/New_York, spring forward (2026-03-08, 02:00 EST becomes 03:00 EDT)", () => {
  it("moves a time inside the gap forward by the gap's length, not back", () => {
    expect(inZone("2026-03-08", "02:30", "America/New_York")).toBe("2026-03-08T03:30:00-04:00");
  });

  it("reads a time before the change in standard time", () => {
    expect(inZone("2026-03-08", "01:59", "America/New_York")).toBe("2026-03-08T01:59:00-05:00");
  });

  it("makes the day of the change 23 hours long from midnight to midnight", () => {
    const from = zonedTimeToUtcMs("2026-03-08", "00:00", "America/New_York") ?? 0;
    const to = zonedTimeToUtcMs("2026-03-09", "00:00", "America/New_York") ?? 0;
    expect(to - from).toBe(23 * HOUR_MS);
  });
});

describe("America/New_York, fall back (2026-11-01, 02:00 EDT becomes 01:00 EST)", () => {
  it("takes the first occurrence of a repeated time (still daylight time)", () => {
    expect(inZone("2026-11-01", "01:30", "America/New_York")).toBe("2026-11-01T01:30:00-04:00");
  });

  it("reads a time after the repeat in standard time", () => {
    expect(inZone("2026-11-01", "02:00", "America/New_York")).toBe("2026-11-01T02:00:00-05:00");
  });
});

describe("Turkey and Syria, on +03:00 all year", () => {
  it("keeps Europe/Istanbul at +03:00 in winter and in summer", () => {
    expect(inZone("2026-01-15", "10:00", "Europe/Istanbul")).toBe("2026-01-15T10:00:00+03:00");
    expect(inZone("2026-07-15", "10:00", "Europe/Istanbul")).toBe("2026-07-15T10:00:00+03:00");
  });

  it("keeps Asia/Damascus at +03:00 in winter and in summer", () => {
    expect(inZone("2026-01-15", "10:00", "Asia/Damascus")).toBe("2026-01-15T10:00:00+03:00");
    expect(inZone("2026-07-15", "10:00", "Asia/Damascus")).toBe("2026-07-15T10:00:00+03:00");
  });

  it("still knows Damascus was at +02:00 in the winter of 2019, when the network met", () => {
    expect(offsetMinutes("Asia/Damascus", Date.parse("2019-01-15T08:00:00Z"))).toBe(120);
  });

  it("gives the offset in ms and in minutes, east positive", () => {
    const at = Date.parse("2026-01-15T07:00:00Z");
    expect(zoneOffsetMs("Europe/Istanbul", at)).toBe(3 * HOUR_MS);
    expect(offsetMinutes("Europe/Istanbul", at)).toBe(180);
  });
});

describe("an unknown zone", () => {
  it("is reported as unknown", () => {
    expect(isKnownZone("Mars/Olympus_Mons")).toBe(false);
  });

  it("counts an empty name as unknown", () => {
    expect(isKnownZone("")).toBe(false);
  });

  it("places no wall time in it", () => {
    expect(zonedTimeToUtcMs("2026-01-15", "10:00", "Mars/Olympus_Mons")).toBeNull();
  });

  it("has no offset: asking throws Intl's RangeError", () => {
    expect(() => zoneOffsetMs("Mars/Olympus_Mons", 0)).toThrow(RangeError);
  });

  it("leaves the IANA names of the network's zones known", () => {
    expect(["Asia/Damascus", "Europe/Istanbul", "Europe/Berlin", "UTC"].map(isKnownZone)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});

describe("wall-clock readings and dates", () => {
  it("refuses a malformed date or time", () => {
    expect([parseWallTime("2026-13-01", "10:00"), parseWallTime("2026-01-01", "24:00")]).toEqual([
      null,
      null,
    ]);
    expect(zonedTimeToUtcMs("15/01/2026", "10:00", "UTC")).toBeNull();
  });

  it("keeps half-hour offsets", () => {
    expect(inZone("2026-05-01", "09:00", "Asia/Kolkata")).toBe("2026-05-01T09:00:00+05:30");
  });

  it("writes negative, zero and half-hour offsets", () => {
    expect([formatOffset(-300), formatOffset(0), formatOffset(330)]).toEqual([
      "-05:00",
      "+00:00",
      "+05:30",
    ]);
  });

  it("moves a date across a month and a leap day", () => {
    expect([addDays("2028-02-28", 1), addDays("2026-12-31", 1), addDays("2026-03-01", -1)]).toEqual(
      ["2028-02-29", "2027-01-01", "2026-02-28"],
    );
  });
});
