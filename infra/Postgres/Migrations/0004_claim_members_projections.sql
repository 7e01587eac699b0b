-- Claims remember their messages, so a renewal, release, expiry or read of a claim finds them by primary key
-- instead of scanning the queue for claim_id. Messages get sweep_at, a lower bound of expires that claims never
-- move: the sweeper's index is on it, so a claim updates no indexed column and its row updates can stay HOT.
ALTER TABLE claims ADD COLUMN IF NOT EXISTS message_ids uuid[] NOT NULL DEFAULT '{}';

ALTER TABLE messages ADD COLUMN IF NOT EXISTS sweep_at timestamptz;
UPDATE messages SET sweep_at = expires WHERE sweep_at IS NULL;
ALTER TABLE messages ALTER COLUMN sweep_at SET NOT NULL;
ALTER TABLE messages SET (fillfactor = 85);

DROP INDEX IF EXISTS messages_expires;
CREATE INDEX IF NOT EXISTS messages_sweep_at ON messages (sweep_at);

-- From here on the projection functions live in Postgres/Functions/, re-applied at every start-up.
