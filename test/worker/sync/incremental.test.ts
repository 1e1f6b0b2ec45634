// The incremental sync's parts: which rows changed, what makes it run the full
// sync instead, and the few meetings' state it loads. The whole path against
// the full one is test/worker/integration/incremental.test.ts.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContactBook } from "../../../src/sheet/contacts.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Workbook } from "../../../src/sheet/types.ts";
import {
  changedRows,
  forgetContext,
  keepContext,
  MAX_CELLS,
  MAX_ROWS,
  type SyncContext,
  tryIncremental,
} from "../../../src/sync/incremental.ts";
import { plan } from "../../../src/sync/plan.ts";
import { patchLines } from "../../../src/sync/responses.ts";
import { loadStateFor, recordPlan } from "../../../src/sync/store.ts";
import type { Look } from "../../../src/sync/unchanged.ts";

const db = env.DB;
const now = new Date("2026-12-01T09:00:00Z");
const HEADER = [
  "ID",
  "Title (English)",
  "Date",
  "Start",
  "End",
  "Location",
  "Invite",
  "Status",
  "Sync status",
];
const row = (id: string, place: string) => [
  id,
  `Meeting ${id}`,
  "2027/03/10",
  "10:00",
  "11:00",
  place,
  "a@example.org",
  "scheduled",
  "",
];
const book = (meetings: string[][], contact = "A"): Workbook => ({
  Meetings: [HEADER, ...meetings],
  Contacts: [
    ["Name", "Email"],
    [contact, "a@example.org"],
  ],
  Settings: [
    ["Setting", "Value"],
    ["Sender address", "liqaa@example.org"],
  ],
});
const rows = Array.from({ length: 12 }, (_, i) => row(`M${i + 1}`, "Hall A"));
const look = (over: Partial<Look> = {}): Look => ({
  unchanged: false,
  seen: { digest: "new", marker: "[1]" },
  remembered: {
    digest: "old",
    marker: "[1]",
    nextDue: null,
    fullAt: new Date(now.getTime() - 60_000).toISOString(),
  },
  lastOk: true,
  ...over,
});

/** Keeps the context a full sync of `rows` would leave, its plan recorded as that sync's was. */
async function keep(): Promise<void> {
  const context = contextOf();
  const decided = plan({ sheet: context.sheet, state: emptyState(), now });
  const { version } = await loadStateFor(db, []);
  expect((await recordPlan(db, decided, { version, runId: "r0", now })).ok).toBe(true);
  keepContext(context);
}

/** The context a full sync of `rows` would leave. */
function contextOf(): SyncContext {
  let contacts: ContactBook | null = null;
  const workbook = book(rows);
  const sheet = parseSheet(workbook, {
    onBook: (b) => {
      contacts = b;
    },
  });
  expect(sheet.problems).toEqual([]);
  if (contacts === null) throw new Error("no contact book");
  const decided = plan({ sheet, state: emptyState(), now });
  return {
    digest: "old",
    marker: "[1]",
    config: "c",
    workbook,
    book: contacts,
    sheet,
    known: sheet,
    statusByMeeting: decided.statusByMeeting,
    responsesSkipped: decided.responsesSkipped,
    vanished: decided.vanished,
    planned: [],
    responses: null,
  };
}

const emptyState = () => ({
  version: 0,
  meetings: new Map(),
  invitations: new Map(),
  suppressed: new Map(),
  sentKeys: new Set<string>(),
  unsubscribed: new Set<string>(),
  latestMail: new Map(),
});

const attempt = (workbook: Workbook, over: Partial<Look> = {}, config = "c") =>
  tryIncremental({ db, workbook, look: look(over), config, started: now, now });

const fallback = async (workbook: Workbook, over: Partial<Look> = {}, config = "c") => {
  const result = await attempt(workbook, over, config);
  return "fallback" in result ? result.fallback : null;
};

describe("changedRows", () => {
  it("names the Meetings rows that differ, and nothing when another tab, the header or the height does", () => {
    const edited = rows.map((r, i) => (i === 2 ? row("M3", "Hall B") : r));
    expect(changedRows(book(rows), book(edited), "Meetings")).toEqual([3]);
    expect(changedRows(book(rows), book(rows), "Meetings")).toEqual([]);
    expect(changedRows(book(rows), book(rows, "B"), "Meetings")).toBeNull();
    expect(changedRows(book(rows), book(rows.slice(1)), "Meetings")).toBeNull();
    const header = { ...book(rows), Meetings: [[...HEADER, "Notes"], ...rows] };
    expect(changedRows(book(rows), header, "Meetings")).toBeNull();
    const { Settings: _, ...fewer } = book(rows);
    expect(changedRows(book(rows), fewer, "Meetings")).toBeNull();
  });
});

describe("tryIncremental", () => {
  beforeEach(async () => {
    forgetContext();
    await keep();
  });
  const place = (index: number, value: string) =>
    book(rows.map((r, i) => (i === index ? row(r[0] ?? "", value) : r)));

  it("plans only the changed row, from its own state", async () => {
    const result = await attempt(place(2, "Hall B"));
    if ("fallback" in result) throw new Error(result.fallback);
    expect(result.rows).toEqual([4]);
    expect(result.decided.emails.map((e) => e.key)).toEqual(["M3|a@example.org|update|1"]);
    expect(result.state.meetings.size).toBe(1);
    expect(result.sheet.meetings.find((m) => m.row === 4)?.location).toBe("Hall B");
    expect(result.decided.statusByMeeting.size).toBe(rows.length);
  });

  it("falls back to the full sync for what it does not recompute", async () => {
    expect(await fallback(book(rows, "B"))).toBe("tabs");
    expect(await fallback(book([...rows, row("M99", "x")]))).toBe("tabs");
    const many = book(rows.map((r, i) => (i <= MAX_ROWS ? row(r[0] ?? "", "Hall Z") : r)));
    expect(await fallback(many)).toBe("rows");
    expect(await fallback(book(rows.map((r, i) => (i === 1 ? row("M77", "Hall A") : r))))).toBe(
      "id",
    );
    const invalid = book(
      rows.map((r, i) => (i === 1 ? [...r.slice(0, 2), "2027/13/45", ...r.slice(3)] : r)),
    );
    expect(await fallback(invalid)).toBe("row is not clean");
    const edit = place(2, "Hall B");
    expect(await fallback(edit, { seen: { digest: "new", marker: "[2]" } })).toBe("moved");
    expect(await fallback(edit, { lastOk: false })).toBe("last run");
    expect(await fallback(edit, {}, "another config")).toBe("moved");
    const due = { ...look().remembered, nextDue: now.toISOString() } as Look["remembered"];
    expect(await fallback(edit, { remembered: due })).toBe("due");
    forgetContext();
    expect(await fallback(edit)).toBe("no context");
  });

  it("keeps no context of a sheet too large to hold twice", async () => {
    const wide = Array.from({ length: MAX_CELLS / 100 + 1 }, () => Array<string>(100).fill(""));
    keepContext({ ...contextOf(), workbook: { ...book(rows), Big: wide } });
    expect(await fallback(place(2, "Hall B"))).toBe("no context");
  });
});

describe("loadStateFor", () => {
  it("loads the named meetings only, their IDs compared as the plan compares them", async () => {
    const workbook = book(rows.slice(0, 3));
    const sheet = parseSheet(workbook);
    const decided = plan({ sheet, state: emptyState(), now });
    const { version } = await loadStateFor(db, []);
    const recorded = await recordPlan(db, decided, { version, runId: "r", now });
    expect(recorded.ok).toBe(true);
    const state = await loadStateFor(db, ["m2"]);
    expect([...state.meetings.keys()]).toEqual(["m2"]);
    expect([...state.invitations.keys()]).toEqual(["m2"]);
    expect([...state.sentKeys]).toEqual(["M2|a@example.org|invite|0"]);
    expect([...state.latestMail.keys()]).toEqual(["m2"]);
    expect(state.version).toBe(version + 1);
  });
});

describe("patchLines", () => {
  const line = (meeting_id: string, email: string, kind = "invitation") => ({
    meeting_id,
    meeting: meeting_id,
    email,
    name: "",
    kind,
    sent: "",
    response: "",
    delivery: "",
  });
  const lines = (list: ReturnType<typeof line>[], rest = 0) => ({
    lines: list,
    rest,
    lang: "en" as const,
  });

  it("puts the changed meetings' lines where the whole query would, in ID order", () => {
    const previous = lines([line("A", "x"), line("B", "y"), line("D", "z")]);
    const fresh = lines([line("B", "w", "update"), line("B", "y", "update"), line("C", "v")]);
    expect(patchLines(previous, fresh, new Set(["b", "c"]))).toEqual([
      line("A", "x"),
      line("B", "w", "update"),
      line("B", "y", "update"),
      line("C", "v"),
      line("D", "z"),
    ]);
    expect(patchLines(previous, lines([line("E", "u")]), new Set(["e"]))?.at(-1)).toEqual(
      line("E", "u"),
    );
  });

  it("gives up when lines of the left-out-and-never-invited kind would have to be placed", () => {
    expect(patchLines(lines([line("A", "x")], 1), lines([]), new Set(["b"]))).toBeNull();
    expect(
      patchLines(lines([line("A", "x")]), lines([line("B", "y")], 1), new Set(["b"])),
    ).toBeNull();
  });
});
