-- Keys whose window ended before $1.
DELETE FROM idempotency_keys WHERE expires <= $1
