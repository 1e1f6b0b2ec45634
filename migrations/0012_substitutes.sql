-- Substitutes (issue 14, item 4): an invitee who cannot attend names someone
-- to go in their place, with the RSVP page's form or a calendar reply with
-- PARTSTAT=DELEGATED and DELEGATED-TO (RFC 5546 §3.2.2.3). The next sync treats
-- the substitute as an invitee of that meeting (their own invitation, the same
-- calendar UID, the original's language), and the Responses tab shows who
-- replaces whom. Staff refuse one by clearing the Substitute cell of the
-- substitute's own Responses line: refused_at is set, the row stays (so the
-- same person is not named again), and the plan cancels their copy.
--
-- One active substitute per invitation (meeting, original), and one original
-- per active substitute: a replayed POST or a redelivered reply finds the row
-- already there and adds nothing. A refused row no longer counts as active, so
-- the original may then name somebody else.
CREATE TABLE substitutes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL,
  original TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT,
  source TEXT NOT NULL CHECK (source IN ('link', 'calendar')),
  created_at TEXT NOT NULL,
  refused_at TEXT
);
CREATE UNIQUE INDEX substitutes_active_original ON substitutes (meeting_id, original)
  WHERE refused_at IS NULL;
CREATE UNIQUE INDEX substitutes_active_email ON substitutes (meeting_id, email)
  WHERE refused_at IS NULL;
