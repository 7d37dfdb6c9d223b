-- overrides.sql: PostgreSQL text for the few migration statements that
-- have no mechanical translation (tools/schema-pg.py). Each block is
-- headed "-- override: <verb> <object>" (the statement's first words, as
-- the translator's --report names them) and replaces that statement.

-- override: update sqlite_schema
-- 012 widens the status CHECK of "grant" by editing SQLite's stored schema
-- (PRAGMA writable_schema); PostgreSQL changes the constraint (its name is
-- PostgreSQL's default for a column CHECK: table_column_check).
ALTER TABLE "grant" DROP CONSTRAINT grant_status_check,
  ADD CONSTRAINT grant_status_check CHECK (status IN ('applied', 'approved', 'rejected',
    'running', 'proof-due', 'closed', 'revoked', 'withdrawn'));

-- override: update sqlite_schema
-- 015 widens the level CHECK of funder the same way (format 1.1's levels).
ALTER TABLE funder DROP CONSTRAINT funder_level_check,
  ADD CONSTRAINT funder_level_check CHECK (level IN ('eu', 'federal', 'state', 'municipal',
    'other-public', 'foundation'));

-- override: insert into import_batch
-- 012: batches of files imported before it, from their audit entries
-- (json_each/json_extract of SQLite as json operators).
INSERT INTO import_batch (kind, file, sha256, records, imported_at, user_name, rows_known)
SELECT (SELECT key FROM json_each(l.new::json -> 'counts')), l.new::json ->> 'file',
       l.new::json ->> 'sha256',
       (SELECT value::text::bigint FROM json_each(l.new::json -> 'counts')), l.at, l.user_name, 0
FROM audit_log l
WHERE l.table_name = 'import' AND l.action = 'import'
  AND l.record_key = (SELECT ags FROM city WHERE own = 1)
  AND (SELECT count(*) FROM json_each(l.new::json -> 'counts')) = 1
  AND (SELECT key FROM json_each(l.new::json -> 'counts')) IN ('grants', 'bookings', 'projects')
ORDER BY l.id;

-- override: create view audit_append
-- 003: the columns of SQLite's NULL view are untyped; PostgreSQL would
-- make them all text, and row_id goes into a BIGINT column.
CREATE VIEW audit_append (table_name, row_id, record_key, action, old, new) AS
SELECT NULL::text, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text WHERE false;

-- override: create view funder_default_terms
-- 009, as translated (named here only because 015 needs its own block).
CREATE VIEW funder_default_terms (funder_id, terms) AS
SELECT f.id, CASE f.level WHEN 'municipal' THEN 'own' WHEN 'state' THEN 'anbest-g-nrw'
             ELSE 'anbest-gk' END
FROM funder f

-- override: drop view funder_default_terms
-- 015: SQLite drops and re-creates the view and keeps programme_terms and
-- grant_terms, which use it; PostgreSQL would refuse the drop, or drop
-- them too with CASCADE. It replaces the view in place instead (below).

-- override: create view funder_default_terms
-- 015: the levels of format 1.1 (same columns, so it can be replaced).
CREATE OR REPLACE VIEW funder_default_terms (funder_id, terms) AS
SELECT f.id, CASE f.level WHEN 'municipal' THEN 'own' WHEN 'foundation' THEN 'own'
             WHEN 'state' THEN 'anbest-g-nrw' ELSE 'anbest-gk' END
FROM funder f
