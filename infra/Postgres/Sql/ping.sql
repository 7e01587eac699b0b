-- Proves the store answers.
SELECT 1
