// The iTIP rules (RFC 5546) checked by a parser Liqaa does not use to write its
// calendars: Mozilla's ical.js, which Thunderbird reads invitations with. One
// invitee's emails come from the real plan (invite → update → update →
// reminder → cancel, each plan's result fed back as D1 would keep it), are
// rendered by renderMail, read by mailparser, and applied to a small model of
// a calendar client: it acts only on a text/calendar part with a method
// (RFC 6047 §2.4), and only on a newer version of the entry (RFC 5546 §2.1.5).
import ICAL from "ical.js";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { renderMail } from "../../../src/mail/render.ts";
import { MAIL_KIND } from "../../../src/outbox/kinds.ts";
import { idKey } from "../../../src/sheet/ids.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { plan } from "../../../src/sync/plan.ts";
import type { PlannedEmail, StoredInvitation, StoredState } from "../../../src/sync/types.ts";
import { arabicReader, inputFor } from "../../worker/mail/fixtures.ts";
import { contact, emptyState, meeting, sheet } from "../../worker/sync/fixtures.ts";

const A = "amal@ngo.example";

/** What ical.js reads in one calendar part. */
interface Version {
  method: string | null;
  uid: string;
  sequence: number;
  dtstamp: number;
  status: string | null;
  partstat: string | null;
}

function readVersion(ics: string): Version {
  const vcalendar = new ICAL.Component(ICAL.parse(ics));
  const vevents = vcalendar.getAllSubcomponents("vevent");
  expect(vevents).toHaveLength(1);
  const vevent = vevents[0] as ICAL.Component;
  const stamp = vevent.getFirstPropertyValue("dtstamp");
  if (!(stamp instanceof ICAL.Time)) throw new Error("no DTSTAMP");
  const attendee = vevent.getFirstProperty("attendee");
  const method = vcalendar.getFirstPropertyValue("method");
  const status = vevent.getFirstPropertyValue("status");
  const partstat = attendee?.getParameter("partstat");
  return {
    method: typeof method === "string" ? method : null,
    uid: String(vevent.getFirstPropertyValue("uid")),
    sequence: Number(vevent.getFirstPropertyValue("sequence") ?? 0),
    dtstamp: stamp.toJSDate().getTime(),
    status: typeof status === "string" ? status : null,
    partstat: typeof partstat === "string" ? partstat : null,
  };
}

/** One message as a client reads it: its iTIP part (text/calendar with a method), and any other calendar file. */
async function readMessage(raw: string): Promise<{ itip: Version | null; files: Version[] }> {
  const mail = await simpleParser(raw);
  let itip: Version | null = null;
  const files: Version[] = [];
  for (const a of mail.attachments) {
    const type = a.headers.get("content-type") as { value: string; params: Record<string, string> };
    if (!/^(text\/calendar|application\/ics)$/i.test(type.value)) continue;
    const version = readVersion(a.content.toString("utf8"));
    if (type.value.toLowerCase() === "text/calendar" && type.params.method !== undefined) {
      expect(itip).toBeNull();
      expect(version.method).toBe(type.params.method.toUpperCase());
      itip = version;
    } else files.push(version);
  }
  return { itip, files };
}

/** A calendar client's entry for the meeting: the version it keeps, and the invitee's answer in it. */
class Client {
  entry: Version | null = null;

  /** Applies an iTIP message if it is newer than the entry (RFC 5546 §2.1.5); returns whether it did. */
  apply(v: Version): boolean {
    const e = this.entry;
    const newer =
      e === null || v.sequence > e.sequence || (v.sequence === e.sequence && v.dtstamp > e.dtstamp);
    if (!newer) return false;
    this.entry = v;
    return true;
  }

  answer(partstat: string): void {
    if (this.entry) this.entry = { ...this.entry, partstat };
  }
}

/** Runs the plan on one sheet, keeping its result in `state` as recordPlan does in D1. */
function step(state: StoredState, m: Meeting, now: Date): PlannedEmail[] {
  const result = plan({ sheet: sheet({ meetings: [m], contacts: [contact(A)] }), state, now });
  for (const u of result.meetingUpdates) state.meetings.set(idKey(u.id), u);
  for (const u of result.invitationUpdates) {
    const byEmail = state.invitations.get(idKey(u.meeting_id)) ?? new Map();
    const prior = byEmail.get(u.email);
    const next: StoredInvitation = {
      ...u,
      response: prior?.response ?? null,
      updated_at: now.toISOString(),
    };
    byEmail.set(u.email, next);
    state.invitations.set(idKey(u.meeting_id), byEmail);
  }
  for (const e of result.emails) state.sentKeys.add(e.key);
  return result.emails.filter((e) => e.email === A);
}

/** The invitee's emails, in order, with the meeting as it was when each was planned. */
function emailsOverTime(): { email: PlannedEmail; meeting: Meeting; now: Date }[] {
  const state = emptyState();
  const steps: [Meeting, string][] = [
    [meeting(), "2026-12-01T09:00:00Z"],
    [meeting({ start: "11:00", end: "13:00" }), "2026-12-02T09:00:00Z"],
    [meeting({ start: "12:00", end: "14:00" }), "2026-12-03T09:00:00Z"],
    // The reminder window: 24 hours before 12:00 Istanbul (09:00 UTC) on 10 December.
    [meeting({ start: "12:00", end: "14:00" }), "2026-12-09T12:00:00Z"],
    [meeting({ start: "12:00", end: "14:00", status: "cancelled" }), "2026-12-09T13:00:00Z"],
  ];
  return steps.flatMap(([m, iso]) => {
    const now = new Date(iso);
    return step(state, m, now).map((email) => ({ email, meeting: m, now }));
  });
}

async function rendered() {
  const out = [];
  for (const { email, meeting: m, now } of emailsOverTime()) {
    const kind = MAIL_KIND[email.kind];
    const mail = renderMail(
      inputFor(kind, {
        meeting: m,
        contact: { ...arabicReader, email: A },
        sequence: email.sequence,
        now,
        messageId: `<${email.key.replace(/[|@]/g, ".")}@liqaa>`,
      }),
    );
    out.push({ kind: email.kind, sequence: email.sequence, ...(await readMessage(mail.raw)) });
  }
  return out;
}

describe("one invitee's calendar messages, read with ical.js", () => {
  it("are invite, update, update, reminder, cancel, as the plan gives them", async () => {
    expect((await rendered()).map((m) => m.kind)).toEqual([
      "invite",
      "update",
      "update",
      "reminder",
      "cancel",
    ]);
  });

  it("keep one UID, raise SEQUENCE every time, and end in METHOD:CANCEL with STATUS:CANCELLED", async () => {
    const itips = (await rendered()).flatMap((m) => (m.itip ? [m.itip] : []));
    expect(itips.map((v) => v.method)).toEqual(["REQUEST", "REQUEST", "REQUEST", "CANCEL"]);
    expect(new Set(itips.map((v) => v.uid))).toEqual(new Set(["m1@network.example.org"]));
    for (let i = 1; i < itips.length; i++) {
      expect(itips[i]?.sequence).toBeGreaterThan(itips[i - 1]?.sequence ?? Infinity);
    }
    expect(itips.at(-1)?.status).toBe("CANCELLED");
  });

  it("are each applied by a client that keeps only newer versions, the cancellation too", async () => {
    const client = new Client();
    for (const m of await rendered()) {
      if (m.itip) expect(client.apply(m.itip)).toBe(true);
    }
    expect(client.entry?.status).toBe("CANCELLED");
  });

  it("leave the invitee's answer as it was when the reminder comes: the reminder carries no REQUEST", async () => {
    const client = new Client();
    for (const m of await rendered()) {
      if (m.kind === "reminder") {
        // Whatever the reminder carries goes to the client as it would.
        if (m.itip) client.apply(m.itip);
        expect(client.entry?.partstat).toBe("ACCEPTED");
        expect(m.itip).toBeNull();
        // The calendar file is there for whoever lost the entry, naming no method and no attendee.
        expect(m.files.map((f) => [f.uid, f.method, f.partstat])).toEqual([
          ["m1@network.example.org", null, null],
        ]);
        continue;
      }
      if (m.itip) client.apply(m.itip);
      if (m.kind !== "cancel") {
        expect(client.entry?.partstat).toBe("NEEDS-ACTION");
        client.answer("ACCEPTED");
      }
    }
  });
});
