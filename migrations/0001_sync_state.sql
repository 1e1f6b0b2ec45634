-- Liqaa's sync state: what was last seen of each meeting, who was invited at
-- which SEQUENCE, the outbox of emails with their delivery state, what SES and
-- invitees told us afterwards, and a record of each sync run.
-- Emails are stored lower-cased: one address is one invitee, however it is typed.

-- A single row bumped by every recorded plan. A plan records only if the
-- version it was computed from is still current (compare-and-swap, enforced by
-- the trigger below), so two overlapping syncs cannot both move the state.
CREATE TABLE state_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO state_version (id, version) VALUES (1, 0);

CREATE TRIGGER state_version_compare_and_swap
BEFORE UPDATE OF version ON state_version
WHEN NEW.version <> OLD.version + 1
BEGIN
  SELECT RAISE(ABORT, 'liqaa: stale state, the plan was computed from an older version');
END;

-- What Liqaa last saw of each meeting. revision counts material changes after
-- the first invitation went out (0 until then).
CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'cancelled', 'held')),
  starts_at TEXT,
  updated_at TEXT NOT NULL
);

-- One row per (meeting, invitee) ever invited. sequence is the calendar
-- SEQUENCE last sent to this invitee; last_kind 'cancel' means no longer invited.
CREATE TABLE invitations (
  meeting_id TEXT NOT NULL,
  email TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('ar', 'en')),
  sequence INTEGER NOT NULL,
  last_kind TEXT NOT NULL CHECK (last_kind IN ('invite', 'update', 'cancel')),
  response TEXT CHECK (response IN ('accepted', 'declined', 'tentative')),
  responded_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (meeting_id, email)
);

-- Every email Liqaa means to send, once per idempotency key
-- (meeting|email|kind|sequence). States:
--   pending -> claimed -> sent | failed_transient (-> retried, then dead)
--                      | rejected (permanent) | unconfirmed (sent, no answer)
-- unconfirmed and dead rows go back to pending only by a staff resend.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  meeting_id TEXT NOT NULL,
  email TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('invite', 'update', 'cancel', 'reminder', 'summary')),
  sequence INTEGER NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('ar', 'en')),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (
    state IN ('pending', 'claimed', 'sent', 'failed_transient', 'dead', 'rejected', 'unconfirmed')
  ),
  attempts INTEGER NOT NULL DEFAULT 0,
  resends INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  enqueued_at TEXT,
  claim_id TEXT,
  claimed_at TEXT,
  sending_at TEXT,
  ses_message_id TEXT,
  last_error TEXT,
  run_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox (meeting_id, email);
CREATE INDEX outbox_ses_message ON outbox (ses_message_id);

-- What SES reported after accepting a message (SNS events).
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ses_message_id TEXT,
  email TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('delivery', 'bounce', 'complaint', 'reject')),
  permanent INTEGER NOT NULL DEFAULT 0,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX deliveries_message ON deliveries (ses_message_id);

-- Addresses that get nothing more.
CREATE TABLE suppressions (
  email TEXT PRIMARY KEY,
  reason TEXT NOT NULL CHECK (reason IN ('bounce', 'complaint', 'unsubscribe')),
  detail TEXT,
  at TEXT NOT NULL
);

-- Every RSVP click, in order; invitations.response holds the latest.
CREATE TABLE rsvps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL,
  email TEXT NOT NULL,
  response TEXT NOT NULL CHECK (response IN ('accepted', 'declined', 'tentative')),
  at TEXT NOT NULL
);

CREATE TABLE sync_runs (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_ms INTEGER,
  outcome TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'failed', 'skipped')),
  counts TEXT,
  problems TEXT
);
CREATE INDEX sync_runs_started ON sync_runs (started_at);
