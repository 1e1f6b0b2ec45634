-- Bilateral series (issue 15): one counterpart meets each organisation of a
-- series row's Invite cell in its own slot. One row per (series, organisation):
-- the slot it holds (its day and local start and end, in the series' time
-- zone), whether staff pinned it there (the Schedule tab's Pinned column: a
-- pinned slot is never moved, by the sync or by self-service), and who put it
-- there last (`liqaa` the sync's assignment, `self` the organisation's own
-- choice on its RSVP page, `staff`).
--
-- slot_meeting_id is the organisation's own meeting: the ID its invitations,
-- calendar UID, outbox keys and RSVP links carry (src/series/ids.ts).
--
-- The UNIQUE index on (meeting_id, day, start) is what makes a slot one
-- organisation's: two claims of one slot (two organisations choosing it at the
-- same moment, or a choice racing the sync) cannot both succeed, whatever each
-- of them read before writing; the losing statement fails on the constraint.
CREATE TABLE series_slots (
  meeting_id TEXT NOT NULL,
  org_key TEXT NOT NULL,
  organisation TEXT NOT NULL,
  slot_meeting_id TEXT NOT NULL,
  day TEXT NOT NULL,
  start TEXT NOT NULL,
  end TEXT NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  source TEXT NOT NULL CHECK (source IN ('liqaa', 'self', 'staff')),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (meeting_id, org_key)
);
CREATE UNIQUE INDEX series_slots_time ON series_slots (meeting_id, day, start);
CREATE UNIQUE INDEX series_slots_meeting ON series_slots (slot_meeting_id);
