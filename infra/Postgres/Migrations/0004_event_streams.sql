-- Ordered event streams (README "Event streams"), per queue and per tenant. A stream is ordered by the writing
-- transaction, then position, and read only below the oldest transaction still in flight: an event that commits
-- late then still sorts after every event a reader has been given, so no reader skips it (DESIGN §5).
CREATE INDEX IF NOT EXISTS events_queue_stream ON events (tenant_id, queue_name, tx_id, position);
CREATE INDEX IF NOT EXISTS events_tenant_stream ON events (tenant_id, tx_id, position);
