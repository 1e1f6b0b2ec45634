-- Indexes for the change marker of the unchanged-sheet short cut
-- (src/sync/unchanged.ts): the marker is the latest change of each table a
-- sync's output depends on, MAX(updated_at) or MAX(at) here, MAX(id) where the
-- table has an integer key, and each MAX reads one index entry with these.
-- Not triggers bumping a counter: workerd counts rows a trigger changes in a
-- statement's meta.changes, which recordPlan and the outbox claims read.
CREATE INDEX outbox_updated ON outbox (updated_at);
CREATE INDEX invitations_updated ON invitations (updated_at);
CREATE INDEX meetings_updated ON meetings (updated_at);
CREATE INDEX suppressions_at ON suppressions (at);
CREATE INDEX unsubscribes_at ON unsubscribes (at);
