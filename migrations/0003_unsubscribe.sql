-- One-click unsubscribes (RFC 8058), per address and per kind of mail: an
-- address can stop reminders, summaries or the staff's problem digest and still
-- get invitations, updates and cancellations (they are the point of the
-- network). Bounces and complaints stay in suppressions, which stop everything.
-- The planner skips (email, kind) pairs listed here; the unsubscribe endpoint
-- also rejects that address's queued rows of that kind at once.
CREATE TABLE unsubscribes (
  email TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'summary', 'digest')),
  at TEXT NOT NULL,
  PRIMARY KEY (email, kind)
);
