// The system under test, at the speed of the pure core: the sheet the model
// holds is turned into the workbook the Sheets API would return, parsed and
// planned by the real code in src/, and the plan recorded into an in-memory
// stand-in for what D1 remembers (src/sync/store.ts's recordPlan, row for row:
// the compare-and-swap on the state version first, so a plan made from an
// older state is refused whole; meetings and invitations upserted; the
// outbox's unique key; the answer forgotten on a new invitation; an answer by
// link recorded only for an invitation not cancelled, as recordAnswer does).
// Every email the record inserts is delivered to the invitee's mailbox, with
// the meeting as the sync knew it when it sent.
import { buildSnapshot, type FeedSnapshot, mergeWithPrevious } from "../../../src/feed/snapshot.ts";
import { MEETING_COLUMNS } from "../../../src/sheet/contract.ts";
import { idKey } from "../../../src/sheet/ids.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting, ParsedSheet, Settings, Workbook } from "../../../src/sheet/types.ts";
import { asKnown, invitedIds, keptMeetings, keptRows } from "../../../src/sync/last-good.ts";
import { plan } from "../../../src/sync/plan.ts";
import type {
  EmailKind,
  LatestMail,
  Plan,
  RsvpResponse,
  StoredState,
} from "../../../src/sync/types.ts";
import { emptyState } from "../../worker/sync/fixtures.ts";
import { CONTACTS, type Sheet, ZONE } from "./model.ts";

/** One email as an invitee received it. */
export interface Received {
  /** The sync (1-based) that sent it. */
  sync: number;
  meetingKey: string;
  email: string;
  kind: EmailKind;
  sequence: number;
  /** The calendar entry it carries (the known meeting's material fields); null for a cancel. */
  material: string | null;
}

const COLUMNS = ["id", "title_ar", "title_en", "date", "start", "end", "location", "online_url"];
const MEETING_HEADERS = [...COLUMNS, "invite", "status", "publish"].map(
  (key) => MEETING_COLUMNS.find((c) => c.key === key)!.en,
);

export function workbook(sheet: Sheet): Workbook {
  const meetings = [
    MEETING_HEADERS,
    ...sheet.rows.map((r) => [
      r.id,
      r.titleAr,
      r.titleEn,
      r.date,
      r.time.start,
      r.time.end,
      r.place,
      r.link,
      r.invite.join(", "),
      r.status,
      r.publish,
    ]),
  ];
  const contacts = [
    ["Name", "Email", "Language", "Groups", "Active"],
    ...CONTACTS.map((c, i) => [
      c.email.split("@")[0]!,
      c.email,
      c.language,
      c.groups.join(", "),
      sheet.active[i] ? "yes" : "no",
    ]),
  ];
  const settings = [
    ["Setting", "Value"],
    ["Sender address", sheet.sender ? "secretariat@network.example" : ""],
    ["Default time zone", ZONE],
    ["Reminder lead time (hours)", "24"],
  ];
  return { Meetings: meetings, Contacts: contacts, Settings: settings };
}

/** The calendar fields of a parsed meeting, in the model's shape, for comparison. */
export function materialOf(m: Meeting): string {
  return JSON.stringify({
    date: m.date,
    dateEnd: m.date_end,
    start: m.start,
    end: m.end,
    zone: m.timezone,
    place: m.location,
    link: m.online_url,
    titleAr: m.title_ar,
    titleEn: m.title_en,
  });
}

/** A sync between loading D1 and recording its plan. */
export interface Planned {
  parsed: ParsedSheet;
  decided: Plan;
  known: ParsedSheet;
  /** The state version it was planned from (the compare-and-swap's expected value). */
  version: number;
  now: Date;
}

/** What committing a planned sync did. */
export interface Committed {
  /** Refused by the compare-and-swap: another sync recorded since this one loaded. */
  stale: boolean;
  sent: Received[];
  /** Sheet data row index (0-based) → the ID the sync proposes for its blank ID cell. */
  proposals: Map<number, string>;
}

/** What the runs exercised, summed over every System (printed by the script, so a weak generator shows). */
export const coverage = {
  syncs: 0,
  keptRows: 0,
  stale: 0,
  /** Syncs Google stopped at its read (nothing happened) or at its write-back. */
  readFaults: 0,
  writeFaults: 0,
  proposals: 0,
  answers: 0,
  byKind: {} as Record<string, number>,
};

export class System {
  readonly state: StoredState = emptyState();
  lastGoodSettings: Settings | undefined;
  feed: FeedSnapshot | null = null;
  readonly mail: Received[] = [];
  syncs = 0;

  /** One sync as src/sync/run.ts runs it, minus the I/O. */
  sync(sheet: Sheet, now: Date): Committed {
    return this.commit(this.load(sheet, now));
  }

  /** A sync's first half: the sheet read, D1 loaded, the plan made (nothing written). */
  load(sheet: Sheet, now: Date): Planned {
    const state = this.state;
    const parsed = parseSheet(workbook(sheet), {
      existingIds: new Set(state.meetings.keys()),
      invitedIds: invitedIds(state),
      ...(this.lastGoodSettings ? { lastGoodSettings: this.lastGoodSettings } : {}),
    });
    const decided = plan({ sheet: parsed, state, now });
    const kept = keptRows(parsed, state);
    coverage.keptRows += kept.length;
    return {
      parsed,
      decided,
      known: asKnown(parsed, keptMeetings(kept)),
      version: state.version,
      now,
    };
  }

  /** A sync's second half: record (or be refused), deliver what was inserted, publish. */
  commit({ parsed, decided, known, version, now }: Planned): Committed {
    this.syncs += 1;
    coverage.syncs += 1;
    const inserted = this.record(decided, version, now);
    if (inserted === "stale") {
      // run.ts: "Another sync recorded since this one loaded the state: it owns this round."
      coverage.stale += 1;
      return { stale: true, sent: [], proposals: new Map() };
    }
    const byKey = new Map(known.meetings.map((m) => [idKey(m.id), m]));
    const sent: Received[] = inserted.map((e) => {
      coverage.byKind[e.kind] = (coverage.byKind[e.kind] ?? 0) + 1;
      const m = byKey.get(idKey(e.meeting_id));
      const calendar = e.kind === "invite" || e.kind === "update";
      return {
        sync: this.syncs,
        meetingKey: idKey(e.meeting_id),
        email: e.email,
        kind: e.kind,
        sequence: e.sequence,
        material: calendar && m ? materialOf(m) : null,
      };
    });
    this.mail.push(...sent);
    this.feed = mergeWithPrevious(buildSnapshot(known, now), this.feed);
    if (parsed.settingsTrusted !== false) this.lastGoodSettings = parsed.settings;
    // The write-back writes each proposed ID into its blank cell (header on sheet row 1).
    const proposals = new Map<number, string>();
    for (const m of parsed.meetings) if (m.id_proposed) proposals.set(m.row - 2, m.id);
    coverage.proposals += proposals.size;
    return { stale: false, sent, proposals };
  }

  /** An invitee's answer by link, as recordAnswer stores it; false when it is refused. */
  answer(meetingId: string, email: string, response: RsvpResponse): boolean {
    const inv = this.state.invitations.get(idKey(meetingId))?.get(email);
    if (!inv || inv.last_kind === "cancel") return false;
    inv.response = response;
    coverage.answers += 1;
    return true;
  }

  /** recordPlan's batch, in memory: the emails the outbox inserted, or "stale" when refused whole. */
  private record(p: Plan, version: number, now: Date): Plan["emails"] | "stale" {
    const state = this.state;
    if (p.emails.length + p.meetingUpdates.length + p.invitationUpdates.length === 0) return [];
    if (state.version !== version) return "stale";
    state.version += 1;
    const at = now.toISOString();
    const latest = new Map<string, LatestMail>();
    // INSERT OR IGNORE on the outbox's key: an email already recorded is not sent again.
    const inserted = p.emails.filter((e) => !state.sentKeys.has(e.key));
    for (const e of inserted) {
      state.sentKeys.add(e.key);
      const key = idKey(e.meeting_id);
      const l = latest.get(key) ?? { kinds: {}, bounced: 0, unconfirmed: 0 };
      l.kinds[e.kind] = (l.kinds[e.kind] ?? 0) + 1;
      latest.set(key, l);
    }
    for (const [key, l] of latest) state.latestMail.set(key, l);
    for (const m of p.meetingUpdates) {
      const key = idKey(m.id);
      // ON CONFLICT (id): D1 keeps the row under the spelling first stored.
      const id = state.meetings.get(key)?.id ?? m.id;
      state.meetings.set(key, { ...m, id, changed: m.changed ?? null });
    }
    for (const inv of p.invitationUpdates) {
      const key = idKey(inv.meeting_id);
      let byEmail = state.invitations.get(key);
      if (!byEmail) {
        byEmail = new Map();
        state.invitations.set(key, byEmail);
      }
      const old = byEmail.get(inv.email);
      byEmail.set(inv.email, {
        meeting_id: old?.meeting_id ?? inv.meeting_id,
        email: inv.email,
        language: inv.language,
        sequence: inv.sequence,
        last_kind: inv.last_kind,
        response: inv.last_kind === "invite" ? null : (old?.response ?? null),
        updated_at: at,
      });
    }
    return inserted;
  }

  /** The feed's items now, as "key=ID as listed". */
  published(): Set<string> {
    return new Set((this.feed?.meetings ?? []).map((m) => `${idKey(m.id)}=${m.id}`));
  }
}
