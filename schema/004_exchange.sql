-- 004: the XML exchange between the cities of the network.
--
-- Imported bookings keep the id they have in the sending city's ledger
-- (source_id), unique within their grant: it is how the next file of that
-- city says which booking is the same, changed or gone. Bookings entered
-- here (and those taken over with --as-own, which keep their number as
-- id) have none.
ALTER TABLE booking ADD COLUMN source_id INTEGER
  CHECK (source_id IS NULL OR source_id > 0);
CREATE UNIQUE INDEX booking_source ON booking (grant_id, source_id)
  WHERE source_id IS NOT NULL;

-- The file a city's data was last imported from: one row per imported city
-- (and for the own city when it was taken over with --as-own).
CREATE TABLE exchange_import (
  city_id     INTEGER PRIMARY KEY REFERENCES city (id) ON DELETE CASCADE,
  file        TEXT NOT NULL CHECK (length(file) > 0),   -- as named on the command line
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  version     TEXT NOT NULL,                            -- format version of the file
  generated   TEXT NOT NULL,                            -- when the sender wrote it
  imported_at TEXT NOT NULL                             -- UTC, 2026-11-24T09:15:02Z
) STRICT;
