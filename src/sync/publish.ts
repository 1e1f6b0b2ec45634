// The publish step: the feed snapshot goes to KV unless the sheet's structure
// is broken (a header typo, a renamed tab, a title row above the header), when
// every meeting would look absent and the public feed would empty. Either way
// the last good snapshot keeps serving when this one is not written; what kept
// it back comes back as problems for the Sync log and the run record.
//
// A sync whose sheet would build the very snapshot KV holds skips building,
// checking and hashing it again (most full syncs: the hourly one of an
// unchanged sheet, an edit to a private column); see `Built`.
import {
  buildSnapshotUntil,
  meetingKeys,
  readSnapshotUnless,
  type SnapshotMetadata,
  writeSnapshot,
} from "../feed/snapshot.ts";
import { TABS } from "../sheet/contract.ts";
import type { ParsedSheet, Problem } from "../sheet/types.ts";
import { snapshotUids } from "./calendar-uids.ts";

/**
 * Problems that mean the sheet could not be read as a whole: a Meetings or
 * Contacts tab that is gone, or a required column that is.
 */
function structuralProblems(sheet: ParsedSheet): Problem[] {
  const tabs = new Set([
    TABS.meetings.en,
    TABS.contacts.en,
    sheet.layout.meetings?.title,
    sheet.layout.contacts?.title,
  ]);
  return sheet.problems.filter(
    (p) =>
      p.severity === "error" &&
      (p.code === "tab.missing" || p.code === "column.missing") &&
      tabs.has(p.tab),
  );
}

function feedKeptProblem(reason: { ar: string; en: string }): Problem {
  return {
    tab: TABS.syncLog.en,
    row: null,
    column: null,
    value: null,
    code: "feed.kept",
    severity: "warning",
    message: {
      ar: `بقيت الصفحة العامة كما كانت لأن ${reason.ar}`,
      en: `The public feed was kept as it was because ${reason.en}`,
    },
  };
}

export interface Published {
  written: boolean;
  kept: boolean;
  problems: Problem[];
}

/**
 * The last snapshot this isolate stored or found in KV, with what it was built
 * from: everything buildSnapshot reads of the sheet (the meetings,
 * the contacts' addresses it hides, the Settings) and the span in which `now`
 * changes nothing (buildSnapshotUntil). Module-scope data, not an I/O object,
 * so workerd allows it across invocations; a cold isolate has none and builds.
 */
interface Built {
  key: Inputs;
  meta: SnapshotMetadata;
  from: number;
  until: number | null;
}
let built: Built | null = null;

/**
 * Everything buildSnapshot reads, in parts compared as they are (hashing them
 * cost more than comparing; joining them into one text cost as much again):
 * the meetings' JSON (the one the build's memo keys are made of, made once per
 * row), what it reads of the Contacts (once per parsed list), the Settings and
 * the calendar UIDs.
 */
interface Inputs {
  rows: readonly string[];
  contacts: string;
  settings: string;
  uids: readonly (readonly [string, string])[];
}

/** What a list of contacts gives inputsOf, by whether the sheet has a series. */
const contactsRead = [new WeakMap<object, string>(), new WeakMap<object, string>()] as const;

function inputsOf(sheet: ParsedSheet, uids: ReadonlyMap<string, string>): Inputs {
  // A bilateral series publishes how many organisations its invitees are of
  // (src/feed/links.ts): then the contacts' organisations and groups are inputs too.
  const series = sheet.meetings.some((m) => m.kind === "bilateral_series");
  const read = contactsRead[series ? 1 : 0];
  let contacts = read.get(sheet.contacts);
  if (contacts === undefined) {
    contacts = JSON.stringify(
      sheet.contacts.map((c) => (series ? [c.email, c.organization, c.groups, c.active] : c.email)),
    );
    read.set(sheet.contacts, contacts);
  }
  // The calendar UIDs are an input too: the public calendar carries them.
  return {
    rows: meetingKeys(sheet),
    contacts,
    settings: JSON.stringify(sheet.settings),
    uids: [...uids],
  };
}

function sameInputs(a: Inputs, b: Inputs): boolean {
  return (
    a.contacts === b.contacts &&
    a.settings === b.settings &&
    a.rows.length === b.rows.length &&
    a.uids.length === b.uids.length &&
    a.rows.every((row, i) => row === b.rows[i]) &&
    a.uids.every(([id, uid], i) => id === b.uids[i]?.[0] && uid === b.uids[i]?.[1])
  );
}

export async function publish(
  feed: KVNamespace,
  sheet: ParsedSheet,
  now: Date,
  uids: ReadonlyMap<string, string>,
): Promise<Published> {
  const broken = structuralProblems(sheet);
  if (broken.length > 0) {
    const where = [...new Set(broken.map((p) => (p.column ? `${p.tab}: ${p.column}` : p.tab)))];
    return {
      written: false,
      kept: true,
      problems: [
        feedKeptProblem({
          ar: `بنية الجدول غير مكتملة (${where.join("، ")})؛ صحّح العناوين أو أسماء الأوراق كما في سجل المزامنة.`,
          en: `the sheet's structure is broken (${where.join(", ")}); fix the headers or tab names listed in the Sync log.`,
        }),
      ],
    };
  }
  const key = inputsOf(sheet, uids);
  const t = now.getTime();
  if (
    built &&
    sameInputs(built.key, key) &&
    t >= built.from &&
    (built.until === null || t < built.until)
  ) {
    // KV still holds what this isolate stored or found for these inputs: the
    // full path would build the same content, find its hash equal, and write nothing.
    if ((await readSnapshotUnless(feed, built.meta)) === "unchanged") {
      return { written: false, kept: false, problems: [] };
    }
  }
  built = null;
  const next = buildSnapshotUntil(sheet, now, snapshotUids(uids, sheet.settings));
  const published = await writeSnapshot(feed, next.snapshot);
  if (published.ok) {
    built = { key, meta: published.meta, from: t, until: next.until?.getTime() ?? null };
    return { written: published.written, kept: false, problems: [] };
  }
  return {
    written: false,
    kept: true,
    problems: [
      feedKeptProblem({
        ar: "النشرة الجديدة لم تجتز فحص المخطط:",
        en: "the new snapshot failed the feed schema check:",
      }),
      ...published.problems.slice(0, 20).map(
        (detail): Problem => ({
          tab: TABS.syncLog.en,
          row: null,
          column: null,
          value: detail,
          code: "feed.invalid",
          severity: "error",
          message: {
            ar: `خطأ في النشرة العامة: ${detail}`,
            en: `The public feed snapshot is invalid: ${detail}`,
          },
        }),
      ),
    ],
  };
}
