-- Queue tables churn: every message row is inserted, updated by claims and deleted within seconds. The default
-- autovacuum thresholds (20% of the table) let dead rows and stale statistics pile up until claims scan garbage
-- and plans go wrong; vacuum and analyze after 1% (at least 1,000 rows) instead.
ALTER TABLE messages SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                          autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
ALTER TABLE claims SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                        autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
