-- The outbox no longer knows the email kinds: kind has no CHECK, so a new kind
-- of mail needs no table rebuild; the kinds are checked in TypeScript against
-- one constant (src/outbox/kinds.ts). Why a stopped row stopped is a column of
-- its own (stop_reason: 'unsubscribed' or 'suppressed', checked in TypeScript),
-- not a prefix of last_error, which keeps the words shown to people. Rows
-- carry over as they are, ids included, so Queue messages in flight still name
-- their row; the stop reasons are read back once from last_error here.
CREATE TABLE outbox_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  -- '' for a digest, which is about the whole sheet.
  meeting_id TEXT NOT NULL,
  email TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- A meeting email's calendar SEQUENCE (0 for a summary); a digest's number.
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
  stop_reason TEXT,
  run_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- The message as it will be sent; NULL only while it awaits composing (its
  -- meeting's Settings name no sender yet) and after retention cleared a sent one.
  raw TEXT,
  mail_from TEXT
);

INSERT INTO outbox_next (
  id, idempotency_key, meeting_id, email, kind, sequence, language, state, attempts, resends,
  next_attempt_at, enqueued_at, claim_id, claimed_at, sending_at, ses_message_id, last_error,
  stop_reason, run_id, created_at, updated_at, raw, mail_from
)
SELECT
  id, idempotency_key, meeting_id, email, kind, sequence, language, state, attempts, resends,
  next_attempt_at, enqueued_at, claim_id, claimed_at, sending_at, ses_message_id, last_error,
  CASE
    WHEN state = 'rejected' AND last_error LIKE 'unsubscribed:%' THEN 'unsubscribed'
    WHEN state = 'rejected' AND last_error LIKE 'suppressed:%' THEN 'suppressed'
  END,
  run_id, created_at, updated_at, raw, mail_from
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox (meeting_id, email);
CREATE INDEX outbox_ses_message ON outbox (ses_message_id);

-- A sync that read the sheet and sent mail but could not write back is
-- recorded as write_failed, not as a plain failure.
CREATE TABLE sync_runs_next (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_ms INTEGER,
  outcome TEXT NOT NULL DEFAULT 'running' CHECK (
    outcome IN ('running', 'ok', 'failed', 'write_failed', 'skipped')
  ),
  counts TEXT,
  problems TEXT
);
INSERT INTO sync_runs_next (id, started_at, finished_at, duration_ms, outcome, counts, problems)
SELECT id, started_at, finished_at, duration_ms, outcome, counts, problems FROM sync_runs;
DROP TABLE sync_runs;
ALTER TABLE sync_runs_next RENAME TO sync_runs;
CREATE INDEX sync_runs_started ON sync_runs (started_at);

-- SNS may deliver a message more than once: one event per (message, address,
-- kind of event) is kept, so recording is one INSERT OR IGNORE. A message id
-- may be missing, and NULLs are distinct in a UNIQUE index, hence the
-- COALESCE. Copies a race let in before are dropped, the first one kept.
DELETE FROM deliveries WHERE id NOT IN (
  SELECT MIN(id) FROM deliveries GROUP BY COALESCE(ses_message_id, ''), email, event
);
CREATE UNIQUE INDEX deliveries_once ON deliveries (COALESCE(ses_message_id, ''), email, event);
-- The retention sweep deletes old events by time.
CREATE INDEX deliveries_at ON deliveries (at);
