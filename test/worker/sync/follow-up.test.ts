// The follow-up rule (src/sync/follow-up.ts), one case each: Settings follow up
// 3 days ahead; the fixture meeting starts 2026-12-10 07:00Z, so the follow-up
// falls due 2026-12-07 07:00Z. Each case lists the emails the plan queues as
// "kind address SEQUENCE".
import { describe, expect, it } from "vitest";
import type { Meeting, ParsedSheet } from "../../../src/sheet/types.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import { followUpInstants } from "../../../src/sync/follow-up.ts";
import { plan } from "../../../src/sync/plan.ts";
import type { StoredMeeting, StoredState } from "../../../src/sync/types.ts";
import { invitedState, meeting, settings, sheet } from "./fixtures.ts";

const A = "amal@ngo.example";
const B = "bilal@ngo.example";
const DUE = new Date("2026-12-07T08:00:00Z");
const m1 = meeting();
const withFollowUp = (over: Partial<Meeting> = {}, days = 3): ParsedSheet =>
  sheet({ meetings: [meeting(over)], settings: settings({ follow_up_days: days }) });
const stored = (revision = 0): StoredMeeting => ({
  id: "m1",
  fingerprint: fingerprint(m1),
  revision,
  status: "scheduled",
  starts_at: "2026-12-10T07:00:00.000Z",
  last_good: m1,
  invalid_since: null,
});
const bothInvited = (extra?: Parameters<typeof invitedState>[2]) =>
  invitedState(stored(), [{ email: A }, { email: B, language: "en" }], extra);

interface Case {
  rule: string;
  sheet: ParsedSheet;
  state: StoredState;
  now: Date;
  emails: string[];
}

const cases: Case[] = [
  {
    rule: "N days before the start, to each invitee with no answer, at SEQUENCE 0",
    sheet: withFollowUp(),
    state: bothInvited(),
    now: DUE,
    emails: [`followup ${A} 0`, `followup ${B} 0`],
  },
  {
    rule: "none without the setting",
    sheet: sheet(),
    state: bothInvited(),
    now: DUE,
    emails: [],
  },
  {
    rule: "not before it falls due",
    sheet: withFollowUp(),
    state: bothInvited(),
    now: new Date("2026-12-07T06:59:00Z"),
    emails: [],
  },
  {
    rule: "not after the meeting started",
    sheet: withFollowUp(),
    state: bothInvited(),
    now: new Date("2026-12-10T07:30:00Z"),
    emails: [],
  },
  {
    rule: "not to an invitee who answered, whatever the answer and however it came",
    sheet: withFollowUp(),
    state: invitedState(stored(), [
      { email: A, response: "accepted" },
      { email: B, response: "tentative" },
    ]),
    now: DUE,
    emails: [],
  },
  {
    rule: "not to an invitee who declined",
    sheet: withFollowUp(),
    state: invitedState(stored(), [{ email: A, response: "declined" }, { email: B }]),
    now: DUE,
    emails: [`followup ${B} 0`],
  },
  {
    rule: "never twice: the key is per meeting and invitee",
    sheet: withFollowUp(),
    state: bothInvited({ sentKeys: [`m1|${A}|followup|0`] }),
    now: DUE,
    emails: [`followup ${B} 0`],
  },
  {
    rule: "never twice, even after an update raised the invitees' SEQUENCE",
    sheet: withFollowUp(),
    state: invitedState(
      stored(1),
      [
        { email: A, sequence: 1, last_kind: "update" },
        { email: B, sequence: 1, last_kind: "update" },
      ],
      { sentKeys: [`m1|${A}|followup|0`] },
    ),
    now: DUE,
    emails: [`followup ${B} 0`],
  },
  {
    rule: "not to whoever was invited or updated once it was due (that email has just asked)",
    sheet: withFollowUp(),
    state: invitedState(stored(), [
      { email: A },
      { email: B, updated_at: "2026-12-07T07:30:00.000Z" },
    ]),
    now: DUE,
    emails: [`followup ${A} 0`],
  },
  {
    rule: "not to a suppressed address, nor to one that left reminders",
    sheet: withFollowUp(),
    state: bothInvited({ suppressed: [[A, "bounce"]], unsubscribed: [`${B}|reminder`] }),
    now: DUE,
    emails: [],
  },
  {
    rule: "the reminder stands in for it when both fall due at once (1 day, 24 hours)",
    sheet: withFollowUp({}, 1),
    state: bothInvited(),
    now: new Date("2026-12-09T08:00:00Z"),
    emails: [`reminder ${A} 0`, `reminder ${B} 0`],
  },
  {
    rule: "not once the reminder went",
    sheet: withFollowUp({}, 1),
    state: bothInvited({ sentKeys: [`m1|${A}|reminder|0`, `m1|${B}|reminder|0`] }),
    now: new Date("2026-12-09T08:00:00Z"),
    emails: [],
  },
  {
    rule: "a cancelled meeting → its cancellation, no follow-up",
    sheet: withFollowUp({ status: "cancelled" }),
    state: bothInvited(),
    now: DUE,
    emails: [`cancel ${A} 1`, `cancel ${B} 1`],
  },
  {
    rule: "a draft again → treated as cancelled, no follow-up",
    sheet: withFollowUp({ status: "draft" }),
    state: bothInvited(),
    now: DUE,
    emails: [`cancel ${A} 1`, `cancel ${B} 1`],
  },
  {
    rule: "a row kept as it was (invalid now) → no follow-up",
    sheet: sheet({
      meetings: [],
      rejected: [{ row: 2, id: "m1" }],
      settings: settings({ follow_up_days: 3 }),
    }),
    state: bothInvited(),
    now: DUE,
    emails: [],
  },
];

describe("the follow-up", () => {
  it.each(cases)("$rule", ({ sheet: s, state, now, emails }) => {
    const result = plan({ sheet: s, state, now });
    expect(result.emails.map((e) => `${e.kind} ${e.email} ${e.sequence}`).sort()).toEqual(
      [...emails].sort(),
    );
  });

  it("says so in the Sync status, and names why a left address got none", () => {
    const state = bothInvited({ unsubscribed: [`${B}|reminder`] });
    const result = plan({ sheet: withFollowUp(), state, now: DUE });
    const status = result.statusByMeeting.get("m1");
    expect(status?.en).toMatch(/^✓ followed up 1 without an answer · 1 not sent \(suppressed\)/);
    expect(status?.ar).toMatch(/^✓ أُرسلت المتابعة إلى 1 لم يردّوا/);
    expect(result.responsesSkipped.map((s) => [s.email, s.message.en])).toEqual([
      [B, "not sent: it unsubscribed from reminders"],
    ]);
  });

  it("falls due at the start less the days, for scheduled meetings only", () => {
    const due = followUpInstants([m1, meeting({ id: "m2", status: "cancelled" })], 3);
    expect(due.map((d) => d.toISOString())).toEqual(["2026-12-07T07:00:00.000Z"]);
    expect(followUpInstants([m1], undefined)).toEqual([]);
  });
});
