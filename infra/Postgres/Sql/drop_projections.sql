-- Drops the projection tables; they are created again from the projection migrations before a replay.
DROP TABLE IF EXISTS queues, messages, claims, subscriptions CASCADE
