-- Each meeting's calendar UID, fixed the first time an email about it is
-- composed, so every later invitation, update, reminder and cancellation, and
-- the public calendar, name the entry the invitee's calendar holds. New meetings
-- get `<id>@<the sender's domain>` (src/sync/calendar-uids.ts): a domain the
-- deployment owns, so two networks running Liqaa with the same meeting ID do not
-- collide in a shared invitee's calendar. Before this table every UID was
-- `<id>@liqaa`; the meetings that may already be in someone's calendar keep it:
-- every meeting with an email in the outbox, and every one Liqaa saw scheduled,
-- cancelled or held (it may be in the public calendar). Drafts were sent nowhere.
-- meeting_id is spelled as D1 first stored it; IDs compare without case.
CREATE TABLE calendar_uids (
  meeting_id TEXT PRIMARY KEY COLLATE NOCASE,
  uid TEXT NOT NULL,
  created_at TEXT NOT NULL
);

INSERT OR IGNORE INTO calendar_uids (meeting_id, uid, created_at)
SELECT meeting_id, meeting_id || '@liqaa', MIN(created_at)
FROM outbox
WHERE meeting_id <> ''
GROUP BY meeting_id;

INSERT OR IGNORE INTO calendar_uids (meeting_id, uid, created_at)
SELECT id, id || '@liqaa', updated_at
FROM meetings
WHERE status <> 'draft';
