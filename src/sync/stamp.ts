// The time a sync writes beside what it did ("· 2026-11-29 10:05"), in the
// network's own zone from Settings.

// Building an Intl.DateTimeFormat costs far more than using one, and it holds no
// I/O, so one per zone is kept for the isolate's life (null: a zone Intl refuses).
const stampFormats = new Map<string, Intl.DateTimeFormat | null>();

function stampFormat(tz: string): Intl.DateTimeFormat | null {
  let format = stampFormats.get(tz);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-GB", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      });
    } catch {
      format = null;
    }
    stampFormats.set(tz, format);
  }
  return format;
}

/** "2026-11-29 10:05" in the network's zone, for the Sync status cell. */
export function stamp(now: Date, tz: string): string {
  const format = stampFormat(tz);
  if (format === null) return `${now.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const parts = format.formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
