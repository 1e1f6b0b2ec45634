-- What a meeting's last update changed (date, time, zone, place, link, title:
-- a comma list, src/sync/changes.ts), so its Sync status can keep saying
-- "updated 15 (time)" after the update went. Known only from the sync that
-- made the update: it compares the old fingerprint with the new one, and the
-- old one is overwritten then. NULL for meetings updated before this column.
ALTER TABLE meetings ADD COLUMN changed TEXT;
