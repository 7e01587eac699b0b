-- The unexpired messages among the ids, locked in id order, the order in which every command that waits for messages
-- locks them (README "Lock order"), so a deleter cannot deadlock with another, with a purge or with a release; the
-- claim is returned only while it is live. A delete takes no other lock: deleting messages touches no other row.
-- delete_messages.sql embeds this statement.
SELECT id, CASE WHEN claim_expires > $4 THEN claim_id END AS claim_id, claim_count, ttl, created, expires
  FROM messages
 WHERE tenant_id = $1 AND queue_name = $2 AND id = ANY ($3) AND expires > $4
 ORDER BY id
   FOR UPDATE
