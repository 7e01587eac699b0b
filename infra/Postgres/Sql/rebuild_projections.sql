-- Replays the whole log into freshly created projection tables (DESIGN §4); see Migrations/0002.
SELECT replay_projections()
