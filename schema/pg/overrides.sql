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

-- override: create trigger booking_year_insert
-- 014: in PostgreSQL's upsert a bare column name is ambiguous with
-- excluded's (the row is named by the table's alias), max of two values is
-- greatest (last_date is NOT NULL on both sides), and a comparison is a
-- boolean, not SQLite's 0/1.
CREATE OR REPLACE FUNCTION trg_booking_year_insert() RETURNS trigger LANGUAGE plpgsql AS $ft$
BEGIN
  INSERT INTO booking_year AS y (year, grant_id, bookings, drawn_cents, spent_cents,
                                 repaid_cents, interest_cents, wide, last_date)
  SELECT CAST(substr(NEW.date, 1, 4) AS INTEGER), NEW.grant_id, 1,
         CASE WHEN NEW.kind = 'drawdown' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'expenditure' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'repayment' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'interest' THEN x.cents ELSE 0 END,
         x.beyond, NEW.date
  FROM (SELECT CASE WHEN NEW.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN NEW.amount_cents ELSE 0 END AS cents,
               CASE WHEN NEW.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN 0 ELSE 1 END AS beyond) x
  ON CONFLICT (grant_id, year) DO UPDATE SET
    bookings = y.bookings + 1,
    drawn_cents = y.drawn_cents + excluded.drawn_cents,
    spent_cents = y.spent_cents + excluded.spent_cents,
    repaid_cents = y.repaid_cents + excluded.repaid_cents,
    interest_cents = y.interest_cents + excluded.interest_cents,
    wide = y.wide + excluded.wide,
    last_date = greatest(y.last_date, excluded.last_date);
  RETURN NULL;
END $ft$;
CREATE TRIGGER booking_year_insert AFTER INSERT ON booking FOR EACH ROW EXECUTE FUNCTION trg_booking_year_insert()

-- override: create trigger booking_year_delete
-- 014: beyond as 0/1 (a comparison is a boolean in PostgreSQL).
CREATE OR REPLACE FUNCTION trg_booking_year_delete() RETURNS trigger LANGUAGE plpgsql AS $ft$
BEGIN
  UPDATE booking_year SET
    bookings = bookings - 1,
    drawn_cents = drawn_cents - CASE WHEN OLD.kind = 'drawdown' THEN x.cents ELSE 0 END,
    spent_cents = spent_cents - CASE WHEN OLD.kind = 'expenditure' THEN x.cents ELSE 0 END,
    repaid_cents = repaid_cents - CASE WHEN OLD.kind = 'repayment' THEN x.cents ELSE 0 END,
    interest_cents = interest_cents - CASE WHEN OLD.kind = 'interest' THEN x.cents ELSE 0 END,
    wide = wide - x.beyond,
    last_date = coalesce((SELECT max(b.date) FROM booking b WHERE b.grant_id = OLD.grant_id
                          AND b.date BETWEEN substr(OLD.date, 1, 4) || '-01-01'
                                         AND substr(OLD.date, 1, 4) || '-12-31'), last_date)
  FROM (SELECT CASE WHEN OLD.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN OLD.amount_cents ELSE 0 END AS cents,
               CASE WHEN OLD.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN 0 ELSE 1 END AS beyond) x
  WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER) AND grant_id = OLD.grant_id;
  DELETE FROM booking_year
  WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER) AND grant_id = OLD.grant_id
    AND bookings = 0;
  RETURN NULL;
END $ft$;
CREATE TRIGGER booking_year_delete AFTER DELETE ON booking FOR EACH ROW EXECUTE FUNCTION trg_booking_year_delete()

-- override: create trigger booking_year_insert
-- 017: as 014's, skipped for the partner city being imported (its sums are
-- recomputed once, booking_sums_recompute_city).
CREATE OR REPLACE FUNCTION trg_booking_year_insert() RETURNS trigger LANGUAGE plpgsql AS $ft$
BEGIN
  IF ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = NEW.grant_id)
     IS DISTINCT FROM ft_audit_bulk() THEN
  INSERT INTO booking_year AS y (year, grant_id, bookings, drawn_cents, spent_cents,
                                 repaid_cents, interest_cents, wide, last_date)
  SELECT CAST(substr(NEW.date, 1, 4) AS INTEGER), NEW.grant_id, 1,
         CASE WHEN NEW.kind = 'drawdown' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'expenditure' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'repayment' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'interest' THEN x.cents ELSE 0 END,
         x.beyond, NEW.date
  FROM (SELECT CASE WHEN NEW.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN NEW.amount_cents ELSE 0 END AS cents,
               CASE WHEN NEW.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN 0 ELSE 1 END AS beyond) x
  ON CONFLICT (grant_id, year) DO UPDATE SET
    bookings = y.bookings + 1,
    drawn_cents = y.drawn_cents + excluded.drawn_cents,
    spent_cents = y.spent_cents + excluded.spent_cents,
    repaid_cents = y.repaid_cents + excluded.repaid_cents,
    interest_cents = y.interest_cents + excluded.interest_cents,
    wide = y.wide + excluded.wide,
    last_date = greatest(y.last_date, excluded.last_date);
  END IF;
  RETURN NULL;
END $ft$;
CREATE TRIGGER booking_year_insert AFTER INSERT ON booking FOR EACH ROW EXECUTE FUNCTION trg_booking_year_insert()

-- override: create trigger booking_year_delete
-- 017: as 014's, skipped for the partner city being imported (its sums are
-- recomputed once, booking_sums_recompute_city).
CREATE OR REPLACE FUNCTION trg_booking_year_delete() RETURNS trigger LANGUAGE plpgsql AS $ft$
BEGIN
  IF ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = OLD.grant_id)
     IS DISTINCT FROM ft_audit_bulk() THEN
  UPDATE booking_year SET
    bookings = bookings - 1,
    drawn_cents = drawn_cents - CASE WHEN OLD.kind = 'drawdown' THEN x.cents ELSE 0 END,
    spent_cents = spent_cents - CASE WHEN OLD.kind = 'expenditure' THEN x.cents ELSE 0 END,
    repaid_cents = repaid_cents - CASE WHEN OLD.kind = 'repayment' THEN x.cents ELSE 0 END,
    interest_cents = interest_cents - CASE WHEN OLD.kind = 'interest' THEN x.cents ELSE 0 END,
    wide = wide - x.beyond,
    last_date = coalesce((SELECT max(b.date) FROM booking b WHERE b.grant_id = OLD.grant_id
                          AND b.date BETWEEN substr(OLD.date, 1, 4) || '-01-01'
                                         AND substr(OLD.date, 1, 4) || '-12-31'), last_date)
  FROM (SELECT CASE WHEN OLD.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN OLD.amount_cents ELSE 0 END AS cents,
               CASE WHEN OLD.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN 0 ELSE 1 END AS beyond) x
  WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER) AND grant_id = OLD.grant_id;
  DELETE FROM booking_year
  WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER) AND grant_id = OLD.grant_id
    AND bookings = 0;
  END IF;
  RETURN NULL;
END $ft$;
CREATE TRIGGER booking_year_delete AFTER DELETE ON booking FOR EACH ROW EXECUTE FUNCTION trg_booking_year_delete()
