-- The unexpired answer remembered for key $3 of queue $2: the request's hash and the ids it posted.
SELECT request_hash, message_ids FROM idempotency_keys
 WHERE tenant_id = $1 AND queue_name = $2 AND key = $3 AND expires > $4
