// Builders for the sync tests: a sheet and a stored state with readable defaults,
// so each case states only what it is about.
import { idKey } from "../../../src/sheet/ids.ts";
import type { Contact, Meeting, ParsedSheet, Settings } from "../../../src/sheet/types.ts";
import type {
  StoredInvitation,
  StoredMeeting,
  StoredState,
  SuppressionReason,
} from "../../../src/sync/types.ts";

export const settings = (over: Partial<Settings> = {}): Settings => ({
  sender: "secretariat@network.example",
  reply_to: null,
  network_name_ar: "الشبكة",
  network_name_en: "The Network",
  timezone: "Europe/Istanbul",
  reminder_hours: 24,
  digest_minutes: 15,
  staff_emails: [],
  public_url: null,
  summary_to: "invited",
  email_languages: "both",
  ...over,
});

export const meeting = (over: Partial<Meeting> = {}): Meeting => ({
  id: "m1",
  id_proposed: false,
  row: 2,
  title_ar: "مشاورات مع أوتشا",
  title_en: "Consultation with OCHA",
  date: "2026-12-10",
  date_end: null,
  start: "10:00",
  end: "12:00",
  timezone: "Europe/Istanbul",
  location: "Gaziantep",
  online_url: null,
  organization: "OCHA",
  counterpart: null,
  kind: "consultation",
  invite: [{ type: "group", name: "Health" }],
  agenda: null,
  status: "scheduled",
  publish: true,
  summary_ar: null,
  summary_en: null,
  ...over,
});

export const contact = (email: string, over: Partial<Contact> = {}): Contact => ({
  row: 2,
  organization: null,
  name: null,
  email,
  language: "ar",
  groups: ["Health"],
  active: true,
  ...over,
});

export const sheet = (over: Partial<ParsedSheet> = {}): ParsedSheet => ({
  meetings: [meeting()],
  rejected: [],
  contacts: [contact("amal@ngo.example"), contact("bilal@ngo.example", { language: "en" })],
  settings: settings(),
  problems: [],
  layout: { meetings: null, contacts: null, settings: null },
  ...over,
});

export const emptyState = (): StoredState => ({
  version: 0,
  meetings: new Map(),
  invitations: new Map(),
  suppressed: new Map(),
  sentKeys: new Set(),
  unsubscribed: new Set(),
  latestMail: new Map(),
});

/** A state in which `invitees` were invited to `stored.id` at SEQUENCE `sequence`, long ago. */
export function invitedState(
  stored: StoredMeeting,
  invitees: Partial<StoredInvitation>[],
  extra: {
    suppressed?: [string, SuppressionReason][];
    sentKeys?: string[];
    /** `email|kind` pairs, as StoredState.unsubscribed holds them. */
    unsubscribed?: string[];
  } = {},
): StoredState {
  const byEmail = new Map<string, StoredInvitation>();
  for (const inv of invitees) {
    const full: StoredInvitation = {
      meeting_id: stored.id,
      email: "amal@ngo.example",
      language: "ar",
      sequence: stored.revision,
      last_kind: "invite",
      response: null,
      updated_at: "2026-11-01T00:00:00.000Z",
      ...inv,
    };
    byEmail.set(full.email, full);
  }
  return {
    version: 3,
    meetings: new Map([[idKey(stored.id), stored]]),
    invitations: new Map([[idKey(stored.id), byEmail]]),
    suppressed: new Map(extra.suppressed ?? []),
    sentKeys: new Set(extra.sentKeys ?? []),
    unsubscribed: new Set(extra.unsubscribed ?? []),
    latestMail: new Map(),
  };
}
