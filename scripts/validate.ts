// The validator: reads a folder of CSV files (one per tab, named after the tab
// in English or Arabic), runs the same parser the sync runs, and prints the
// normalised meetings and every problem. Staff and engineers run it before
// anything is sent: `npm run validate -- <folder> [--json]`.
// Exit codes: 0 no problems, 1 problems, 2 unusable input (with a one-line reason).
import { stat } from "node:fs/promises";
import { parseSheet } from "../src/sheet/parse.ts";
import type { Meeting, ParsedSheet, Problem } from "../src/sheet/types.ts";
import { readSheetFolder } from "./lib/csv-folder.ts";

const USAGE = "usage: npm run validate -- <folder> [--json]";

// Terminals lay out bidirectional text unreliably: each Arabic line is isolated
// right to left (RLI … PDI), after a plain label, and never shares a line with English.
const RLI = "\u2067";
const PDI = "\u2069";
const ar = (text: string) => `${RLI}${text}${PDI}`;

const isArabic = (text: string) => /[\u0600-\u06FF]/.test(text);
/** A cell on one line of the report: an agenda's lines joined, long text cut. */
const oneLine = (text: string) => {
  const line = text.replace(/\s*\n\s*/g, " / ");
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
};

function fail(reason: string): never {
  process.stderr.write(`validate: ${reason}\n`);
  process.exit(2);
}

function when(m: Meeting): string {
  const day = m.date === null ? "(no date)" : m.date_end ? `${m.date} – ${m.date_end}` : m.date;
  const time = m.start === null ? "all day" : m.end === null ? m.start : `${m.start}–${m.end}`;
  return `${day}  ${time}  ${m.timezone}`;
}

function meetingLines(m: Meeting): string[] {
  const lines = [
    `row ${m.row}  ${m.id}${m.id_proposed ? " (new ID)" : ""}  ${m.status}${m.publish ? ", published" : ""}`,
    `    ${when(m)}`,
  ];
  if (m.title_en) lines.push(`    EN  ${m.title_en}`);
  if (m.title_ar) lines.push(`    AR  ${ar(m.title_ar)}`);
  // The place, counterpart and agenda in each language given (Location is the Arabic
  // column, Location (English) the English one), so a missing English one shows.
  for (const [label, arabic, english] of [
    ["where", m.location, m.location_en],
    ["with", m.counterpart, m.counterpart_en],
    ["agenda", m.agenda, m.agenda_en],
  ] as const) {
    if (english) lines.push(`    EN  ${label}: ${oneLine(english)}`);
    if (arabic)
      lines.push(`    AR  ${label}: ${isArabic(arabic) ? ar(oneLine(arabic)) : oneLine(arabic)}`);
  }
  if (m.invite.length > 0) {
    const names = m.invite.map((ref) => (ref.type === "group" ? ref.name : ref.email));
    lines.push(`    invite: ${names.map((n) => (isArabic(n) ? ar(n) : n)).join(", ")}`);
  }
  if (m.part_of !== undefined) lines.push(`    part of: ${m.part_of}`);
  if (m.follows !== undefined) lines.push(`    follows: ${m.follows}`);
  if (m.series !== undefined) {
    const { slot_minutes: slot, break_minutes: pause } = m.series;
    const published = m.publish_schedule ? ", schedule published" : "";
    lines.push(`    series: ${slot}-minute slots, ${pause}-minute breaks${published}`);
  } else if (m.publish_schedule) {
    lines.push("    series: schedule published");
  }
  return lines;
}

function problemLines(p: Problem): string[] {
  const where = [
    p.tab,
    p.row === null ? null : `row ${p.row}`,
    p.column === null ? null : `column "${p.column}"`,
  ]
    .filter((part) => part !== null)
    .join(", ");
  const lines = [`${p.severity.toUpperCase()}  ${where}  [${p.code}]`];
  if (p.value !== null) lines.push(`    value: ${JSON.stringify(p.value)}`);
  lines.push(`    EN  ${p.message.en}`, `    AR  ${ar(p.message.ar)}`);
  return lines;
}

function report(parsed: ParsedSheet): string {
  const out: string[] = [];
  out.push(`Meetings: ${parsed.meetings.length} usable, ${parsed.rejected.length} rejected`);
  out.push(`Contacts: ${parsed.contacts.length}`);
  out.push("");
  for (const m of parsed.meetings) out.push(...meetingLines(m), "");
  const errors = parsed.problems.filter((p) => p.severity === "error").length;
  out.push(
    `Problems: ${parsed.problems.length} (${errors} errors, ${parsed.problems.length - errors} warnings)`,
  );
  for (const p of parsed.problems) out.push("", ...problemLines(p));
  return `${out.join("\n")}\n`;
}

async function main(args: readonly string[]): Promise<number> {
  const json = args.includes("--json");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--json");
  if (unknown.length > 0) fail(`unknown option ${unknown[0]}; ${USAGE}`);
  const folders = args.filter((a) => !a.startsWith("-"));
  if (folders.length !== 1) fail(`give exactly one folder; ${USAGE}`);
  const folder = folders[0]!;

  const info = await stat(folder).catch(() => null);
  if (info === null) fail(`no such folder: ${folder}`);
  if (!info.isDirectory()) fail(`not a folder: ${folder}`);
  let workbook: Awaited<ReturnType<typeof readSheetFolder>>;
  try {
    workbook = await readSheetFolder(folder);
  } catch (error) {
    fail(`cannot read ${folder}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
  }

  const parsed = parseSheet(workbook);
  if (parsed.layout.meetings === null) {
    fail(`no Meetings tab in ${folder}: add Meetings.csv (or الاجتماعات.csv)`);
  }
  if (json) {
    const { meetings, contacts, settings, problems } = parsed;
    process.stdout.write(
      `${JSON.stringify({ meetings, contacts, settings, problems }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(report(parsed));
  }
  return parsed.problems.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
