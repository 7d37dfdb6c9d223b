-- 016: indexes that let a year's budget start from the year (issue 19).
--
-- 'budget --year Y' takes every grant that touches Y: its approval period
-- overlaps Y, or it has an allocation or booking sums in Y. Without these
-- indexes SQLite tested every grant of the database with two look-ups
-- (100,000 grants: 200,000 index searches to find the 25,000 of a year);
-- with them the grants of the year are three index ranges:
-- allocation_year also answers the allocation of each grant of the year
-- without reading the table (it holds the amount), booking_year_year
-- lists the grants with bookings in the year (its columns never change
-- after the row is written, so the booking triggers of 014 do not
-- rewrite it), grant_period the grants whose period ends in or after the
-- year. Indexes only: no audited table changes, nothing to recompute.
CREATE INDEX allocation_year ON allocation (year, grant_id, amount_cents);
CREATE INDEX booking_year_year ON booking_year (year, grant_id);
CREATE INDEX grant_period ON "grant" (period_to, period_from);
