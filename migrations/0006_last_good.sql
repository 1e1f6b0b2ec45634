-- A row keeps its last good version. When an edit makes a meeting's row
-- invalid (a typo in its Date, a cleared Status), the sync must not treat the
-- meeting as gone: the feed, the calendar, the meeting page and pending
-- reminders keep serving what the row last said when it was valid, and nothing
-- is sent for it until it is fixed. last_good is that version, the parsed
-- meeting as JSON, written by every sync that finds the row valid;
-- invalid_since is when the row first stopped being valid (an ISO instant),
-- NULL while it is valid. Meetings recorded before this migration have no
-- last good version until the next sync that finds them valid.
ALTER TABLE meetings ADD COLUMN last_good TEXT;
ALTER TABLE meetings ADD COLUMN invalid_since TEXT;
