-- One pass of the notification follower over every queue with subscriptions: $1 events per queue at most, due at $2;
-- the notifications made and the events read.
SELECT made, read FROM follow_subscriptions($1, $2)
