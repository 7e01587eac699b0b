-- The sweeper finds expired subscriptions through this index. Part of the projections (a rebuild runs it again
-- after 0008 has made the table anew).
CREATE INDEX IF NOT EXISTS subscriptions_expires ON subscriptions (expires);
