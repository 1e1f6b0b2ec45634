// The sheet the plan reads for a series: one meeting per organisation at its
// slot, the series row inviting nobody, a departed organisation's meeting
// cancelled, and an invalid series row's organisations kept as D1 had them.
import { describe, expect, it } from "vitest";
import type { AssignedSlot } from "../../../src/series/assign.ts";
import { expandSheet, type SeriesView } from "../../../src/series/expand.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import type { StoredMeeting } from "../../../src/sync/types.ts";
import { emptyState, meeting, sheet } from "../sync/fixtures.ts";

const series = meeting({
  id: "S1",
  kind: "bilateral_series",
  date: "2027-03-01",
  date_end: "2027-03-02",
  start: "09:00",
  end: "12:00",
  series: { slot_minutes: 45, break_minutes: 0 },
  invite: [{ type: "group", name: "Bodies" }],
});

const slot = (n: number, start: string): AssignedSlot => ({
  day: "2027-03-01",
  start,
  end: `${start.slice(0, 3)}45`,
  organisation: {
    key: `body ${n}`,
    name: `Body ${n}`,
    invitees: [{ email: `a@b${n}.org`, language: "en" }],
  },
  slotMeetingId: `S1~00000${n}`,
  pinned: false,
});

const view = (slots: AssignedSlot[]): SeriesView => ({
  meeting: series,
  storedId: "S1",
  slots,
  capacity: 8,
  unplaced: 0,
});

const stored = (m: ReturnType<typeof meeting>): StoredMeeting => ({
  id: m.id,
  fingerprint: fingerprint(m),
  revision: 0,
  status: m.status,
  starts_at: null,
  last_good: m,
  invalid_since: null,
});

describe("expanding a series for the plan", () => {
  it("gives each organisation its own meeting at its slot, and the series row nobody", () => {
    const out = expandSheet(sheet({ meetings: [series] }), emptyState(), [
      view([slot(1, "09:00"), slot(2, "10:00")]),
    ]);
    expect(out.meetings.map((m) => [m.id, m.date, m.start, m.end, m.invite.length])).toEqual([
      ["S1", "2027-03-01", "09:00", "12:00", 0],
      ["S1~000001", "2027-03-01", "09:00", "09:45", 1],
      ["S1~000002", "2027-03-01", "10:00", "10:45", 1],
    ]);
    const one = out.meetings[1]!;
    expect(one).toMatchObject({
      kind: "bilateral",
      date_end: null,
      title_en: "Consultation with OCHA · Body 1",
      invite: [{ type: "email", email: "a@b1.org" }],
    });
    expect(one).not.toHaveProperty("series");
  });

  it("keeps a departed organisation's meeting, cancelled", () => {
    const state = emptyState();
    const gone = {
      ...expandSheet(sheet({ meetings: [series] }), state, [view([slot(3, "11:00")])]).meetings[1]!,
    };
    state.meetings.set("s1~000003", stored(gone));
    const out = expandSheet(sheet({ meetings: [series] }), state, [view([slot(1, "09:00")])]);
    expect(out.meetings.map((m) => [m.id, m.status])).toEqual([
      ["S1", "scheduled"],
      ["S1~000001", "scheduled"],
      ["S1~000003", "cancelled"],
    ]);
  });

  it("keeps an invalid series row's organisations as D1 last had them", () => {
    const state = emptyState();
    state.meetings.set("s1", stored(series));
    const one = expandSheet(sheet({ meetings: [series] }), state, [view([slot(1, "09:00")])])
      .meetings[1]!;
    state.meetings.set("s1~000001", stored(one));
    const out = expandSheet(sheet({ meetings: [], rejected: [{ row: 2, id: "S1" }] }), state, []);
    expect(out.meetings).toEqual([one]);
  });

  it("leaves a sheet without a series as it is", () => {
    const plain = sheet({ meetings: [meeting()] });
    expect(expandSheet(plain, emptyState(), []).meetings).toEqual(plain.meetings);
  });
});
