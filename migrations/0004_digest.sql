-- The staff's problem digest goes through the outbox like every other email, so
-- it is sent at most once, retried, and shown when it fails. SQLite cannot
-- change a CHECK, so the outbox is rebuilt with 'digest' among its kinds. A
-- digest row's meeting_id is '' (it is about the whole sheet) and its sequence
-- counts the digests sent for that sheet.
CREATE TABLE outbox_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  meeting_id TEXT NOT NULL,
  email TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('invite', 'update', 'cancel', 'reminder', 'summary', 'digest')),
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
  updated_at TEXT NOT NULL,
  raw TEXT,
  mail_from TEXT
);

INSERT INTO outbox_next (
  id, idempotency_key, meeting_id, email, kind, sequence, language, state, attempts, resends,
  next_attempt_at, enqueued_at, claim_id, claimed_at, sending_at, ses_message_id, last_error,
  run_id, created_at, updated_at, raw, mail_from
)
SELECT
  id, idempotency_key, meeting_id, email, kind, sequence, language, state, attempts, resends,
  next_attempt_at, enqueued_at, claim_id, claimed_at, sending_at, ses_message_id, last_error,
  run_id, created_at, updated_at, raw, mail_from
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox (meeting_id, email);
CREATE INDEX outbox_ses_message ON outbox (ses_message_id);
