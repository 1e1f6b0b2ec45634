-- The queue composes. The first sync of a network plans every invitation at
-- once (300 meetings × their invitees), and rendering each message (MIME and
-- iCalendar) inside the cron invocation does not fit one Workers Free
-- invocation's CPU. So the sync records, beside each outbox row it plans, what
-- composing that row needs, and the mail consumer renders the row just before
-- sending it, a Queue batch at a time (src/delivery/compose.ts).
--
-- mail_inputs holds one sync's inputs, normalised: under ref 'context' the
-- Settings, the links' base and the instant the plan was made (the message's
-- Date and DTSTAMP); under 'm:<meeting id as the row spells it>' the meeting as
-- invitees know it; under 'c:<address>' the contact. An outbox row names the
-- snapshot it is composed from in input_snapshot (the sync's run id); once its
-- message is stored (raw), the snapshot is no longer needed, and a later sync
-- deletes snapshots no row awaiting its message names. Rows with neither a
-- message nor a snapshot wait, as before, for a sync that can compose them.
CREATE TABLE mail_inputs (
  snapshot TEXT NOT NULL,
  ref TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (snapshot, ref)
);

ALTER TABLE outbox ADD COLUMN input_snapshot TEXT;
CREATE INDEX outbox_input_snapshot ON outbox (input_snapshot) WHERE raw IS NULL;
