-- Drops the projection tables; they are created again from Migrations/0002 before a replay.
DROP TABLE IF EXISTS queues, messages, claims CASCADE
