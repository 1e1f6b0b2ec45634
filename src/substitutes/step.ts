// The sync's substitutes step, before the plan: staff's refusals (a cleared
// Substitute cell in the Responses tab this sync read) are recorded, then the
// active substitutes go into the state the plan reads, so each is invited like
// an invitee of their meeting and a refused one gets their copy cancelled.
// A dry run records no refusal (it records nothing), but plans as if it had.

import type { Workbook } from "../sheet/types.ts";
import type { StoredState } from "../sync/types.ts";
import { clearedSubstitutes } from "./cleared.ts";
import { activeByMeeting, allSubstitutes, refuseSubstitutes } from "./store.ts";
import type { Substitute } from "./types.ts";

export async function substitutesStep(
  db: D1Database,
  workbook: Workbook,
  state: StoredState,
  at: Date,
  dryRun: boolean,
  /** Every substitute, when the caller read them with the state (allSubstitutesStatement). */
  stored?: readonly Substitute[],
): Promise<void> {
  const all = stored ?? (await allSubstitutes(db));
  const cleared = clearedSubstitutes(
    workbook,
    all.filter((s) => s.refused_at === null),
  );
  if (cleared.length > 0 && !dryRun) await refuseSubstitutes(db, cleared, at);
  const refused = new Set(cleared.map((c) => `${c.meetingId}|${c.email}`));
  state.substitutes = activeByMeeting(
    all.filter((s) => !refused.has(`${s.meeting_id}|${s.email}`)),
  );
}
