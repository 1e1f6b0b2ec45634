// What the RSVP page says about the meeting it answers, read from D1: the
// meeting as the sync last recorded it valid (meetings.last_good, the version
// invitees were sent), when the invitee last answered, and the Settings of the
// last good sync (sync_meta, via rememberedSettings) for the network's name and
// the languages the invitation was written in. Reads only; a meeting recorded
// before last_good existed, or Settings never remembered, give nulls and the
// page says less rather than failing.
import { normalizeEmail } from "../sheet/fields.ts";
import type { Lang, Settings } from "../sheet/types.ts";
import { rememberedSettings } from "../sync/digest.ts";
import type { StoredMeetingText } from "./rsvp-page.ts";

export interface MeetingView {
  meeting: StoredMeetingText | null;
  /** When the answer now in invitations.response was given; null when none was. */
  respondedAt: string | null;
  settings: Settings | null;
}

/**
 * The stored meeting, if it has what the page draws from: an id and a zone
 * (describeTime needs both). Only recordPlan writes last_good, from a parsed
 * Meeting; anything else (a hand edit, text that does not parse) is no meeting,
 * and the page names none rather than failing.
 */
function usable(json: string | null): StoredMeetingText | null {
  let value: unknown = null;
  try {
    value = json === null ? null : JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { id, timezone } = value as Partial<Record<string, unknown>>;
  return typeof id === "string" && typeof timezone === "string"
    ? (value as StoredMeetingText)
    : null;
}

export async function loadMeetingView(
  db: D1Database,
  sheetId: string,
  meetingId: string,
  email: string,
): Promise<MeetingView> {
  const [row, settings] = await Promise.all([
    db
      .prepare(
        `SELECT m.last_good,
           (SELECT i.responded_at FROM invitations i WHERE i.meeting_id = m.id AND i.email = ?2) AS responded_at
         FROM meetings m WHERE m.id = ?1`,
      )
      .bind(meetingId, normalizeEmail(email))
      .first<{ last_good: string | null; responded_at: string | null }>(),
    rememberedSettings(db, sheetId),
  ]);
  return {
    meeting: usable(row?.last_good ?? null),
    respondedAt: row?.responded_at ?? null,
    settings,
  };
}

/**
 * The languages the page speaks, Arabic first: those the invitation was written
 * in (Settings' "which languages emails use": both, or one for everybody,
 * src/mail/render.ts's mailLanguages), or the invitee's own when no Settings
 * were ever remembered.
 */
export function pageLanguages(settings: Settings | null, invitee: Lang): Lang[] {
  const langs = settings?.email_languages ?? invitee;
  return langs === "both" ? ["ar", "en"] : [langs];
}
