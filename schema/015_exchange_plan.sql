-- 015: the financing plan and the project bookings travel in the exchange
-- format 1.1, and the funder levels of 1.1 are stored (issues 14 and 16).
--
-- Funder levels: other-public (other public bodies: Kreis,
-- Landschaftsverband, Bundesagentur fuer Arbeit, Jobcenter, chambers) and
-- foundation (Stiftung, church and welfare funds, lotteries) join the CHECK
-- of funder.level. As 012 did for the grant status, the CHECK is widened in
-- place (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds
-- Of Table Schema Changes": allowed for constraints every existing row
-- already satisfies); a table rebuild would cascade-delete programmes,
-- grants and bookings, since foreign keys stay on inside the migration.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''eu'', ''federal'', ''state'', ''municipal'')',
                  '''eu'', ''federal'', ''state'', ''municipal'', ''other-public'', ''foundation'')')
WHERE type = 'table' AND name = 'funder';
PRAGMA writable_schema = RESET;

-- The terms a programme of such a funder has when it names none (009):
-- other public bodies grant under public law, like the Bund, so ANBest-Gk
-- (an assumption: a Landschaftsverband may prescribe its own); a foundation
-- grants under private law by its own contract, so no statutory terms
-- ('own': no ancillary provisions are assumed; the decision's terms, when
-- recorded, hold).
DROP VIEW funder_default_terms;
CREATE VIEW funder_default_terms (funder_id, terms) AS
SELECT f.id, CASE f.level WHEN 'municipal' THEN 'own' WHEN 'foundation' THEN 'own'
             WHEN 'state' THEN 'anbest-g-nrw' ELSE 'anbest-gk' END
FROM funder f;

-- A partner city's project booking keeps the id it has in its own city's
-- ledger (the file's booking id, unique within the project), as booking
-- does since 004: a file passed on then carries the same ids. NULL for the
-- own city's bookings (their id is the row id).
ALTER TABLE project_booking ADD COLUMN source_id INTEGER
  CHECK (source_id IS NULL OR source_id > 0);
CREATE UNIQUE INDEX project_booking_source ON project_booking (project_id, source_id)
  WHERE source_id IS NOT NULL;
