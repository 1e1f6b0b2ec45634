-- The outbox keeps the exact message planned for each email: the sync renders
-- and signs it once, the mailer sends these bytes, so a retry is the same
-- message (same Message-ID, same Date). raw is NULL until the sync composed it.
ALTER TABLE outbox ADD COLUMN raw TEXT;
ALTER TABLE outbox ADD COLUMN mail_from TEXT;

-- Small facts the sync remembers between runs (the sheet's tab titles).
CREATE TABLE sync_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
