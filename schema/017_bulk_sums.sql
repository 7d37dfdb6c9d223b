-- 017: a partner city's booking sums written once per import, not per row
-- (issue 19).
--
-- The triggers of 014 kept booking_year row by row: for a partner city's
-- snapshot that was an upsert for every booking written (about 1 us each,
-- 14 % of an import of 100,000 bookings) and an update for every booking
-- the snapshot replaced. While the connection imports a partner city
-- (ft_audit_bulk(), 013: only inside the import's write transaction,
-- never for the own city) its bookings now skip them, and the import
-- recomputes that city's sums from its bookings once before it commits
-- (booking_sums_recompute_city, app/store/booking_sums.c: what
-- booking_year_recomputed holds for the city's grants, in one pass over
-- its bookings). The test is
-- the one of 013's booking audit triggers: every other booking, and every
-- write outside an import, keeps the sums row by row as before, and
-- 'fundtrack doctor' / 'audit verify' still prove them against the
-- bookings. No table changes: nothing to backfill.

DROP TRIGGER booking_year_insert;
CREATE TRIGGER booking_year_insert AFTER INSERT ON booking
WHEN ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = NEW.grant_id) IS NOT ft_audit_bulk()
BEGIN
  INSERT INTO booking_year (year, grant_id, bookings, drawn_cents, spent_cents, repaid_cents,
                            interest_cents, wide, last_date)
  SELECT CAST(substr(NEW.date, 1, 4) AS INTEGER), NEW.grant_id, 1,
         CASE WHEN NEW.kind = 'drawdown' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'expenditure' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'repayment' THEN x.cents ELSE 0 END,
         CASE WHEN NEW.kind = 'interest' THEN x.cents ELSE 0 END,
         x.beyond, NEW.date
  FROM (SELECT CASE WHEN NEW.amount_cents BETWEEN -10000000000000 AND 10000000000000
                    THEN NEW.amount_cents ELSE 0 END AS cents,
               NEW.amount_cents NOT BETWEEN -10000000000000 AND 10000000000000 AS beyond) x
  WHERE 1
  ON CONFLICT (grant_id, year) DO UPDATE SET
    bookings = bookings + 1,
    drawn_cents = drawn_cents + excluded.drawn_cents,
    spent_cents = spent_cents + excluded.spent_cents,
    repaid_cents = repaid_cents + excluded.repaid_cents,
    interest_cents = interest_cents + excluded.interest_cents,
    wide = wide + excluded.wide,
    last_date = max(last_date, excluded.last_date);
END;

DROP TRIGGER booking_year_delete;
CREATE TRIGGER booking_year_delete AFTER DELETE ON booking
WHEN ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = OLD.grant_id) IS NOT ft_audit_bulk()
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
               OLD.amount_cents NOT BETWEEN -10000000000000 AND 10000000000000 AS beyond) x
  WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER) AND grant_id = OLD.grant_id;
  DELETE FROM booking_year
  WHERE year = CAST(substr(OLD.date, 1, 4) AS INTEGER) AND grant_id = OLD.grant_id
    AND bookings = 0;
END;
