// The plan's rules, one case each, in the order a meeting's life takes them. Each case
// gives the sheet, what D1 remembers and the time, and lists the emails the
// plan must queue as "kind address SEQUENCE".
import { describe, expect, it } from "vitest";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting, ParsedSheet } from "../../../src/sheet/types.ts";
import { fingerprint, meetingStart } from "../../../src/sync/fingerprint.ts";
import { indexContacts, resolveInvitees } from "../../../src/sync/invitees.ts";
import { plan } from "../../../src/sync/plan.ts";
import type { StoredMeeting, StoredState } from "../../../src/sync/types.ts";
import { contact, emptyState, invitedState, meeting, settings, sheet } from "./fixtures.ts";

const A = "amal@ngo.example";
const B = "bilal@ngo.example";
const NOW = new Date("2026-12-01T09:00:00Z");
/** The fixture meeting starts 2026-12-10 10:00 Istanbul (07:00Z). */
const DAY_BEFORE = new Date("2026-12-09T08:00:00Z");
/** The day after the fixture meeting (it ends 2026-12-10 12:00 Istanbul, 09:00Z): a held meeting's summary may go. */
const DAY_AFTER = new Date("2026-12-11T09:00:00Z");

const m1 = meeting();
const allDay = meeting({ start: null, end: null });
const stored = (
  over: { revision?: number; fingerprint?: string; invalid_since?: string | null } = {},
): StoredMeeting => {
  return {
    id: "m1",
    fingerprint: over.fingerprint ?? fingerprint(m1),
    revision: over.revision ?? 0,
    status: "scheduled" as const,
    starts_at: "2026-12-10T07:00:00.000Z",
    last_good: m1,
    invalid_since: over.invalid_since ?? null,
  };
};
const bothInvited = (extra?: Parameters<typeof invitedState>[2]) =>
  invitedState(stored(), [{ email: A }, { email: B, language: "en" }], extra);

interface Case {
  rule: string;
  sheet: ParsedSheet;
  state: StoredState;
  now?: Date;
  emails: string[];
}

/** A case where changing `change` on an invited meeting sends both invitees an update at SEQUENCE 1. */
const updatesBoth = (rule: string, change: Partial<Meeting>): Case => ({
  rule,
  sheet: sheet({ meetings: [meeting(change)] }),
  state: bothInvited(),
  emails: [`update ${A} 1`, `update ${B} 1`],
});

const cases: Case[] = [
  {
    rule: "scheduled with a date → an invitation to every active contact of its groups",
    sheet: sheet(),
    state: emptyState(),
    emails: [`invite ${A} 0`, `invite ${B} 0`],
  },
  {
    rule: "group names match whatever their case and surrounding spaces",
    sheet: sheet({ meetings: [meeting({ invite: [{ type: "group", name: "  health " }] })] }),
    state: emptyState(),
    emails: [`invite ${A} 0`, `invite ${B} 0`],
  },
  {
    rule: "an address named directly is invited, even when it is no contact",
    sheet: sheet({
      meetings: [meeting({ invite: [{ type: "email", email: "Guest@UN.example" }] })],
    }),
    state: emptyState(),
    emails: ["invite guest@un.example 0"],
  },
  {
    rule: "an inactive contact gets nothing, by group or by address",
    sheet: sheet({
      meetings: [
        meeting({
          invite: [
            { type: "group", name: "Health" },
            { type: "email", email: B },
          ],
        }),
      ],
      contacts: [contact(A), contact(B, { active: false })],
    }),
    state: emptyState(),
    emails: [`invite ${A} 0`],
  },
  {
    rule: "a contact named twice is invited once",
    sheet: sheet({
      meetings: [
        meeting({
          invite: [
            { type: "group", name: "Health" },
            { type: "email", email: A },
          ],
        }),
      ],
    }),
    state: emptyState(),
    emails: [`invite ${A} 0`, `invite ${B} 0`],
  },
  {
    rule: "draft → nothing is sent",
    sheet: sheet({ meetings: [meeting({ status: "draft" })] }),
    state: emptyState(),
    emails: [],
  },
  {
    rule: "nothing changed since the invitations → nothing is sent again",
    sheet: sheet(),
    state: bothInvited(),
    emails: [],
  },
  updatesBoth(
    "a change of time after invitations → an update to everyone invited, SEQUENCE one higher",
    { start: "11:00" },
  ),
  updatesBoth("a change of place → an update", { location: "UN House, Gaziantep" }),
  updatesBoth("a change of online link → an update", { online_url: "https://meet.example/x" }),
  updatesBoth("a change of date or time zone → an update", {
    date: "2026-12-11",
    timezone: "Asia/Damascus",
  }),
  updatesBoth("a change of title → an update (the calendar entry carries it)", {
    title_en: "Consultation with UNDP",
  }),
  {
    rule: "a change of agenda only → no update",
    sheet: sheet({ meetings: [meeting({ agenda: "1. Funding" })] }),
    state: bothInvited(),
    emails: [],
  },
  {
    rule: "a contact added to Invite later → their invitation only",
    sheet: sheet({
      meetings: [
        meeting({
          invite: [
            { type: "group", name: "Health" },
            { type: "email", email: "c@un.example" },
          ],
        }),
      ],
    }),
    state: bothInvited(),
    emails: ["invite c@un.example 0"],
  },
  {
    rule: "a contact added after a change joins at the current SEQUENCE",
    sheet: sheet({
      meetings: [
        meeting({
          invite: [
            { type: "group", name: "Health" },
            { type: "email", email: "c@un.example" },
          ],
        }),
      ],
    }),
    state: invitedState(stored({ revision: 2 }), [
      { email: A, sequence: 2 },
      { email: B, sequence: 2 },
    ]),
    emails: ["invite c@un.example 2"],
  },
  {
    rule: "a contact removed from Invite → a cancellation for them alone",
    sheet: sheet({ contacts: [contact(A), contact(B, { groups: [] })] }),
    state: bothInvited(),
    emails: [`cancel ${B} 1`],
  },
  {
    rule: "a contact removed while the meeting changed → a cancellation for them, updates for the rest",
    sheet: sheet({
      meetings: [meeting({ start: "11:00" })],
      contacts: [contact(A), contact(B, { groups: [] })],
    }),
    state: bothInvited(),
    emails: [`update ${A} 1`, `cancel ${B} 1`],
  },
  {
    rule: "a contact added back after a cancellation → invited again with a higher SEQUENCE",
    sheet: sheet(),
    state: invitedState(stored(), [{ email: A }, { email: B, last_kind: "cancel" }]),
    emails: [`invite ${B} 1`],
  },
  {
    rule: "cancelled → a cancellation to everyone invited",
    sheet: sheet({ meetings: [meeting({ status: "cancelled" })] }),
    state: bothInvited(),
    emails: [`cancel ${A} 1`, `cancel ${B} 1`],
  },
  {
    rule: "cancelled → nobody already cancelled hears it twice",
    sheet: sheet({ meetings: [meeting({ status: "cancelled" })] }),
    state: invitedState(stored(), [{ email: A }, { email: B, last_kind: "cancel" }]),
    emails: [`cancel ${A} 1`],
  },
  {
    rule: "cancelled after updates → each invitee's cancellation one above the last SEQUENCE they were sent",
    sheet: sheet({ meetings: [meeting({ status: "cancelled" })] }),
    state: invitedState(stored({ revision: 2 }), [
      { email: A, sequence: 2, last_kind: "update" },
      { email: B, sequence: 1, last_kind: "update" },
    ]),
    emails: [`cancel ${A} 3`, `cancel ${B} 2`],
  },
  {
    rule: "a contact added back after a raised cancellation → invited above the cancellation's SEQUENCE",
    sheet: sheet(),
    state: invitedState(stored(), [{ email: A }, { email: B, sequence: 1, last_kind: "cancel" }]),
    emails: [`invite ${B} 2`],
  },
  {
    rule: "a cancellation already sent is not sent again",
    sheet: sheet({ meetings: [meeting({ status: "cancelled" })] }),
    state: invitedState(stored(), [{ email: A }, { email: B }], {
      sentKeys: [`m1|${A}|cancel|1`],
    }),
    emails: [`cancel ${B} 1`],
  },
  {
    rule: "cancelled before any invitation → nothing is sent",
    sheet: sheet({ meetings: [meeting({ status: "cancelled" })] }),
    state: emptyState(),
    emails: [],
  },
  {
    rule: "back to draft after invitations → treated as cancelled",
    sheet: sheet({ meetings: [meeting({ status: "draft" })] }),
    state: bothInvited(),
    emails: [`cancel ${A} 1`, `cancel ${B} 1`],
  },
  {
    rule: "reminder: N hours before the start, to everyone invited",
    sheet: sheet(),
    state: bothInvited(),
    now: DAY_BEFORE,
    emails: [`reminder ${A} 0`, `reminder ${B} 0`],
  },
  {
    rule: "reminder: not before the window opens",
    sheet: sheet(),
    state: bothInvited(),
    now: new Date("2026-12-09T06:59:00Z"),
    emails: [],
  },
  {
    rule: "reminder: the lead time comes from Settings",
    sheet: sheet({ settings: settings({ reminder_hours: 48 }) }),
    state: bothInvited(),
    now: new Date("2026-12-08T08:00:00Z"),
    emails: [`reminder ${A} 0`, `reminder ${B} 0`],
  },
  {
    rule: "reminder: not to those who declined",
    sheet: sheet(),
    state: invitedState(stored(), [{ email: A }, { email: B, response: "declined" }]),
    now: DAY_BEFORE,
    emails: [`reminder ${A} 0`],
  },
  {
    rule: "reminder: once per invitee and SEQUENCE",
    sheet: sheet(),
    state: bothInvited({ sentKeys: [`m1|${A}|reminder|0`] }),
    now: DAY_BEFORE,
    emails: [`reminder ${B} 0`],
  },
  {
    rule: "reminder: not after the start",
    sheet: sheet(),
    state: bothInvited(),
    now: new Date("2026-12-10T07:30:00Z"),
    emails: [],
  },
  {
    rule: "reminder: not to whoever was invited inside the window (the invitation is the reminder)",
    sheet: sheet(),
    state: invitedState(stored(), [
      { email: A },
      { email: B, updated_at: "2026-12-09T07:30:00.000Z" },
    ]),
    now: DAY_BEFORE,
    emails: [`reminder ${A} 0`],
  },
  {
    // 00:00 in Istanbul is 21:00Z the day before, so at 06:00Z the window of a
    // 10:00 meeting has not opened yet, but an all-day one's has.
    rule: "reminder: an all-day meeting starts at 00:00 local time",
    sheet: sheet({ meetings: [allDay], contacts: [contact(A)] }),
    state: invitedState(stored({ fingerprint: fingerprint(allDay) }), [{ email: A }]),
    now: new Date("2026-12-09T06:00:00Z"),
    emails: [`reminder ${A} 0`],
  },
  {
    rule: "held with a summary → the summary once, to everyone invited",
    sheet: sheet({
      meetings: [meeting({ status: "held", summary_en: "We agreed on three points." })],
    }),
    state: invitedState(stored(), [{ email: A }, { email: B, response: "declined" }]),
    now: DAY_AFTER,
    emails: [`summary ${A} 0`, `summary ${B} 0`],
  },
  {
    rule: "held with a summary, Settings say accepted only → to those who accepted",
    sheet: sheet({
      meetings: [meeting({ status: "held", summary_ar: "اتفقنا على ثلاث نقاط." })],
      settings: settings({ summary_to: "accepted" }),
    }),
    state: invitedState(stored(), [{ email: A, response: "accepted" }, { email: B }]),
    now: DAY_AFTER,
    emails: [`summary ${A} 0`],
  },
  {
    rule: "held with a summary already sent → not again",
    sheet: sheet({ meetings: [meeting({ status: "held", summary_en: "Done." })] }),
    state: bothInvited({ sentKeys: [`m1|${A}|summary|0`, `m1|${B}|summary|0`] }),
    now: DAY_AFTER,
    emails: [],
  },
  {
    rule: "held without a summary → nothing",
    sheet: sheet({ meetings: [meeting({ status: "held" })] }),
    state: bothInvited(),
    now: DAY_AFTER,
    emails: [],
  },
  {
    rule: "held with no date (the old record) → never invited, nothing sent",
    sheet: sheet({ meetings: [meeting({ status: "held", date: null, summary_en: "Notes" })] }),
    state: emptyState(),
    emails: [],
  },
  {
    rule: "a row with problems plans nothing; its last good state stays",
    sheet: sheet({ meetings: [], rejected: [{ row: 2, id: "m1" }] }),
    state: bothInvited(),
    emails: [],
  },
  {
    rule: "a meeting deleted from the sheet → nothing is sent",
    sheet: sheet({ meetings: [] }),
    state: bothInvited(),
    emails: [],
  },
  {
    rule: "suppressed addresses get nothing",
    sheet: sheet(),
    state: { ...emptyState(), suppressed: new Map([[B, "bounce"]]) },
    emails: [`invite ${A} 0`],
  },
  {
    rule: "suppressed addresses get no update either",
    sheet: sheet({ meetings: [meeting({ start: "11:00" })] }),
    state: bothInvited({ suppressed: [[A, "complaint"]] }),
    emails: [`update ${B} 1`],
  },
  {
    rule: "unsubscribed from reminders → no reminder; the others still get theirs",
    sheet: sheet(),
    state: bothInvited({ unsubscribed: [`${A}|reminder`] }),
    now: DAY_BEFORE,
    emails: [`reminder ${B} 0`],
  },
  {
    rule: "unsubscribed from summaries → no summary",
    sheet: sheet({ meetings: [meeting({ status: "held", summary_en: "We agreed." })] }),
    state: bothInvited({ unsubscribed: [`${B}|summary`] }),
    now: DAY_AFTER,
    emails: [`summary ${A} 0`],
  },
  {
    rule: "unsubscribed from reminders and summaries → still invited",
    sheet: sheet(),
    state: { ...emptyState(), unsubscribed: new Set([`${A}|reminder`, `${A}|summary`]) },
    emails: [`invite ${A} 0`, `invite ${B} 0`],
  },
  {
    rule: "unsubscribed from reminders → still told of an update",
    sheet: sheet({ meetings: [meeting({ start: "11:00" })] }),
    state: bothInvited({ unsubscribed: [`${A}|reminder`, `${A}|summary`, `${A}|digest`] }),
    emails: [`update ${A} 1`, `update ${B} 1`],
  },
  {
    rule: "unsubscribed from summaries → still told of a cancellation",
    sheet: sheet({ meetings: [meeting({ status: "cancelled" })] }),
    state: bothInvited({ unsubscribed: [`${A}|summary`, `${A}|reminder`] }),
    emails: [`cancel ${A} 1`, `cancel ${B} 1`],
  },
  {
    rule: "unsubscribed from summaries only → the reminder still goes",
    sheet: sheet(),
    state: bothInvited({ unsubscribed: [`${A}|summary`] }),
    now: DAY_BEFORE,
    emails: [`reminder ${A} 0`, `reminder ${B} 0`],
  },
  {
    rule: "a meeting already over is not invited to",
    sheet: sheet({ meetings: [meeting({ date: "2026-11-01" })] }),
    state: emptyState(),
    emails: [],
  },
  {
    rule: "a meeting whose ID is not yet in the sheet waits for the next sync",
    sheet: sheet({ meetings: [meeting({ id: "new-1", id_proposed: true })] }),
    state: emptyState(),
    emails: [],
  },
];

describe("the plan", () => {
  it.each(cases)("$rule", ({ sheet: s, state, now, emails }) => {
    const result = plan({ sheet: s, state, now: now ?? NOW });
    expect(result.emails.map((e) => `${e.kind} ${e.email} ${e.sequence}`).sort()).toEqual(
      [...emails].sort(),
    );
  });
});

describe("the plan's bookkeeping", () => {
  it("keys each email by meeting, address, kind and SEQUENCE", () => {
    const result = plan({ sheet: sheet(), state: emptyState(), now: NOW });
    expect(result.emails.map((e) => e.key).sort()).toEqual([
      `m1|${A}|invite|0`,
      `m1|${B}|invite|0`,
    ]);
  });

  it("sends each invitee in their own language", () => {
    const result = plan({ sheet: sheet(), state: emptyState(), now: NOW });
    expect(result.emails.map((e) => [e.email, e.language]).sort()).toEqual([
      [A, "ar"],
      [B, "en"],
    ]);
  });

  it("a material change raises the meeting's revision by one", () => {
    const result = plan({
      sheet: sheet({ meetings: [meeting({ start: "11:00" })] }),
      state: bothInvited(),
      now: NOW,
    });
    expect(result.meetingUpdates).toMatchObject([{ id: "m1", revision: 1 }]);
  });

  it("a change before any invitation leaves the revision at 0", () => {
    const state = {
      ...emptyState(),
      meetings: new Map([["m1", stored({ fingerprint: "v1:old" })]]),
    };
    const result = plan({
      sheet: sheet({ meetings: [meeting({ status: "draft" })] }),
      state,
      now: NOW,
    });
    expect(result.meetingUpdates).toMatchObject([{ id: "m1", revision: 0 }]);
  });

  it("remembers each invitee's new calendar state", () => {
    const result = plan({
      sheet: sheet({ contacts: [contact(A), contact(B, { groups: [] })] }),
      state: bothInvited(),
      now: NOW,
    });
    expect(result.invitationUpdates).toEqual([
      { meeting_id: "m1", email: B, language: "en", sequence: 1, last_kind: "cancel" },
    ]);
  });

  it("says in the sync status how many are invited, in Arabic and English", () => {
    const result = plan({ sheet: sheet(), state: emptyState(), now: NOW });
    expect(result.statusByMeeting.get("m1")).toMatchObject({
      ar: "✓ دُعي 2 · 2026-12-01 12:00 UTC+3",
      en: "✓ invited 2 · 2026-12-01 12:00 UTC+3",
      counts: { invited: 2, queued: 2, suppressed: 0, cancelled: 0 },
    });
  });

  it("says in the sync status that a meeting back to draft was treated as cancelled", () => {
    const result = plan({
      sheet: sheet({ meetings: [meeting({ status: "draft" })] }),
      state: bothInvited(),
      now: NOW,
    });
    expect(result.statusByMeeting.get("m1")?.en).toMatch(
      /^⚠ back to draft after invitations: treated as cancelled, 2 notified/,
    );
    expect(result.statusByMeeting.get("m1")?.ar).toMatch(/عُومل كملغى/);
  });

  it("tells the Responses tab why a suppressed address got nothing", () => {
    const state = { ...emptyState(), suppressed: new Map([[B, "unsubscribe" as const]]) };
    const result = plan({ sheet: sheet(), state, now: NOW });
    expect(result.responsesSkipped).toEqual([
      {
        meeting_id: "m1",
        email: B,
        reason: "unsubscribe",
        message: { ar: "لم يُرسل: ألغى الاشتراك", en: "not sent: it unsubscribed" },
      },
    ]);
  });

  it("tells the Responses tab that an address unsubscribed from reminders got none", () => {
    const state = bothInvited({ unsubscribed: [`${A}|reminder`] });
    const result = plan({ sheet: sheet(), state, now: DAY_BEFORE });
    expect(result.responsesSkipped).toEqual([
      {
        meeting_id: "m1",
        email: A,
        reason: "unsubscribe",
        message: {
          ar: "لم يُرسل: ألغى الاشتراك في التذكيرات",
          en: "not sent: it unsubscribed from reminders",
        },
      },
    ]);
  });

  it("counts a summary left out for an unsubscribe in the sync status", () => {
    const state = bothInvited({ unsubscribed: [`${B}|summary`] });
    const held = sheet({ meetings: [meeting({ status: "held", summary_ar: "اتفقنا." })] });
    const result = plan({ sheet: held, state, now: DAY_AFTER });
    expect(result.statusByMeeting.get("m1")?.en).toMatch(
      /^✓ held · summary sent to 1 · 1 not sent \(suppressed\)/,
    );
  });

  it("lists a meeting deleted from the sheet as vanished, and a rejected row not", () => {
    const state = bothInvited();
    state.meetings.set("m2", { ...stored(), id: "m2" });
    const result = plan({
      sheet: sheet({ meetings: [], rejected: [{ row: 3, id: "m2" }] }),
      state,
      now: NOW,
    });
    expect(result.vanished).toEqual(["m1"]);
    // The rejected row is kept as it was: D1 only notes since when it is invalid.
    expect(result.meetingUpdates).toEqual([
      { ...stored(), id: "m2", invalid_since: NOW.toISOString() },
    ]);
  });

  it("warns staff of a deleted meeting whose invitees still hold it in their calendars", () => {
    const result = plan({ sheet: sheet({ meetings: [] }), state: bothInvited(), now: NOW });
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: "meeting.vanished",
        severity: "warning",
        value: "m1",
        message: {
          en: expect.stringContaining("2 invitees still have it"),
          ar: expect.stringContaining("2 من المدعوين"),
        },
      }),
    ]);
    expect(result.emails).toEqual([]);
  });

  it("says nothing of a deleted meeting whose invitations were all cancelled", () => {
    const state = invitedState(stored(), [{ email: A, last_kind: "cancel" }]);
    expect(plan({ sheet: sheet({ meetings: [] }), state, now: NOW }).problems).toEqual([]);
  });

  it("is idempotent: planning again from the recorded keys queues nothing", () => {
    const first = plan({ sheet: sheet(), state: bothInvited(), now: DAY_BEFORE });
    const state = bothInvited({ sentKeys: first.emails.map((e) => e.key) });
    expect(plan({ sheet: sheet(), state, now: DAY_BEFORE }).emails).toEqual([]);
  });
});

describe("the Sync status tells the latest thing that happened", () => {
  const status = (state: StoredState, over: Partial<ParsedSheet> = {}, now = NOW) =>
    plan({ sheet: sheet(over), state, now }).statusByMeeting.get("m1");
  /** Two invited, and D1's latest emails about m1 of the given kinds. */
  const withLatest = (
    kinds: Record<string, number>,
    over: { bounced?: number; unconfirmed?: number; changed?: string } = {},
  ) => {
    const state = invitedState({ ...stored({ revision: 1 }), changed: over.changed ?? null }, [
      { email: A, sequence: 1, last_kind: "update" },
      { email: B, language: "en", sequence: 1, last_kind: "update" },
    ]);
    state.latestMail.set("m1", {
      kinds,
      bounced: over.bounced ?? 0,
      unconfirmed: over.unconfirmed ?? 0,
    });
    return state;
  };

  it("names what a time change changed, in both languages, and remembers it", () => {
    const result = plan({
      sheet: sheet({ meetings: [meeting({ start: "11:00" })] }),
      state: bothInvited(),
      now: NOW,
    });
    expect(result.statusByMeeting.get("m1")).toMatchObject({
      ar: "✓ أُبلغ 2 بالتعديل (الوقت) · 2026-12-01 12:00 UTC+3",
      en: "✓ updated 2 (time) · 2026-12-01 12:00 UTC+3",
    });
    expect(result.meetingUpdates).toMatchObject([{ id: "m1", revision: 1, changed: "time" }]);
  });

  it("names every kind of field that changed, in staff's order", () => {
    const moved = meeting({ location: "Istanbul", date: "2026-12-11" });
    const note = status(bothInvited(), { meetings: [moved] });
    expect(note?.en).toMatch(/^✓ updated 2 \(date, place\) · /);
    expect(note?.ar).toMatch(/^✓ أُبلغ 2 بالتعديل \(التاريخ، المكان\) · /);
  });

  it("keeps saying the update on a later sync that sends nothing", () => {
    const result = plan({
      sheet: sheet(),
      state: withLatest({ update: 2 }, { changed: "time" }),
      now: NOW,
    });
    expect(result.emails).toEqual([]);
    expect(result.statusByMeeting.get("m1")?.en).toBe(
      "✓ updated 2 (time) · 2026-12-01 12:00 UTC+3",
    );
    expect(result.meetingUpdates).toEqual([]);
  });

  it("says a new invitation once it is the latest thing, with everyone invited counted", () => {
    const state = withLatest({ update: 2 }, { changed: "time" });
    const three = [contact(A), contact(B, { language: "en" }), contact("cem@ngo.example")];
    expect(status(state, { contacts: three })?.en).toMatch(/^✓ invited 3 · /);
  });

  it("says the reminders once they went, and keeps saying them", () => {
    expect(status(bothInvited(), {}, DAY_BEFORE)?.en).toMatch(/^✓ reminded 2 · /);
    expect(status(withLatest({ reminder: 2 }), {}, DAY_BEFORE)?.ar).toMatch(
      /^✓ أُرسل التذكير إلى 2 · /,
    );
  });

  it("keeps a cancellation's count on the syncs after it", () => {
    const state = invitedState(stored(), [
      { email: A, last_kind: "cancel" },
      { email: B, last_kind: "cancel" },
    ]);
    state.latestMail.set("m1", { kinds: { cancel: 2 }, bounced: 0, unconfirmed: 0 });
    const note = status(state, { meetings: [meeting({ status: "cancelled" })] });
    expect(note).toMatchObject({ ar: "✕ ملغى · أُبلغ 2 · 2026-12-01 12:00 UTC+3" });
    expect(note?.en).toBe("✕ cancelled · 2 notified · 2026-12-01 12:00 UTC+3");
  });

  it("says how many of the latest emails bounced or are unconfirmed", () => {
    const note = status(withLatest({ update: 2 }, { bounced: 1, unconfirmed: 1, changed: "link" }));
    expect(note?.en).toMatch(/^✓ updated 2 \(link\) · 1 bounced · 1 unconfirmed · /);
    expect(note?.ar).toMatch(/^✓ أُبلغ 2 بالتعديل \(الرابط\) · ارتدّ 1 · غير مؤكد 1 · /);
  });

  it("says just held for a meeting entered as held with no invitees, summary or not", () => {
    for (const summary_en of ["Minutes of the meeting.", null]) {
      // A day already over: a held meeting's summary waits until it has ended.
      const held = [meeting({ status: "held", date: "2026-11-20", summary_en })];
      const note = status(emptyState(), { meetings: held });
      expect(note).toMatchObject({
        ar: "منعقد · 2026-12-01 12:00 UTC+3",
        en: "held · 2026-12-01 12:00 UTC+3",
      });
    }
  });

  it("says the summary went to no one, not to 0, when no invitee accepted", () => {
    const held = [meeting({ status: "held", date: "2026-11-20", summary_en: "Minutes." })];
    const note = status(bothInvited(), {
      meetings: held,
      settings: settings({ summary_to: "accepted" }),
    });
    expect(note?.en).toBe("held · summary sent to no one · 2026-12-01 12:00 UTC+3");
  });
});

describe("the parser's contact index", () => {
  const parsed = parseSheet({
    Meetings: [
      ["ID", "Title (English)", "Date", "Start", "Invite", "Status", "Sync status"],
      ["m1", "x", "2026/12/10", "10:00", "health, guest@un.example", "scheduled"],
    ],
    Contacts: [
      ["Name", "Email", "Language", "Groups", "Active"],
      ["Amal", "Amal@NGO.example", "ar", "Health, HEALTH"],
      ["Bilal", "bilal@ngo.example", "en", "health"],
      ["Gone", "gone@ngo.example", "ar", "Health", "no"],
    ],
    Settings: [["Sender address", "secretariat@network.example"]],
  });

  it("comes with a parsed sheet", () => {
    expect(parsed.contactIndex?.byGroup.get("health")?.map((r) => r.email)).toEqual([
      "amal@ngo.example",
      "bilal@ngo.example",
    ]);
  });

  it("finds the same invitees as an index built from the contacts", () => {
    const [m] = parsed.meetings;
    const mine = parsed.contactIndex;
    if (!m || !mine) throw new Error("the fixture sheet did not parse");
    expect(resolveInvitees(m, mine)).toEqual(resolveInvitees(m, indexContacts(parsed.contacts)));
  });
});

describe("a sheet without a sender address", () => {
  const noSender = sheet({ settings: settings({ sender: null }) });

  it("sends nothing", () => {
    expect(plan({ sheet: noSender, state: emptyState(), now: NOW }).emails).toEqual([]);
  });

  it("remembers nothing, so the mail goes once a sender is written", () => {
    const result = plan({ sheet: noSender, state: emptyState(), now: NOW });
    expect([result.meetingUpdates, result.invitationUpdates]).toEqual([[], []]);
  });

  it("says in the Sync status why nothing was sent", () => {
    const note = plan({ sheet: noSender, state: emptyState(), now: NOW }).statusByMeeting.get("m1");
    expect(note?.en).toMatch(/^⚠ nothing sent: no sender address in Settings/);
    expect(note?.ar).toMatch(/لا عنوان مرسل في الإعدادات/);
  });
});

describe("an ID whose case was edited", () => {
  const storedAs = (id: string, fp = fingerprint(m1)) =>
    invitedState({ ...stored({ fingerprint: fp }), id }, [{ email: A }]);

  it("is the same meeting: nothing is sent when only the case changed", () => {
    const result = plan({ sheet: sheet(), state: storedAs("M1"), now: NOW });
    expect(result.emails.map((e) => `${e.kind} ${e.email}`)).toEqual([`invite ${B}`]);
  });

  it("keeps the first-stored spelling for mail, so the calendar UID stays", () => {
    const result = plan({ sheet: sheet(), state: storedAs("M1", "v1:old"), now: NOW });
    expect(result.emails.map((e) => `${e.kind} ${e.meeting_id}`)).toEqual([
      "update M1",
      "invite M1",
    ]);
    expect(result.meetingUpdates.map((u) => u.id)).toEqual(["M1"]);
  });

  it("keeps the sheet's spelling for its Sync status cell", () => {
    const result = plan({ sheet: sheet(), state: storedAs("M1"), now: NOW });
    expect([...result.statusByMeeting.keys()]).toEqual(["m1"]);
  });

  it("is not vanished", () => {
    expect(plan({ sheet: sheet(), state: storedAs("M1"), now: NOW }).vanished).toEqual([]);
  });
});

describe("meeting start instants", () => {
  it("reads the wall-clock time in the meeting's own zone", () => {
    expect(meetingStart(m1)?.toISOString()).toBe("2026-12-10T07:00:00.000Z");
  });

  it("follows daylight saving time in zones that have it", () => {
    const july = meeting({ date: "2026-07-01", start: "10:00", timezone: "Europe/Berlin" });
    const january = meeting({ date: "2026-01-15", start: "10:00", timezone: "Europe/Berlin" });
    expect(meetingStart(july)?.toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(meetingStart(january)?.toISOString()).toBe("2026-01-15T09:00:00.000Z");
  });
});

describe("a row that was valid and is not now: it keeps its last good version", () => {
  const dateError = {
    tab: "Meetings",
    row: 2,
    column: "Date",
    value: "2027/13/45",
    code: "date.impossible",
    severity: "error" as const,
    message: { ar: "ليس يومًا", en: "not a day" },
  };
  const typo = sheet({ meetings: [], rejected: [{ row: 2, id: "m1" }], problems: [dateError] });

  it("sends nothing new, and is neither vanished nor a problem of the plan", () => {
    const result = plan({ sheet: typo, state: bothInvited(), now: NOW });
    expect(result.emails).toEqual([]);
    expect(result.invitationUpdates).toEqual([]);
    expect(result.vanished).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it("still sends the reminders its last good version is due", () => {
    const result = plan({ sheet: typo, state: bothInvited(), now: DAY_BEFORE });
    expect(result.emails.map((e) => `${e.kind} ${e.email} ${e.sequence}`).sort()).toEqual([
      `reminder ${A} 0`,
      `reminder ${B} 0`,
    ]);
  });

  it("says in its Sync status what is wrong, that nothing changed, and since when", () => {
    const note = plan({ sheet: typo, state: bothInvited(), now: NOW }).statusByMeeting.get("m1");
    expect(note?.en).toBe(
      "⏸ kept as it was: Date: not a day · nothing changed for invitees or the website since 2026-12-01 12:00 UTC+3 · 2026-12-01 12:00 UTC+3",
    );
    expect(note?.ar).toMatch(
      /^⏸ بقي كما كان: Date: ليس يومًا · لم يتغير شيء للمدعوين ولا على الموقع منذ 2026-12-01 12:00/,
    );
    expect(note?.counts).toEqual({ invited: 2, queued: 0, suppressed: 0, cancelled: 0 });
  });

  it("notes since when in D1 once, and keeps that time on later syncs", () => {
    const first = plan({ sheet: typo, state: bothInvited(), now: NOW });
    expect(first.meetingUpdates).toEqual([{ ...stored(), invalid_since: NOW.toISOString() }]);
    const state = bothInvited();
    state.meetings.set("m1", stored({ invalid_since: "2026-11-30T07:00:00.000Z" }));
    const later = plan({ sheet: typo, state, now: NOW });
    expect(later.meetingUpdates).toEqual([]);
    expect(later.statusByMeeting.get("m1")?.en).toMatch(/since 2026-11-30 10:00 UTC\+3 · /);
  });

  it("when fixed back to what it was, sends nothing and forgets that it was invalid", () => {
    const state = bothInvited();
    state.meetings.set("m1", stored({ invalid_since: "2026-11-30T07:00:00.000Z" }));
    const result = plan({ sheet: sheet(), state, now: NOW });
    expect(result.emails).toEqual([]);
    expect(result.meetingUpdates).toEqual([{ ...stored(), changed: null }]);
    expect(result.statusByMeeting.get("m1")?.en).toMatch(/^✓ invited 2/);
  });

  it("when fixed to something new, sends that change as one update each", () => {
    const state = bothInvited();
    state.meetings.set("m1", stored({ invalid_since: "2026-11-30T07:00:00.000Z" }));
    const moved = sheet({ meetings: [meeting({ date: "2026-12-11" })] });
    const result = plan({ sheet: moved, state, now: NOW });
    expect(result.emails.map((e) => `${e.kind} ${e.email} ${e.sequence}`).sort()).toEqual([
      `update ${A} 1`,
      `update ${B} 1`,
    ]);
  });

  it("says nothing of invitees or the website when it has no last good version", () => {
    const state = bothInvited();
    state.meetings.set("m1", { ...stored(), last_good: null });
    const result = plan({ sheet: typo, state, now: DAY_BEFORE });
    expect(result.emails).toEqual([]);
    expect(result.statusByMeeting.get("m1")?.en).toMatch(
      /^✗ Date: not a day · nothing sent to invitees since /,
    );
  });

  it("leaves a row that was never valid to the write-back, as before", () => {
    const never = sheet({ meetings: [], rejected: [{ row: 2, id: "new" }], problems: [dateError] });
    const result = plan({ sheet: never, state: emptyState(), now: NOW });
    expect([...result.statusByMeeting.keys()]).toEqual([]);
    expect(result.meetingUpdates).toEqual([]);
  });

  it("records every valid meeting as its own last good version", () => {
    const result = plan({ sheet: sheet(), state: emptyState(), now: NOW });
    expect(result.meetingUpdates).toMatchObject([{ id: "m1", last_good: m1, invalid_since: null }]);
  });
});

describe("a meeting marked held before it has ended", () => {
  const early = sheet({ meetings: [meeting({ status: "held", summary_en: "We agreed." })] });
  /** 2026-12-10 11:00 Istanbul: the fixture meeting is under way. */
  const DURING = new Date("2026-12-10T08:00:00Z");

  it.each([
    ["days ahead", NOW],
    ["under way", DURING],
  ])("sends no summary while it is %s", (_when, now) => {
    expect(plan({ sheet: early, state: bothInvited(), now }).emails).toEqual([]);
  });

  it("sends its summary once it has ended", () => {
    const result = plan({ sheet: early, state: bothInvited(), now: DAY_AFTER });
    expect(result.emails.map((e) => `${e.kind} ${e.email}`).sort()).toEqual([
      `summary ${A}`,
      `summary ${B}`,
    ]);
    expect(result.problems).toEqual([]);
  });

  it("is a warning on its Status cell, and its Sync status says the summary waits", () => {
    const result = plan({ sheet: early, state: bothInvited(), now: NOW });
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: "status.held_future",
        severity: "warning",
        row: 2,
        message: {
          en: expect.stringContaining("does not end until 2026/12/10 12:00"),
          ar: expect.stringContaining("لا ينتهي قبل 2026/12/10 12:00"),
        },
      }),
    ]);
    expect(result.statusByMeeting.get("m1")?.en).toMatch(
      /^held · the summary goes once it has ended \(2026\/12\/10 12:00\)/,
    );
  });
});
