-- A claim lives on the messages it holds (issue 13): claim_id and claim_expires were already there; claim_ttl and
-- claim_grace join them (the claim's age is claim_expires - claim_ttl), and the claims table, which repeated the
-- membership as a list of ids, goes. A claim whose messages are all gone (deleted, expired, moved) is gone with them,
-- as in Zaqar's own message store: reading or renewing it is a 404. Live claims of an existing log move onto their
-- messages here. Part of the projections: a rebuild runs it again after Migrations/0014 (then the claims table 0002
-- made is empty).
ALTER TABLE messages ADD COLUMN IF NOT EXISTS claim_ttl integer;
ALTER TABLE messages ADD COLUMN IF NOT EXISTS claim_grace integer;
DO $$
BEGIN
    IF to_regclass('claims') IS NOT NULL THEN
        UPDATE messages m SET claim_ttl = c.ttl, claim_grace = c.grace
          FROM claims c
         WHERE m.tenant_id = c.tenant_id AND m.queue_name = c.queue_name AND m.id = ANY (c.message_ids) AND m.claim_id = c.id;
        DROP TABLE claims;
    END IF;
END $$;
-- claim_ttl is set exactly while claim_id is (a claim the first version left without its row is ended here).
UPDATE messages SET claim_id = NULL, claim_expires = NULL WHERE claim_id IS NOT NULL AND claim_ttl IS NULL;
-- A message whose claim ended (released, expired, moved) is in neither index. A claim's messages are found by its id
-- (renew, release, read, lock) through a key that leads with it, as the keys of Migrations/0012 lead with theirs: a
-- statement that names a claim descends only to its messages. The claims due for the sweeper are found by expiry
-- through an index partial on `claim_ttl > 0` (every claimed message), which only a statement stating it can use (the
-- sweeper's, Sql/find_expired.sql): were it usable by the statements that name a claim, a plan made on stale statistics
-- could walk every live claim for one (issue 10).
CREATE INDEX IF NOT EXISTS messages_claim ON messages (claim_id, tenant_id, queue_name) WHERE claim_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_claim_expires ON messages (claim_expires) WHERE claim_ttl > 0;
