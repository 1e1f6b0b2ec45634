// An organisation's slot choice on its RSVP page against the real D1: the GET
// offers the free slots of its series (and none when staff pinned it), a POST
// moves the slot by one conditional UPDATE, two organisations choosing one
// free slot at once get one success and one "taken" page listing the slots
// still free, a replayed POST changes nothing, and a pinned slot is neither
// moved nor taken. Pages are read with HTMLRewriter (read-page.ts).
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { signRsvp } from "../../../src/delivery/links.ts";
import { createApp } from "../../../src/http/app.ts";
import { rsvpRoutes } from "../../../src/rsvp/routes.ts";
import { claimSlot, loadSlots } from "../../../src/series/store.ts";
import type { Meeting } from "../../../src/sheet/types.ts";
import { meeting as fixture } from "../mail/fixtures.ts";
import { readSlots } from "./read-slots.ts";

const db = env.DB;
const secret = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;
const now = new Date("2027-03-01T06:00:00Z");
const expires = Math.floor(Date.parse("2027-06-01T00:00:00Z") / 1000);
const app = createApp().route("/", rsvpRoutes({ now: () => now }));
const request = (path: string, init?: RequestInit) => app.request(path, init, env);

const S = "S-1";
/** A two-day window of four 45-minute slots a day, 15 minutes between them. */
const series: Meeting = {
  ...fixture,
  id: S,
  kind: "bilateral_series",
  date: "2027-03-10",
  date_end: "2027-03-11",
  start: "09:00",
  end: "12:45",
  series: { slot_minutes: 45, break_minutes: 15 },
};
const ORGS = {
  a: { email: "huda@basma.example.org", day: "2027-03-10", start: "09:00", end: "09:45" },
  b: { email: "omar@amal.example.org", day: "2027-03-10", start: "10:00", end: "10:45" },
  c: { email: "rana@sham.example.org", day: "2027-03-10", start: "11:00", end: "11:45" },
} as const;
type Org = keyof typeof ORGS;
const slotId = (org: Org) => `${S}~${org}`;

beforeEach(async () => {
  const at = "2027-02-01T00:00:00Z";
  await db.batch([
    db.prepare("DELETE FROM series_slots"),
    db.prepare("DELETE FROM invitations"),
    db.prepare("DELETE FROM meetings"),
    db
      .prepare(
        "INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at, last_good) VALUES (?, 'f', 0, 'scheduled', ?, ?, ?)",
      )
      .bind(S, "2027-03-10T06:00:00Z", at, JSON.stringify(series)),
    ...(Object.keys(ORGS) as Org[]).flatMap((org) => {
      const o = ORGS[org];
      const own = { ...series, id: slotId(org), kind: "bilateral", date_end: null, ...o };
      return [
        db
          .prepare(
            "INSERT INTO meetings (id, fingerprint, revision, status, starts_at, updated_at, last_good) VALUES (?, 'f', 0, 'scheduled', ?, ?, ?)",
          )
          .bind(slotId(org), "2027-03-10T06:00:00Z", at, JSON.stringify(own)),
        db
          .prepare(
            "INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at) VALUES (?, ?, 'en', 0, 'invite', ?)",
          )
          .bind(slotId(org), o.email, at),
      ];
    }),
  ]);
  for (const org of Object.keys(ORGS) as Org[]) {
    const { day, start, end } = ORGS[org];
    const claimed = await claimSlot(
      db,
      {
        meetingId: S,
        orgKey: org,
        organisation: org.toUpperCase(),
        slotMeetingId: slotId(org),
        day,
        start,
        end,
        pinned: org === "c",
        source: "liqaa",
      },
      now,
    );
    expect(claimed).toEqual({ ok: true });
  }
});

const token = (org: Org) =>
  signRsvp(secret, {
    meetingId: slotId(org),
    email: ORGS[org].email,
    response: "accepted",
    expires,
  });

const choose = async (org: Org, slot: string, from?: string) => {
  const body = new URLSearchParams({ slot, from: from ?? `${ORGS[org].day}T${ORGS[org].start}` });
  return request(`/rsvp/${await token(org)}/slot`, { method: "POST", body });
};

const held = async () =>
  Object.fromEntries(
    (await loadSlots(db, S)).map((s) => [
      s.orgKey,
      `${s.day}T${s.start}${s.pinned ? " pinned" : ""}`,
    ]),
  );

const FREE = [
  "2027-03-10T12:00",
  "2027-03-11T09:00",
  "2027-03-11T10:00",
  "2027-03-11T11:00",
  "2027-03-11T12:00",
];

describe("the slot choice on an organisation's RSVP page", () => {
  it("offers the free slots of its series, and its own slot as the one to move from", async () => {
    const response = await request(`/rsvp/${await token("a")}`);
    expect(response.status).toBe(200);
    const read = await readSlots(response);
    expect(read.values).toEqual(FREE);
    expect(read.from).toBe("2027-03-10T09:00");
  });

  it("offers a pinned organisation no choice, and refuses a POST from it", async () => {
    expect((await readSlots(await request(`/rsvp/${await token("c")}`))).values).toEqual([]);
    const refused = await choose("c", "2027-03-11T09:00");
    expect(refused.status).toBe(409);
    expect((await readSlots(refused)).notice).toContain("the secretariat set it");
    expect((await held()).c).toBe("2027-03-10T11:00 pinned");
  });

  it("moves the slot, and a replayed POST changes nothing more", async () => {
    const moved = await choose("a", "2027-03-11T10:00");
    expect(moved.status).toBe(200);
    const read = await readSlots(moved);
    expect(read.notice).toContain("Your slot is moved");
    expect(read.values).toEqual([
      "2027-03-10T09:00",
      "2027-03-10T12:00",
      "2027-03-11T09:00",
      "2027-03-11T11:00",
      "2027-03-11T12:00",
    ]);
    const before = await db
      .prepare("SELECT updated_at FROM series_slots WHERE org_key = 'a'")
      .first<{ updated_at: string }>();
    const replay = await choose("a", "2027-03-11T10:00");
    expect(replay.status).toBe(200);
    expect((await readSlots(replay)).notice).toContain("already your slot");
    // A replay of an older page after a later move is stale: it does not move it back.
    expect((await choose("a", "2027-03-11T11:00", "2027-03-11T10:00")).status).toBe(200);
    const stale = await choose("a", "2027-03-11T10:00");
    expect(stale.status).toBe(409);
    expect((await held()).a).toBe("2027-03-11T11:00");
    expect(before?.updated_at).toBe(now.toISOString());
  });

  it("two organisations choosing one free slot at the same moment: one gets it, the other is told it is taken", async () => {
    const [a, b] = await Promise.all([
      choose("a", "2027-03-11T09:00"),
      choose("b", "2027-03-11T09:00"),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner: Org = a.status === 200 ? "a" : "b";
    const read = await readSlots(loser);
    expect(read.notice).toContain("Another organisation took that slot");
    expect(read.values).not.toContain("2027-03-11T09:00");
    const rows = await db
      .prepare("SELECT org_key FROM series_slots WHERE meeting_id = ? AND day = ? AND start = ?")
      .bind(S, "2027-03-11", "09:00")
      .all<{ org_key: string }>();
    expect(rows.results).toEqual([{ org_key: winner }]);
  });

  it("never takes a pinned slot, nor an occupied or unknown time", async () => {
    const pinned = await choose("a", "2027-03-10T11:00");
    expect(pinned.status).toBe(409);
    const taken = await choose("a", "2027-03-10T10:00");
    expect(taken.status).toBe(409);
    expect((await choose("a", "2027-03-10T09:30")).status).toBe(400);
    expect((await choose("a", "nonsense")).status).toBe(400);
    expect(await held()).toEqual({
      a: "2027-03-10T09:00",
      b: "2027-03-10T10:00",
      c: "2027-03-10T11:00 pinned",
    });
  });

  it("an invitation that is not a series slot has no slot choice", async () => {
    await db
      .prepare(
        "INSERT INTO invitations (meeting_id, email, language, sequence, last_kind, updated_at) VALUES (?, 'x@example.org', 'en', 0, 'invite', ?)",
      )
      .bind(S, now.toISOString())
      .run();
    const t = await signRsvp(secret, {
      meetingId: S,
      email: "x@example.org",
      response: "accepted",
      expires,
    });
    expect((await readSlots(await request(`/rsvp/${t}`))).values).toEqual([]);
    const body = new URLSearchParams({ slot: "2027-03-11T09:00", from: "2027-03-10T09:00" });
    expect((await request(`/rsvp/${t}/slot`, { method: "POST", body })).status).toBe(404);
  });

  it("neither offers nor takes a slot that has begun", async () => {
    // 12:30 in Damascus on the first day: its 12:00 slot has begun.
    const later = createApp().route(
      "/",
      rsvpRoutes({ now: () => new Date("2027-03-10T09:30:00Z") }),
    );
    const t = await token("a");
    const page = await later.request(`/rsvp/${t}`, {}, env);
    expect((await readSlots(page)).values).toEqual(FREE.slice(1));
    const body = new URLSearchParams({ slot: FREE[0] ?? "", from: "2027-03-10T09:00" });
    const refused = await later.request(`/rsvp/${t}/slot`, { method: "POST", body }, env);
    expect(refused.status).toBe(400);
    // Said as it is: the slot has begun, not "not a slot of this series".
    expect((await readSlots(refused)).notice).toContain("has begun or is over");
    expect((await held()).a).toBe("2027-03-10T09:00");
  });

  it("moves nothing once the organisation's meeting is cancelled", async () => {
    await db
      .prepare("UPDATE meetings SET status = 'cancelled' WHERE id = ?")
      .bind(slotId("a"))
      .run();
    const refused = await choose("a", "2027-03-11T09:00");
    expect(refused.status).toBe(400);
    expect((await readSlots(refused)).values).toEqual([]);
    expect((await held()).a).toBe("2027-03-10T09:00");
  });
});
