-- 013: reserved for another branch of issue 19 (h-import); the lead drops
-- this placeholder when merging (h-summary's migration is 014).
SELECT 1;
