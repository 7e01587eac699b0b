-- One pass of the notification follower over every queue with subscriptions: $1 events per queue at most, due at $2;
-- the notifications made, the events read, and whether events wait behind an older transaction.
SELECT made, read, held FROM follow_subscriptions($1, $2)
