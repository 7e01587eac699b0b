-- The writing transaction of each message's post: with its position, the key of the event that holds its body
-- (0004). Part of the projections: a rebuild runs it again after Migrations/0002.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS tx_id xid8;
UPDATE messages m SET tx_id = e.tx_id FROM events e WHERE m.tx_id IS NULL AND e.tenant_id = m.tenant_id AND e.position = m.position;
ALTER TABLE messages ALTER COLUMN tx_id SET NOT NULL;
