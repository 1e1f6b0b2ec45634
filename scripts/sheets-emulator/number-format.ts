// Date and time number formats, as a Sheets column's display format shows a
// date cell: the tokens of Google's date-time patterns (d dd ddd dddd, m mm mmm
// mmmm, yy yyyy, h hh, mm after h or before s as minutes, ss, AM/PM, "quoted
// text"), with English names, or Arabic ones (the Levant's for ar_SY, ar_LB,
// ar_JO, ar_IQ and ar_PS, else Egypt's and the Gulf's) and Arabic-Indic digits.
// The emulator formats what FORMATTED_VALUE returns for a date cell with it.

/** A column's display format: a pattern and the locale it is shown in. */
export interface NumberFormat {
  pattern: string;
  /** "en_US" (English names, Western digits) unless it starts with "ar". */
  locale: string;
}

const EN_MONTHS =
  "January February March April May June July August September October November December".split(
    " ",
  );
const EN_DAYS = "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split(" ");
const AR_MONTHS =
  "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(" ");
const LEVANT_MONTHS = [
  "كانون الثاني",
  "شباط",
  "آذار",
  "نيسان",
  "أيار",
  "حزيران",
  "تموز",
  "آب",
  "أيلول",
  "تشرين الأول",
  "تشرين الثاني",
  "كانون الأول",
];
const AR_DAYS = "الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت".split(" ");

interface Names {
  months: readonly string[];
  days: readonly string[];
  am: string;
  pm: string;
  /** mmm and ddd: English names cut to three letters; Arabic ones are not cut. */
  short: (name: string) => string;
  digits: (text: string) => string;
}

function namesFor(locale: string): Names {
  const lower = locale.toLowerCase().replace("-", "_");
  if (!lower.startsWith("ar")) {
    return {
      months: EN_MONTHS,
      days: EN_DAYS,
      am: "AM",
      pm: "PM",
      short: (name) => name.slice(0, 3),
      digits: (t) => t,
    };
  }
  const levant = ["ar_sy", "ar_lb", "ar_jo", "ar_iq", "ar_ps"].some((l) => lower.startsWith(l));
  return {
    months: levant ? LEVANT_MONTHS : AR_MONTHS,
    days: AR_DAYS,
    am: "ص",
    pm: "م",
    short: (name) => name,
    digits: (t) => t.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))),
  };
}

type Part = { token: string } | { literal: string };

/** The pattern as tokens and literal text. */
function tokens(pattern: string): Part[] {
  const parts: Part[] = [];
  const re = /"([^"]*)"|\\(.)|(am\/pm|a\/p)|([dmyhs])\4*|(.)/gis;
  for (const m of pattern.matchAll(re)) {
    if (m[1] !== undefined) parts.push({ literal: m[1] });
    else if (m[2] !== undefined) parts.push({ literal: m[2] });
    else if (m[3] !== undefined) parts.push({ token: m[3].toUpperCase() });
    else if (m[4] !== undefined) parts.push({ token: m[0].toLowerCase() });
    else parts.push({ literal: m[0] });
  }
  return parts;
}

/** Whether an `m` token at `i` is minutes: after an hour or before seconds, as Google reads it. */
function isMinutes(parts: Part[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const p = parts[j]!;
    if ("token" in p) return p.token.startsWith("h");
  }
  for (let j = i + 1; j < parts.length; j++) {
    const p = parts[j]!;
    if ("token" in p) return p.token.startsWith("s");
  }
  return false;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A serial number (days since 1899-12-30, the time a fraction) shown in a date-time format. */
export function formatSerial(serial: number, format: NumberFormat): string {
  const names = namesFor(format.locale);
  const ms = Math.round((serial * 86_400_000) / 1000) * 1000 + Date.UTC(1899, 11, 30);
  const at = new Date(ms);
  const [y, mo, d, wd] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCDay()];
  const [h, mi, s] = [at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()];
  const parts = tokens(format.pattern);
  const twelve = parts.some((p) => "token" in p && (p.token === "AM/PM" || p.token === "A/P"));
  const hour = twelve ? h % 12 || 12 : h;
  let out = "";
  parts.forEach((part, i) => {
    if ("literal" in part) {
      out += part.literal;
      return;
    }
    const t = part.token;
    const n = t.length;
    if (t === "AM/PM") out += h < 12 ? names.am : names.pm;
    else if (t === "A/P") out += (h < 12 ? names.am : names.pm).charAt(0);
    else if (t[0] === "d")
      out += n >= 4 ? names.days[wd]! : n === 3 ? names.short(names.days[wd]!) : pad(d, n);
    else if (t[0] === "m" && n <= 2 && isMinutes(parts, i)) out += pad(mi, n);
    else if (t[0] === "m")
      out +=
        n >= 5
          ? names.months[mo]!.charAt(0)
          : n === 4
            ? names.months[mo]!
            : n === 3
              ? names.short(names.months[mo]!)
              : pad(mo + 1, n);
    else if (t[0] === "y") out += n <= 2 ? pad(y % 100, 2) : pad(y, 4);
    else if (t[0] === "h") out += pad(hour, Math.min(n, 2));
    else if (t[0] === "s") out += pad(s, Math.min(n, 2));
  });
  return names.digits(out);
}
