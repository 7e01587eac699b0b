-- Waits that ended before $1: their queues need no more notifications.
DELETE FROM queue_waiters WHERE until < $1
