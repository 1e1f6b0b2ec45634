// Reading dates written with month names, as Google shows a date cell in a long
// format or as staff type it: "16 May 2027", "Thursday, May 16, 2027",
// "الخميس، ١٦ أيار ٢٠٢٧", "16-18 أيار 2027", "30 Nov - 2 Dec 2019". Month names
// in English, Levantine Arabic (كانون الثاني … كانون الأول) and the Arabic of
// Egypt and the Gulf (يناير … ديسمبر); a weekday name is read past, not checked.
// The text has already been through fieldText: digits are ASCII, marks are gone.

/** One day as numbers; checked (a real day, a plausible year) by the caller. */
export type Ymd = { y: number; m: number; d: number };

/**
 * Arabic spelled the way this module compares it: no harakat or tatweel, the
 * hamza'd alefs as bare alef, alef maqsura as yaa, taa marbuta as haa, so
 * أيار/ايار, يونية/يونيه and آذار/اذار are each one word.
 */
function foldArabic(text: string): string {
  return text
    .replace(/[\u064B-\u0652\u0670\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه");
}

const ENGLISH_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** Month words, folded, to their number. Levantine names of two words are joined below. */
const MONTHS = new Map<string, number>();
ENGLISH_MONTHS.forEach((name, i) => {
  MONTHS.set(name, i + 1);
  MONTHS.set(name.slice(0, 3), i + 1);
});
MONTHS.set("sept", 9);
// Egypt and the Gulf, with the spellings people use for each.
const ARABIC_MONTHS: readonly (readonly string[])[] = [
  ["يناير"],
  ["فبراير"],
  ["مارس"],
  ["ابريل", "افريل"],
  ["مايو"],
  ["يونيو", "يونيه"],
  ["يوليو", "يوليه"],
  ["اغسطس"],
  ["سبتمبر"],
  ["اكتوبر"],
  ["نوفمبر"],
  ["ديسمبر"],
];
ARABIC_MONTHS.forEach((names, i) => {
  for (const name of names) MONTHS.set(name, i + 1);
});
// The Levant and Iraq: the one-word names.
for (const [name, month] of [
  ["شباط", 2],
  ["اذار", 3],
  ["نيسان", 4],
  ["ايار", 5],
  ["حزيران", 6],
  ["تموز", 7],
  ["اب", 8],
  ["ايلول", 9],
] as const) {
  MONTHS.set(name, month);
}

/** كانون and تشرين name two months each; the word after says which ("الأول"/"أول", "الثاني"/"ثاني"). */
const TWO_WORD: Readonly<Record<string, { first: number; second: number }>> = {
  كانون: { first: 12, second: 1 },
  تشرين: { first: 10, second: 11 },
};
const FIRST = new Set(["الاول", "اول"]);
const SECOND = new Set(["الثاني", "ثاني"]);

const WEEKDAYS = new Set([
  ..."sunday monday tuesday wednesday thursday friday saturday".split(" "),
  ..."sun mon tue tues wed thu thur thurs fri sat".split(" "),
  ..."احد اثنين ثلاثاء ثلثاء اربعاء خميس جمعه سبت".split(" "),
]);

/** Words that join the two ends of a range ("16 to 18 May", "من ١٦ إلى ١٨ أيار"). */
const RANGE_WORDS = new Set(["to", "until", "till", "through", "الي", "حتي", "لغايه"]);
/** Words around a date that say nothing about which day it is. */
const FILLER = new Set(["يوم", "شهر", "سنه", "عام", "من", "the", "of"]);

/** Without a leading ال (الخميس, الأيار): the article does not change the word. */
const bare = (word: string) => (word.startsWith("ال") && word.length > 3 ? word.slice(2) : word);

function monthOf(word: string): number | undefined {
  return MONTHS.get(word) ?? MONTHS.get(bare(word)) ?? MONTHS.get(word.replace(/\.$/, ""));
}

type Token = { kind: "num"; value: number; digits: number } | { kind: "month"; value: number };

/**
 * The date's words as numbers, months and range marks ("|"); null at any word
 * that is not part of a date. A dash typed tight against a month or before a
 * year ("16-May-2027") joins the parts; any other dash is a range.
 */
function tokenize(text: string): (Token | "|")[] | null {
  const words = [...text.matchAll(/\d+|[a-z]+\.?|[\u0621-\u064A]+|-|[^\s\d\p{L}-]+/gu)];
  const out: (Token | "|")[] = [];
  const lastIsNumber = () => {
    const last = out[out.length - 1];
    return last !== undefined && last !== "|" && last.kind === "num";
  };
  for (let i = 0; i < words.length; i++) {
    const match = words[i]!;
    const word = match[0];
    if (/^\d+$/.test(word)) {
      out.push({ kind: "num", value: Number(word), digits: word.length });
      continue;
    }
    if (word === "-") {
      const prev = words[i - 1];
      const next = words[i + 1];
      const tight =
        prev !== undefined &&
        next !== undefined &&
        prev.index + prev[0].length === match.index &&
        next.index === match.index + 1;
      // A range's second end is never a year alone, so "May-16-2027" is one day too.
      const joins =
        tight &&
        (monthOf(prev[0]) !== undefined ||
          monthOf(next[0]) !== undefined ||
          /^\d{4}$/.test(next[0]));
      if (!joins) {
        out.push("|");
      }
      continue;
    }
    // Commas, slashes and dots between the parts say nothing.
    if (!/\p{L}/u.test(word)) continue;
    const two = TWO_WORD[bare(word)];
    if (two) {
      const next = words[i + 1]?.[0];
      if (next === undefined || !(FIRST.has(next) || SECOND.has(next))) return null;
      out.push({ kind: "month", value: FIRST.has(next) ? two.first : two.second });
      i++;
      continue;
    }
    const month = monthOf(word);
    if (month !== undefined) out.push({ kind: "month", value: month });
    else if (RANGE_WORDS.has(word)) out.push("|");
    // "2027م" (of the common era) and "16th" say no more than their number.
    else if ((word === "م" || /^(st|nd|rd|th)$/.test(word)) && lastIsNumber()) continue;
    else if (!(WEEKDAYS.has(bare(word).replace(/\.$/, "")) || FILLER.has(word))) return null;
  }
  return out;
}

/** The parts of one end of a range: a day, and the month and year if it names them. */
type End = { d: number; m?: number; y?: number };

function readEnd(tokens: Token[]): End | null {
  const nums = tokens.filter((t) => t.kind === "num");
  const months = tokens.filter((t) => t.kind === "month");
  if (months.length > 1) return null;
  const years = nums.filter((t) => t.digits === 4);
  const days = nums.filter((t) => t.digits <= 2);
  if (years.length > 1 || days.length !== 1 || years.length + days.length !== nums.length) {
    return null;
  }
  const end: End = { d: days[0]!.value };
  if (months[0]) end.m = months[0].value;
  if (years[0]) end.y = years[0].value;
  return end;
}

/**
 * The one or two days a date with a month name names, or null when it is not
 * one. Every end of a range takes the month and year it lacks from the other
 * end ("16-18 May 2027", "May 16-18, 2027", "30 Nov - 2 Dec 2019").
 */
export function readNamedDate(text: string): Ymd[] | null {
  const tokens = tokenize(foldArabic(text));
  if (tokens === null || !tokens.some((t) => t !== "|" && t.kind === "month")) return null;
  const groups: Token[][] = [[]];
  for (const token of tokens) {
    if (token === "|") groups.push([]);
    else groups[groups.length - 1]!.push(token);
  }
  if (groups.length > 2) return null;
  const ends = groups.map(readEnd);
  if (ends.some((end) => end === null)) return null;
  const [a, b] = ends as End[];
  const month = b?.m ?? a!.m;
  const year = b?.y ?? a!.y;
  if (month === undefined || year === undefined) return null;
  return [a!, ...(b ? [b] : [])].map((end) => ({ y: end.y ?? year, m: end.m ?? month, d: end.d }));
}
