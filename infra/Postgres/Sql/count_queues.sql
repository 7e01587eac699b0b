-- How many queues the tenant has.
SELECT count(*) FROM queues WHERE tenant_id = $1
