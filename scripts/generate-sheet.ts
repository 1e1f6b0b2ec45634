// Generates a realistic Liqaa spreadsheet of any size, for benchmarks and load
// tests: Arabic headers, Arabic and English titles about the network's kind of
// meetings (OCHA, UNDP, the RHC), every date form the contract allows (day-first,
// ranges typed right to left, Arabic-Indic digits), 5× as many contacts as
// meetings in invite groups, and a few bad rows, so parsing does its real work.
// Deterministic: the same size and seed give the same sheet.
//
//   node scripts/generate-sheet.ts --meetings 1000 --out /tmp/sheet-1000 [--seed 7]
import { mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { TABS } from "../src/sheet/contract.ts";
import { writeTab } from "./lib/csv-folder.ts";

export interface GenerateOptions {
  meetings: number;
  /** Contacts per meeting; the issue asks for 5. */
  contactsPerMeeting?: number;
  seed?: number;
  /** About one row in this many is bad (meetings and contacts). */
  badEvery?: number;
}

export interface GeneratedSheet {
  /** Tab title → rows (row 1 the headers), strings only, as the Sheets API's FORMATTED_VALUE. */
  tabs: Record<string, string[][]>;
  /** How many rows were made bad on purpose, to compare with the parser's problems. */
  badMeetings: number;
  badContacts: number;
}

const MEETING_HEADERS = [
  "المعرف",
  "العنوان",
  "العنوان بالإنجليزية",
  "التاريخ",
  "البداية",
  "النهاية",
  "المنطقة الزمنية",
  "المكان",
  "رابط الاجتماع",
  "الجهة",
  "الضيف",
  "النوع",
  "المدعوون",
  "جدول الأعمال",
  "الحالة",
  "للنشر",
  "الملخص",
  "الملخص بالإنجليزية",
  "حالة المزامنة",
];

const CONTACT_HEADERS = ["المنظمة", "الاسم", "البريد الإلكتروني", "اللغة", "المجموعات", "فعّال"];

const SETTINGS_ROWS = [
  ["الإعداد", "القيمة"],
  ["عنوان المرسل", "liqaa@example.org"],
  ["عنوان الرد", "secretariat@example.org"],
  ["اسم الشبكة", "رابطة الشبكات السورية"],
  ["اسم الشبكة بالإنجليزية", "Syrian Networks League"],
  ["المنطقة الزمنية الافتراضية", "Europe/Istanbul"],
  ["موعد التذكير (بالساعات)", "24"],
  ["عناوين الموظفين", "secretariat@example.org"],
  ["رابط الموقع العام", "https://example.org"],
  ["مستلمو الملخص", "المدعوون"],
  ["لغات الرسائل", "كلتاهما"],
];

const ORGS = [
  { ar: "مكتب تنسيق الشؤون الإنسانية", en: "OCHA", code: "OCHA" },
  { ar: "البرنامج الإنمائي للأمم المتحدة", en: "UNDP", code: "UNDP" },
  {
    ar: "مكتب المنسق الإقليمي للشؤون الإنسانية",
    en: "Regional Humanitarian Coordinator",
    code: "RHC",
  },
  { ar: "منظمة الأمم المتحدة للطفولة", en: "UNICEF", code: "UNICEF" },
  { ar: "مفوضية اللاجئين", en: "UNHCR", code: "UNHCR" },
];

const TOPICS = [
  { ar: "تجديد قرار المساعدات عبر الحدود", en: "renewing the cross-border aid resolution" },
  { ar: "تطوير القدرات التنظيمية للشبكات", en: "the networks' organisational capacity" },
  { ar: "التحضير لمؤتمر بروكسل للمانحين", en: "preparing for the Brussels donor conference" },
  {
    ar: "القيادة الموحدة للملف الإنساني",
    en: "the unified leadership of the humanitarian response",
  },
  { ar: "حماية العاملين في المجال الإنساني", en: "protecting humanitarian workers" },
  { ar: "الاستجابة لموسم الشتاء في المخيمات", en: "the winter response in the camps" },
  { ar: "التعليم في الشمال السوري", en: "education in northern Syria" },
];

const KINDS = [
  { ar: "اجتماع", en: "Meeting with" },
  { ar: "ثنائي", en: "Bilateral consultation with" },
  { ar: "ورشة عمل", en: "Workshop with" },
  { ar: "مشاورات", en: "Consultations with" },
  { ar: "إحاطة", en: "Briefing by" },
];

const FIRST_AR = ["لمى", "عمر", "رهف", "سلمى", "خالد", "نور", "ياسر", "هبة", "محمد", "ريم"];
const LAST_AR = ["الحسن", "الخطيب", "العلي", "الأحمد", "الشامي", "الحلبي", "الإدلبي", "السيد"];
const FIRST_EN = ["Clara", "Daniel", "Amina", "Tomas", "Sara", "James", "Lena", "Omar"];
const LAST_EN = ["Jensen", "Ortega Ruiz", "Diallo", "Novak", "Haddad", "Okafor", "Berg"];
const PLACES = ["غازي عنتاب", "إسطنبول", "عمّان", "بيروت", "Brussels", "Geneva", "عبر الإنترنت"];
const ZONES = ["", "", "", "Europe/Istanbul", "Asia/Damascus", "Europe/Brussels", "Asia/Amman"];

const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
const toArabicDigits = (text: string) =>
  text.replace(/[0-9]/g, (d) => ARABIC_DIGITS[Number(d)] ?? d);

/** mulberry32: small, fast and good enough to spread cells; deterministic per seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A date cell in one of the forms staff type, spread over 2019–2028 (past meetings are held). */
function dateCell(rand: () => number, year: number, month: number, day: number): string {
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  const roll = rand();
  if (roll < 0.4) return `${year}/${pad(month)}/${pad(day)}`;
  if (roll < 0.6) return `${pad(day)}/${pad(month)}/${year}`;
  if (roll < 0.75) return iso;
  if (roll < 0.85) return toArabicDigits(`${year}/${pad(month)}/${pad(day)}`);
  // A two-day range, sometimes typed right to left (the later day first).
  const next = Math.min(day + 1, 28);
  return rand() < 0.5
    ? `${year}/${pad(month)}/${pad(day)}-${pad(next)}`
    : `${year}/${pad(month)}/${pad(next)}-${pad(day)}`;
}

export function generateSheet(options: GenerateOptions): GeneratedSheet {
  const rand = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const meetingCount = Math.max(1, Math.floor(options.meetings));
  const contactCount = meetingCount * (options.contactsPerMeeting ?? 5);
  const badEvery = options.badEvery ?? 40;
  // Groups of about 10 contacts: a meeting invites one or two of them, as the
  // network invites "the education networks" or "UN focal points".
  const groupCount = Math.max(3, Math.floor(contactCount / 10));
  const groupName = (g: number) => (g % 2 === 0 ? `شبكات ${g}` : `UN focal points ${g}`);

  let badContacts = 0;
  const contacts: string[][] = [CONTACT_HEADERS];
  for (let i = 0; i < contactCount; i++) {
    const arabic = rand() < 0.6;
    const org = pick(ORGS);
    const name = arabic
      ? `${pick(FIRST_AR)} ${pick(LAST_AR)}`
      : `${pick(FIRST_EN)} ${pick(LAST_EN)}`;
    const groups = [groupName(i % groupCount)];
    if (rand() < 0.2) groups.push(groupName(Math.floor(rand() * groupCount)));
    let email = `contact${i}@example.org`;
    if (i % (badEvery * 5) === badEvery) {
      email = `contact${i} at example.org`;
      badContacts++;
    }
    contacts.push([
      arabic ? `شبكة ${org.ar}` : org.en,
      name,
      email,
      arabic ? "ar" : "en",
      groups.join(rand() < 0.5 ? "، " : ", "),
      rand() < 0.95 ? "نعم" : "لا",
    ]);
  }

  let badMeetings = 0;
  const meetings: string[][] = [MEETING_HEADERS];
  for (let i = 0; i < meetingCount; i++) {
    const org = pick(ORGS);
    const topic = pick(TOPICS);
    const kind = pick(KINDS);
    const year = 2019 + Math.floor(rand() * 10);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 27);
    const past = year < 2026;
    const statusRoll = rand();
    const status = past
      ? statusRoll < 0.9
        ? "منعقد"
        : "ملغى"
      : statusRoll < 0.65
        ? "مؤكد"
        : statusRoll < 0.85
          ? "مسودة"
          : statusRoll < 0.95
            ? "cancelled"
            : "scheduled";
    const allDay = rand() < 0.2;
    const startHour = 9 + Math.floor(rand() * 7);
    const start = allDay
      ? ""
      : rand() < 0.2
        ? `${startHour - 12 > 0 ? startHour - 12 : startHour} م`
        : `${startHour}:${rand() < 0.5 ? "00" : "30"}`;
    const end = allDay || start.endsWith("م") ? "" : `${startHour + 2}:00`;
    const invite = [groupName(Math.floor(rand() * groupCount))];
    if (rand() < 0.4) invite.push(groupName(Math.floor(rand() * groupCount)));
    if (rand() < 0.3) invite.push(`contact${Math.floor(rand() * contactCount)}@example.org`);
    const held = status === "منعقد";
    const row = [
      rand() < 0.02 ? "" : `${year}-${pad(month)}-${org.code.toLowerCase()}-${i}`,
      `${kind.ar} مع ${org.ar} حول ${topic.ar}`,
      rand() < 0.85 ? `${kind.en} ${org.en} on ${topic.en}` : "",
      dateCell(rand, year, month, day),
      start,
      end,
      pick(ZONES),
      pick(PLACES),
      rand() < 0.3 ? `https://meet.example.org/liqaa-${i}` : "",
      org.en,
      `${pick(FIRST_EN)} ${pick(LAST_EN)}، ${org.ar}`,
      kind.ar,
      invite.join(pick(["، ", ", ", "; ", "\n"])),
      `مناقشة ${topic.ar}.\nDiscussing ${topic.en}.`,
      status,
      rand() < 0.8 ? "نعم" : "لا",
      held ? `عُقد الاجتماع مع ${org.ar} لمناقشة ${topic.ar}، واتُّفق على متابعة التنسيق.` : "",
      held ? `The meeting with ${org.en} discussed ${topic.en}; coordination continues.` : "",
      "",
    ];
    if (i % badEvery === badEvery - 1) {
      badMeetings++;
      // The mistakes staff make: an impossible date, a misspelt status, a time
      // that is no time, a row with no title at all.
      switch (((i / badEvery) % 4) | 0) {
        case 0:
          row[3] = `${year}/13/45`;
          break;
        case 1:
          row[14] = "ربما";
          break;
        case 2:
          row[4] = "25:99";
          break;
        default:
          row[1] = "";
          row[2] = "";
      }
    }
    meetings.push(row);
  }

  return {
    tabs: {
      [TABS.meetings.ar]: meetings,
      [TABS.contacts.ar]: contacts,
      [TABS.settings.ar]: SETTINGS_ROWS.map((r) => [...r]),
    },
    badMeetings,
    badContacts,
  };
}

/** Writes a generated sheet as a CSV folder the validator and the Sheets emulator read. */
export async function writeGeneratedSheet(dir: string, sheet: GeneratedSheet): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [title, rows] of Object.entries(sheet.tabs)) {
    await writeTab(dir, title, rows);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      meetings: { type: "string", default: "1000" },
      out: { type: "string" },
      seed: { type: "string", default: "1" },
    },
  });
  if (!values.out) {
    console.error("usage: node scripts/generate-sheet.ts --meetings N --out DIR [--seed S]");
    process.exit(2);
  }
  const sheet = generateSheet({ meetings: Number(values.meetings), seed: Number(values.seed) });
  await writeGeneratedSheet(values.out, sheet);
  console.log(
    `wrote ${values.out}: ${Number(values.meetings)} meetings (${sheet.badMeetings} bad), ` +
      `${sheet.tabs[TABS.contacts.ar]!.length - 1} contacts (${sheet.badContacts} bad)`,
  );
}
