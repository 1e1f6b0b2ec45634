// A Meetings row's series cells: Slot (minutes) and Break (minutes). On a row
// of Type `bilateral series` they give its slots (Date, Start and End being the
// daily window); the window must hold every organisation the Invite cell
// reaches. On any other row they mean nothing and are only warned about, so
// the row parses to the very object it did before these columns existed.
import type { MeetingKey } from "../sheet/contract.ts";
import { parseYesNo } from "../sheet/fields.ts";
import type { Report } from "../sheet/invite.ts";
import { MESSAGES } from "../sheet/problems.ts";
import type { RowReader } from "../sheet/row.ts";
import { cellText, fieldText } from "../sheet/text.ts";
import type { ContactIndex, InviteRef, Meeting, SeriesSettings } from "../sheet/types.ts";
import { seriesOrganisations } from "./organisations.ts";
import { windowCapacity } from "./window.ts";

/** A whole day: no slot or break is longer. */
const MAX_MINUTES = 24 * 60;

/** What the row parser already read that the series rules depend on. */
export interface SeriesRowFacts {
  kind: Meeting["kind"];
  status: Meeting["status"];
  date: string | null;
  date_end: string | null;
  start: string | null;
  end: string | null;
  invite: readonly InviteRef[];
}

/**
 * The row's series settings, or undefined for a row that is not a series (or
 * whose series cells are wrong, which is then an error on the row).
 */
export function readSeries(
  r: RowReader<MeetingKey>,
  facts: SeriesRowFacts,
  index: ContactIndex,
  report: Report,
): SeriesSettings | undefined {
  const present = (key: MeetingKey) => fieldText(r.cell(key)) !== "";
  if (facts.kind !== "bilateral_series") {
    for (const key of ["slot_minutes", "break_minutes"] as const) {
      if (!present(key)) continue;
      const value = cellText(r.cell(key));
      report(key, "series.not_series", "warning", value, MESSAGES["series.not_series"]());
    }
    return undefined;
  }
  // A series held before Liqaa, recorded without its hours (the seed's own
  // record gives none): nothing to assign, nothing to invent.
  if (facts.status === "held" && !present("start") && !present("end") && !present("slot_minutes")) {
    return undefined;
  }
  let ok = true;
  const slot = minutes(r, "slot_minutes", 1);
  if (slot === "blank") {
    report("slot_minutes", "series.slot_missing", "error", null, MESSAGES["series.slot_missing"]());
    ok = false;
  } else if (slot === "invalid") {
    const value = cellText(r.cell("slot_minutes"));
    report(
      "slot_minutes",
      "series.slot_invalid",
      "error",
      value,
      MESSAGES["series.slot_invalid"](value),
    );
    ok = false;
  }
  const pause = minutes(r, "break_minutes", 0);
  if (pause === "invalid") {
    const value = cellText(r.cell("break_minutes"));
    report(
      "break_minutes",
      "series.break_invalid",
      "error",
      value,
      MESSAGES["series.break_invalid"](value),
    );
    ok = false;
  }
  const { date, start, end } = facts;
  if (start === null || end === null) {
    // An unreadable time is already an error of its own cell.
    if (!present("start") || !present("end")) {
      const key = present("start") ? "end" : "start";
      report(key, "series.window_missing", "error", null, MESSAGES["series.window_missing"]());
    }
    ok = false;
  } else if (facts.date_end !== null && end <= start) {
    // Within one day the row parser has said so already; over a range a
    // meeting may end on its last day, but a series' window is each day's.
    report(
      "end",
      "time.end_before_start",
      "error",
      end,
      MESSAGES["time.end_before_start"](start, end),
    );
    ok = false;
  }
  if (!ok || typeof slot !== "number" || pause === "invalid") return undefined;
  const settings: SeriesSettings = {
    slot_minutes: slot,
    break_minutes: pause === "blank" ? 0 : pause,
  };
  if (date === null || start === null || end === null) return settings;
  const fit = windowCapacity({
    firstDay: date,
    lastDay: facts.date_end ?? date,
    start,
    end,
    slotMinutes: slot,
    breakMinutes: settings.break_minutes,
  });
  const needed = seriesOrganisations(facts.invite, index).length;
  if (fit < needed) {
    report("end", "series.too_short", "error", end, MESSAGES["series.too_short"](fit, needed));
    return undefined;
  }
  return settings;
}

/**
 * Publish schedule on a series: `publish_schedule: true` for yes, nothing for
 * blank or no (no key, so older sheets parse the same). On any other row the
 * cell means nothing and is warned about, as Slot is.
 */
export function readPublishSchedule(
  r: RowReader<MeetingKey>,
  kind: Meeting["kind"],
  report: Report,
): Pick<Meeting, "publish_schedule"> {
  const cell = r.cell("publish_schedule");
  if (typeof cell !== "boolean" && fieldText(cell) === "") return {};
  const value = cellText(cell);
  if (kind !== "bilateral_series") {
    const message = MESSAGES["series.schedule_not_series"]();
    report("publish_schedule", "series.schedule_not_series", "warning", value, message);
    return {};
  }
  const parsed = parseYesNo(cell);
  if (parsed === null) {
    const message = MESSAGES["series.schedule_unknown"](value);
    report("publish_schedule", "series.schedule_unknown", "warning", value, message);
  }
  return parsed === true ? { publish_schedule: true } : {};
}

/** A whole number of minutes from `least` up to a day, "blank" or "invalid". */
function minutes(
  r: RowReader<MeetingKey>,
  key: MeetingKey,
  least: number,
): number | "blank" | "invalid" {
  const cell = r.cell(key);
  const text = fieldText(cell);
  if (text === "") return "blank";
  const value = typeof cell === "number" ? cell : Number(toAsciiDigits(text));
  if (!Number.isInteger(value) || value < least || value > MAX_MINUTES) return "invalid";
  return value;
}

/** Arabic-Indic digits as ASCII, so `٤٥` reads as 45. */
function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}
