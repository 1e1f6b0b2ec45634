// The slots a bilateral series' window holds: each day of its Date range, from
// Start, one slot length after another with the break between, as long as a
// whole slot still ends by End. Pure; times are the row's local wall-clock
// times (HH:MM), days ISO dates, both in the series' own time zone.

export interface SeriesWindow {
  /** ISO YYYY-MM-DD, first and last day (the same for one day). */
  firstDay: string;
  lastDay: string;
  /** HH:MM, the daily window. */
  start: string;
  end: string;
  slotMinutes: number;
  breakMinutes: number;
}

/** One place in the schedule: a day and a local start and end time. */
export interface SlotTime {
  day: string;
  start: string;
  end: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const minutesOf = (time: string): number => {
  const [h, m] = time.split(":");
  return Number(h) * 60 + Number(m);
};

export const timeOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** The days of the range, first to last (at most a few months: the parser bounds a range). */
export function daysOf(firstDay: string, lastDay: string): string[] {
  const days: string[] = [];
  const last = Date.parse(`${lastDay}T00:00:00Z`);
  for (let t = Date.parse(`${firstDay}T00:00:00Z`); t <= last; t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** How many slots one day of the window holds. */
export function slotsPerDay(
  w: Pick<SeriesWindow, "start" | "end" | "slotMinutes" | "breakMinutes">,
): number {
  const length = minutesOf(w.end) - minutesOf(w.start);
  if (w.slotMinutes <= 0 || length < w.slotMinutes) return 0;
  return Math.floor((length - w.slotMinutes) / (w.slotMinutes + w.breakMinutes)) + 1;
}

/** Every slot of the window, in order: the first day's from Start, then the next day's. */
export function windowSlots(w: SeriesWindow): SlotTime[] {
  const perDay = slotsPerDay(w);
  const out: SlotTime[] = [];
  const from = minutesOf(w.start);
  for (const day of daysOf(w.firstDay, w.lastDay)) {
    for (let i = 0; i < perDay; i++) {
      const start = from + i * (w.slotMinutes + w.breakMinutes);
      out.push({ day, start: timeOf(start), end: timeOf(start + w.slotMinutes) });
    }
  }
  return out;
}

/** The number of slots the whole window holds. */
export function windowCapacity(w: SeriesWindow): number {
  return slotsPerDay(w) * daysOf(w.firstDay, w.lastDay).length;
}

/** A series row's window, from its parsed Meeting (or its last good version in D1); null when it is not a series. */
export function seriesWindow(meeting: {
  date: string | null;
  date_end: string | null;
  start: string | null;
  end: string | null;
  series?: { slot_minutes: number; break_minutes: number };
}): SeriesWindow | null {
  const { date, start, end, series } = meeting;
  if (series === undefined || date === null || start === null || end === null) return null;
  return {
    firstDay: date,
    lastDay: meeting.date_end ?? date,
    start,
    end,
    slotMinutes: series.slot_minutes,
    breakMinutes: series.break_minutes,
  };
}

/**
 * The window's slots no organisation holds (`held`: the series' slots as D1
 * has them), in order. A slot overlapping a held one is not free either (a
 * pinned slot may sit between two of the window's, or the window changed).
 */
export function freeSlots(w: SeriesWindow, held: readonly SlotTime[]): SlotTime[] {
  return windowSlots(w).filter((s) => !held.some((h) => overlaps(s, h)));
}

/** Whether two slots share a minute (same day, each starting before the other ends). */
export function overlaps(a: SlotTime, b: SlotTime): boolean {
  return a.day === b.day && a.start < b.end && b.start < a.end;
}
