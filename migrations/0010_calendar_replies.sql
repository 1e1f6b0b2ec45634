-- Calendar replies (iMIP REPLY, RFC 6047) land where RSVP links land: one
-- answer per invitation in invitations.response, the latest wins, and now its
-- source is kept ('link' or 'calendar'). Answers recorded before this
-- migration came from links.
ALTER TABLE invitations ADD COLUMN response_source TEXT
  CHECK (response_source IN ('link', 'calendar'));
UPDATE invitations SET response_source = 'link' WHERE response IS NOT NULL;

-- rsvps is the history of answers; a calendar reply adds its SEQUENCE, and
-- whether it became the invitation's answer (0: an older version's or older
-- than the answer already recorded, kept as history only). The history is
-- bounded per invitation by the code that inserts (src/rsvp/store.ts).
ALTER TABLE rsvps ADD COLUMN source TEXT NOT NULL DEFAULT 'link'
  CHECK (source IN ('link', 'calendar'));
ALTER TABLE rsvps ADD COLUMN sequence INTEGER;
ALTER TABLE rsvps ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
CREATE INDEX rsvps_invitation ON rsvps (meeting_id, email, id);

-- What the replies address received that was not recorded as an answer:
-- refused messages (reason), forwarded ones, and COUNTER/REFRESH requests,
-- which staff are shown in the Sync log but Liqaa does not act on. The next
-- sync reads the recent ones; the retention sweep may clear old ones.
CREATE TABLE reply_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  outcome TEXT NOT NULL CHECK (outcome IN ('refused', 'forwarded', 'noted')),
  reason TEXT NOT NULL,
  sender TEXT,
  meeting_id TEXT,
  at TEXT NOT NULL
);
CREATE INDEX reply_events_at ON reply_events (at);
