-- 002: proofs of use as they are submitted to the funder. An interim proof
-- (Zwischennachweis) covers one fiscal year the grant ran through; the final
-- proof (Verwendungsnachweis) covers the whole approval period. The rule
-- checks and the deadline list stop asking for a proof once it is recorded.

CREATE TABLE proof (
  id             INTEGER PRIMARY KEY,
  grant_id       INTEGER NOT NULL REFERENCES "grant" (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('interim', 'final')),
  year           INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2199),
  submitted_date TEXT NOT NULL CHECK (date(submitted_date, '+0 days') IS submitted_date),
  note           TEXT,
  CHECK ((kind = 'interim') = (year IS NOT NULL))
) STRICT;
-- One interim proof per grant and year, one final proof per grant.
CREATE UNIQUE INDEX proof_once ON proof (grant_id, kind, coalesce(year, 0));
