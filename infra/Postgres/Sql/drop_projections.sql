-- Drops the projection tables; they are created again from the projection migrations before a replay. (The claims
-- table of a log from before Migrations/0016 is among them.)
DROP TABLE IF EXISTS queues, messages, claims, subscriptions CASCADE
