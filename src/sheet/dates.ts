// Reading the Date cell: one day or a range, in the forms staff type (year
// first, day first, ranges typed in either direction, Arabic-Indic digits,
// month names in English and Arabic, see date-words.ts) and the serial numbers
// the Sheets API returns for date cells whatever their display format.
import { readNamedDate, type Ymd } from "./date-words.ts";
import { fieldText } from "./text.ts";
import type { Cell } from "./types.ts";

export type DateResult =
  | { ok: true; date: string; date_end: string | null }
  | { ok: false; reason: "invalid" | "impossible" | "out_of_range" };

/** Years a meeting record can plausibly have; anything else is a typo (or a tiny serial), not a date. */
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;

/** Google's (and Lotus's) day zero: serial 1 is 1899-12-31. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

type Check = { ok: true; iso: string } | { ok: false; reason: "impossible" | "out_of_range" };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function checkYmd({ y, m, d }: Ymd): Check {
  if (y < MIN_YEAR || y > MAX_YEAR) return { ok: false, reason: "out_of_range" };
  if (m < 1 || m > 12 || d < 1 || d > 31) return { ok: false, reason: "impossible" };
  // Date.UTC rolls 30 February over to March; comparing back catches it.
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return { ok: false, reason: "impossible" };
  }
  return { ok: true, iso: `${pad(y, 4)}-${pad(m)}-${pad(d)}` };
}

/** A sheet serial number (days since 1899-12-30; a fraction is the time of day, ignored here). */
export function serialToIso(serial: number): DateResult {
  if (!Number.isFinite(serial)) return { ok: false, reason: "invalid" };
  const ms = SERIAL_EPOCH_MS + Math.floor(serial) * DAY_MS;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return { ok: false, reason: "out_of_range" };
  const checked = checkYmd({
    y: date.getUTCFullYear(),
    m: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
  });
  return checked.ok ? { ok: true, date: checked.iso, date_end: null } : checked;
}

const SEP = "[/.-]";
const RANGE = "\\s*(?:-|to|إلى|الى|حتى)\\s*";
const YMD = `(\\d{4})\\s*${SEP}\\s*(\\d{1,2})\\s*${SEP}\\s*(\\d{1,2})`;
const DMY = `(\\d{1,2})\\s*${SEP}\\s*(\\d{1,2})\\s*${SEP}\\s*(\\d{4})`;

const PATTERNS: readonly { re: RegExp; read: (n: number[]) => Ymd[] }[] = [
  // 2019/05/16, 2019-05-16
  { re: new RegExp(`^${YMD}$`), read: ([y, m, d]) => [{ y: y!, m: m!, d: d! }] },
  // 16/05/2019: with the year last the day comes first, as everywhere the network works.
  { re: new RegExp(`^${DMY}$`), read: ([d, m, y]) => [{ y: y!, m: m!, d: d! }] },
  // 2019/11/18-19 and 2019/11/19-18 (typed right to left)
  {
    re: new RegExp(`^${YMD}${RANGE}(\\d{1,2})$`),
    read: ([y, m, d1, d2]) => [
      { y: y!, m: m!, d: d1! },
      { y: y!, m: m!, d: d2! },
    ],
  },
  // 16-18/05/2019 and 18-16/05/2019
  {
    re: new RegExp(`^(\\d{1,2})${RANGE}${DMY}$`),
    read: ([d1, d2, m, y]) => [
      { y: y!, m: m!, d: d1! },
      { y: y!, m: m!, d: d2! },
    ],
  },
  // two whole dates: 2019-05-16 - 2019-05-18 (the form Liqaa writes back), 16/05/2019 - 18/05/2019
  {
    re: new RegExp(`^${YMD}${RANGE}${YMD}$`),
    read: ([y1, m1, d1, y2, m2, d2]) => [
      { y: y1!, m: m1!, d: d1! },
      { y: y2!, m: m2!, d: d2! },
    ],
  },
  {
    re: new RegExp(`^${DMY}${RANGE}${DMY}$`),
    read: ([d1, m1, y1, d2, m2, y2]) => [
      { y: y1!, m: m1!, d: d1! },
      { y: y2!, m: m2!, d: d2! },
    ],
  },
];

/** Ranges longer than this are a typo (a wrong month or year), not a meeting. */
const MAX_RANGE_DAYS = 62;

/** Reads a Date cell. A blank cell is not a date; the caller decides whether that is allowed. */
export function parseDate(cell: Cell): DateResult {
  if (typeof cell === "number") return serialToIso(cell);
  if (typeof cell !== "string") return { ok: false, reason: "invalid" };
  const text = fieldText(cell).toLowerCase();
  for (const { re, read } of PATTERNS) {
    const match = re.exec(text);
    if (match) return fromDays(read(match.slice(1).map(Number)));
  }
  // Month names: the long forms Google shows a date cell in, and staff type.
  if (/[a-z\u0621-\u064A]/.test(text)) {
    const days = readNamedDate(text);
    if (days) return fromDays(days);
  }
  return { ok: false, reason: "invalid" };
}

/** One day or a range from the days a form named, checked. */
function fromDays(days: Ymd[]): DateResult {
  const isos: string[] = [];
  for (const day of days) {
    const checked = checkYmd(day);
    if (!checked.ok) return checked;
    isos.push(checked.iso);
  }
  // A range typed right to left names its last day first; the order of days is not in doubt.
  isos.sort();
  const [first, last] = [isos[0]!, isos[isos.length - 1]!];
  if (first === last) return { ok: true, date: first, date_end: null };
  if ((Date.parse(last) - Date.parse(first)) / DAY_MS > MAX_RANGE_DAYS) {
    return { ok: false, reason: "out_of_range" };
  }
  return { ok: true, date: first, date_end: last };
}

/** The Date cell Liqaa writes for a parsed date: ISO, a range as two ISO dates. */
export function formatDate(date: string | null, dateEnd: string | null): string {
  if (date === null) return "";
  return dateEnd === null ? date : `${date} - ${dateEnd}`;
}
