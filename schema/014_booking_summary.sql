-- 014: the sums of the bookings per grant, fiscal year and kind (issue 19).
--
-- booking_year holds, for every grant and year with at least one booking,
-- the number of bookings and the net sum of each kind (Abgerufen,
-- Verausgabt, Zurückgezahlt, Zinsen; reversals included, so they net out),
-- and the day of the year's last booking. 'budget', 'plan', 'check' and the
-- reports read these sums instead of every booking; 'fundtrack doctor'
-- proves they equal the bookings.
--
-- The triggers below keep it in the transaction of every booking written
-- or removed, whatever path writes it: 'book' and its reversals, the
-- grants' shares of a project booking (schema/011: each share is an
-- ordinary booking row, written once and never re-split; a reversal of a
-- project booking reverses every share with new rows), the reversals an
-- undone CSV import writes (schema/012), and the snapshot of a partner
-- city that an exchange import replaces (which deletes its bookings).
-- Bookings are never updated (booking_immutable, 001), so an insert and a
-- delete trigger are all it takes.
--
-- An amount beyond the money domain (100.000.000.000,00 €, money.h: only a
-- database written before that limit can hold one) is not added to the
-- sums but counted in 'wide': a reader then sums that grant's bookings of
-- the year one by one, as before, and reports an overflow naming the grant.
--
-- Derived data, not an entry of the city: no audit triggers (the bookings
-- it sums are audited); 'fundtrack doctor' recomputes it.
CREATE TABLE booking_year (
  year           INTEGER NOT NULL CHECK (year BETWEEN 0 AND 9999),
  grant_id       INTEGER NOT NULL REFERENCES "grant" (id) ON DELETE CASCADE,
  bookings       INTEGER NOT NULL CHECK (bookings >= 0),
  drawn_cents    INTEGER NOT NULL DEFAULT 0,
  spent_cents    INTEGER NOT NULL DEFAULT 0,
  repaid_cents   INTEGER NOT NULL DEFAULT 0,
  interest_cents INTEGER NOT NULL DEFAULT 0,
  wide           INTEGER NOT NULL DEFAULT 0 CHECK (wide >= 0),
  last_date      TEXT NOT NULL,
  PRIMARY KEY (grant_id, year)
) STRICT;

-- Amounts within the money domain (MONEY_DOMAIN_MAX, app/base/money.h).
CREATE VIEW booking_in_domain (id, grant_id, year, date, kind, amount_cents, wide) AS
SELECT id, grant_id, CAST(substr(date, 1, 4) AS INTEGER), date, kind,
       CASE WHEN amount_cents BETWEEN -10000000000000 AND 10000000000000
            THEN amount_cents ELSE 0 END,
       amount_cents NOT BETWEEN -10000000000000 AND 10000000000000
FROM booking;

-- What booking_year must hold, computed from the bookings: the backfill
-- below and 'fundtrack doctor' (app/store/summary.c) read it.
CREATE VIEW booking_year_recomputed (year, grant_id, bookings, drawn_cents, spent_cents,
                                     repaid_cents, interest_cents, wide, last_date) AS
SELECT year, grant_id, count(*),
       sum(CASE WHEN kind = 'drawdown' THEN amount_cents ELSE 0 END),
       sum(CASE WHEN kind = 'expenditure' THEN amount_cents ELSE 0 END),
       sum(CASE WHEN kind = 'repayment' THEN amount_cents ELSE 0 END),
       sum(CASE WHEN kind = 'interest' THEN amount_cents ELSE 0 END),
       sum(wide), max(date)
FROM booking_in_domain GROUP BY year, grant_id;

INSERT INTO booking_year (year, grant_id, bookings, drawn_cents, spent_cents, repaid_cents,
                          interest_cents, wide, last_date)
SELECT year, grant_id, bookings, drawn_cents, spent_cents, repaid_cents, interest_cents, wide,
       last_date
FROM booking_year_recomputed;

-- The triggers use NEW and OLD directly (no look-up of the row): they run
-- for every booking an import writes. The CASEs are booking_in_domain's.
CREATE TRIGGER booking_year_insert AFTER INSERT ON booking
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

-- After the delete, the year's last day is recomputed from the other
-- bookings of the grant's year (booking_grant_date makes that a short
-- range); a year left without bookings loses its row.
CREATE TRIGGER booking_year_delete AFTER DELETE ON booking
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
