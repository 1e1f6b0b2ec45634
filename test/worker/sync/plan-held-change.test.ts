// A change made while a row says held (F2, found by the model test): held
// sends no update, so what D1 remembers must stay the version invitees hold,
// or the change is lost when the row says scheduled again.
import { describe, expect, it } from "vitest";
import { idKey } from "../../../src/sheet/ids.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import { plan } from "../../../src/sync/plan.ts";
import type { Plan, StoredState } from "../../../src/sync/types.ts";
import { invitedState, meeting, sheet } from "./fixtures.ts";

const A = "amal@ngo.example";
const B = "bilal@ngo.example";
/** Days before the fixture meeting (2026-12-10 10:00-12:00 Istanbul): held now is a slip. */
const NOW = new Date("2026-12-01T09:00:00Z");
const m1 = meeting();
const moved = { date: "2026-12-11", location: "Istanbul" };

const invited = (): StoredState =>
  invitedState(
    {
      id: "m1",
      fingerprint: fingerprint(m1),
      revision: 0,
      status: "scheduled",
      starts_at: "2026-12-10T07:00:00.000Z",
      last_good: m1,
      invalid_since: null,
    },
    [{ email: A }, { email: B, language: "en" }],
  );

/** D1 after recording `p`'s meeting rows (what recordPlan upserts). */
function recorded(state: StoredState, p: Plan): StoredState {
  const meetings = new Map(state.meetings);
  for (const m of p.meetingUpdates) meetings.set(idKey(m.id), { ...m, changed: m.changed ?? null });
  return { ...state, meetings };
}

describe("a meeting changed while its row says held, before it has ended", () => {
  const held = sheet({ meetings: [meeting({ ...moved, status: "held" })] });

  it("sends nothing and keeps the fingerprint of what invitees were sent", () => {
    const state = invited();
    const result = plan({ sheet: held, state, now: NOW });
    expect(result.emails).toEqual([]);
    for (const m of result.meetingUpdates) {
      expect(m.fingerprint).toBe(fingerprint(m1));
      // The website and a kept row still follow the sheet: the last good version is the new one.
      expect(m.last_good).toMatchObject(moved);
    }
  });

  it("sends the update once the row says scheduled again", () => {
    const state = invited();
    const afterHeld = recorded(state, plan({ sheet: held, state, now: NOW }));
    const again = sheet({ meetings: [meeting(moved)] });
    const result = plan({ sheet: again, state: afterHeld, now: NOW });
    expect(result.emails.map((e) => `${e.kind} ${e.email} ${e.sequence}`).sort()).toEqual([
      `update ${A} 1`,
      `update ${B} 1`,
    ]);
    // The update names what changed against the version invitees hold.
    expect(result.meetingUpdates[0]?.changed).toBeTruthy();
  });
});
