-- 008 (assigned number 013, renumbered here to build): deliveries of the network (issue 16): a delivery's place in the
-- order of its city's deliveries, its metadata, and the proof that the
-- imported rows are still what the delivery brought.
--
-- Format 1.1 files carry a reporting cut-off date and a sequence number per
-- city (1.0 files are ordered by their generated time); the import refuses
-- an older delivery, or one with the number of the held delivery but other
-- content (exchange_import.c). rows_sha256 is the SHA-256 of the city's
-- imported rows in a canonical order (exchange_rows_digest in
-- exchange_write.h: the rows written as an exchange document with a fixed
-- header), taken when the delivery was imported; 'audit verify' recomputes
-- it. NULL for rows imported before this migration (nothing to compare).
ALTER TABLE exchange_import ADD COLUMN cutoff TEXT
  CHECK (cutoff IS NULL OR date(cutoff, '+0 days') IS cutoff);
ALTER TABLE exchange_import ADD COLUMN sequence INTEGER
  CHECK (sequence IS NULL OR sequence > 0);
ALTER TABLE exchange_import ADD COLUMN contact_name TEXT;
ALTER TABLE exchange_import ADD COLUMN contact_email TEXT;
ALTER TABLE exchange_import ADD COLUMN contact_phone TEXT;
ALTER TABLE exchange_import ADD COLUMN software TEXT;
ALTER TABLE exchange_import ADD COLUMN population_date TEXT
  CHECK (population_date IS NULL OR date(population_date, '+0 days') IS population_date);
-- a delivery passed on by another city: who forwarded it, and when
ALTER TABLE exchange_import ADD COLUMN forwarded_ags TEXT;
ALTER TABLE exchange_import ADD COLUMN forwarded_name TEXT;
ALTER TABLE exchange_import ADD COLUMN forwarded_at TEXT;
ALTER TABLE exchange_import ADD COLUMN rows_sha256 TEXT
  CHECK (rows_sha256 IS NULL OR (length(rows_sha256) = 64 AND rows_sha256 NOT GLOB '*[^0-9a-f]*'));
-- 1 when the import overrode the order or identity checks (--force, --rename)
ALTER TABLE exchange_import ADD COLUMN forced INTEGER NOT NULL DEFAULT 0
  CHECK (forced IN (0, 1));

-- The indicators of format 1.1: participants reached per year and field,
-- of imported cities (the own city has no command to enter them yet).
CREATE TABLE exchange_indicator (
  city_id      INTEGER NOT NULL REFERENCES city (id) ON DELETE CASCADE,
  year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
  field        TEXT NOT NULL CHECK (field IN ('housing', 'health', 'language',
                                              'qualification', 'social-work')),
  participants INTEGER NOT NULL CHECK (participants BETWEEN 0 AND 2147483647),
  PRIMARY KEY (city_id, year, field)
) STRICT;

-- The audit document of exchange_import gains the new columns; json_patch
-- leaves out those that are NULL, so the document of a row written before
-- this migration stays byte for byte what the log holds.
DROP VIEW audit_doc_exchange_import;
CREATE VIEW audit_doc_exchange_import (row_id, record_key, audited, doc) AS
SELECT e.city_id, coalesce(c.ags, '#' || e.city_id), 1,
       json_patch(json_object('city', c.ags, 'file', e.file, 'sha256', e.sha256,
                              'version', e.version, 'generated', e.generated,
                              'imported_at', e.imported_at),
                  json_object('cutoff', e.cutoff, 'sequence', e.sequence,
                              'contact_name', e.contact_name,
                              'contact_email', e.contact_email,
                              'contact_phone', e.contact_phone, 'software', e.software,
                              'population_date', e.population_date,
                              'forwarded_ags', e.forwarded_ags,
                              'forwarded_name', e.forwarded_name,
                              'forwarded_at', e.forwarded_at,
                              'rows_sha256', e.rows_sha256,
                              'forced', nullif(e.forced, 0)))
FROM exchange_import e LEFT JOIN city c ON c.id = e.city_id;

-- The audit trail (003) for exchange_indicator, as 005 has it for
-- exchange_import: the rows are found by their rowid.
CREATE VIEW audit_doc_exchange_indicator (row_id, record_key, audited, doc) AS
SELECT i.rowid, coalesce(c.ags, '#' || i.city_id) || '/' || i.year || '/' || i.field, 1,
       json_object('city', c.ags, 'year', i.year, 'field', i.field,
                   'participants', i.participants)
FROM exchange_indicator i LEFT JOIN city c ON c.id = i.city_id;

CREATE TRIGGER audit_exchange_indicator_insert AFTER INSERT ON exchange_indicator
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'exchange_indicator', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_exchange_indicator WHERE row_id = NEW.rowid;
END;

CREATE TRIGGER audit_exchange_indicator_update_old BEFORE UPDATE ON exchange_indicator
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'exchange_indicator', row_id, doc FROM audit_doc_exchange_indicator
  WHERE row_id = OLD.rowid;
END;

CREATE TRIGGER audit_exchange_indicator_update AFTER UPDATE ON exchange_indicator
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'exchange_indicator', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_exchange_indicator v
  LEFT JOIN audit_pending p ON p.table_name = 'exchange_indicator' AND p.row_id = OLD.rowid
  WHERE v.row_id = NEW.rowid AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'exchange_indicator' AND row_id = OLD.rowid;
END;

CREATE TRIGGER audit_exchange_indicator_delete BEFORE DELETE ON exchange_indicator
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'exchange_indicator', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_exchange_indicator WHERE row_id = OLD.rowid;
END;

DROP VIEW audit_docs;
CREATE VIEW audit_docs (table_name, row_id, record_key, audited, doc) AS
SELECT 'city', row_id, record_key, audited, doc FROM audit_doc_city
UNION ALL
SELECT 'district', row_id, record_key, audited, doc FROM audit_doc_district
UNION ALL
SELECT 'funder', row_id, record_key, audited, doc FROM audit_doc_funder
UNION ALL
SELECT 'programme', row_id, record_key, audited, doc FROM audit_doc_programme
UNION ALL
SELECT 'project', row_id, record_key, audited, doc FROM audit_doc_project
UNION ALL
SELECT 'grant', row_id, record_key, audited, doc FROM audit_doc_grant
UNION ALL
SELECT 'allocation', row_id, record_key, audited, doc FROM audit_doc_allocation
UNION ALL
SELECT 'booking', row_id, record_key, audited, doc FROM audit_doc_booking
UNION ALL
SELECT 'proof', row_id, record_key, audited, doc FROM audit_doc_proof
UNION ALL
SELECT 'setting', row_id, record_key, audited, doc FROM audit_doc_setting
UNION ALL
SELECT 'exchange_import', row_id, record_key, audited, doc FROM audit_doc_exchange_import
UNION ALL
SELECT 'base_rate', row_id, record_key, audited, doc FROM audit_doc_base_rate
UNION ALL
SELECT 'grant_condition', row_id, record_key, audited, doc FROM audit_doc_grant_condition
UNION ALL
SELECT 'grant_amendment', row_id, record_key, audited, doc FROM audit_doc_grant_amendment
UNION ALL
SELECT 'check_ack', row_id, record_key, audited, doc FROM audit_doc_check_ack
UNION ALL
SELECT 'terms', row_id, record_key, audited, doc FROM audit_doc_terms
UNION ALL
SELECT 'exchange_indicator', row_id, record_key, audited, doc FROM audit_doc_exchange_indicator;
