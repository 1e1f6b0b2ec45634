// A series' schedule for the feed, only when its row says Publish schedule
// yes: the feed's copy of that row carries the slots this sync assigned
// (Meeting.schedule), so publish and its snapshot read it from the sheet they
// already get, and a row saying no again publishes none at the next sync.
import type { Meeting, ParsedSheet } from "../sheet/types.ts";
import type { SeriesView } from "./expand.ts";

/** The sheet with each series that publishes its schedule carrying its slots; the same sheet when none does. */
export function withPublicSchedules(sheet: ParsedSheet, views: readonly SeriesView[]): ParsedSheet {
  const byRow = new Map(
    views.filter((view) => view.meeting.publish_schedule).map((view) => [view.meeting.row, view]),
  );
  if (byRow.size === 0) return sheet;
  const meetings = sheet.meetings.map((meeting): Meeting => {
    const view = byRow.get(meeting.row);
    if (view === undefined || !meeting.publish_schedule) return meeting;
    const schedule = view.slots.map((slot) => ({
      organization: slot.organisation.name,
      day: slot.day,
      start: slot.start,
      end: slot.end,
    }));
    return { ...meeting, schedule };
  });
  return { ...sheet, meetings };
}
