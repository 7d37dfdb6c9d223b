-- 005: the audit trail (003) for the table of 004: which file each city's
-- data was last imported from. One row per city, so one entry per import
-- next to the import's own entry (audit_record_import). The record is
-- found by its city_id, also when the city is deleted first (a cascade
-- deletes the child row after its parent, so the AGS may be gone then).

CREATE VIEW audit_doc_exchange_import (row_id, record_key, audited, doc) AS
SELECT e.city_id, coalesce(c.ags, '#' || e.city_id), 1,
       json_object('city', c.ags, 'file', e.file, 'sha256', e.sha256, 'version', e.version,
                   'generated', e.generated, 'imported_at', e.imported_at)
FROM exchange_import e LEFT JOIN city c ON c.id = e.city_id;

CREATE TRIGGER audit_exchange_import_insert AFTER INSERT ON exchange_import
WHEN (SELECT audited FROM audit_doc_exchange_import WHERE row_id = NEW.city_id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'exchange_import', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_exchange_import WHERE row_id = NEW.city_id;
END;

CREATE TRIGGER audit_exchange_import_update_old BEFORE UPDATE ON exchange_import
WHEN (SELECT audited FROM audit_doc_exchange_import WHERE row_id = OLD.city_id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'exchange_import', row_id, doc FROM audit_doc_exchange_import
  WHERE row_id = OLD.city_id;
END;

CREATE TRIGGER audit_exchange_import_update AFTER UPDATE ON exchange_import
WHEN (SELECT audited FROM audit_doc_exchange_import WHERE row_id = NEW.city_id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'exchange_import', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_exchange_import v
  LEFT JOIN audit_pending p ON p.table_name = 'exchange_import' AND p.row_id = OLD.city_id
  WHERE v.row_id = NEW.city_id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'exchange_import' AND row_id = OLD.city_id;
END;

CREATE TRIGGER audit_exchange_import_delete BEFORE DELETE ON exchange_import
WHEN (SELECT audited FROM audit_doc_exchange_import WHERE row_id = OLD.city_id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'exchange_import', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_exchange_import WHERE row_id = OLD.city_id;
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
SELECT 'exchange_import', row_id, record_key, audited, doc FROM audit_doc_exchange_import;

-- Rows written between 004 and this migration get their baseline.
INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
SELECT 'exchange_import', row_id, record_key, 'baseline', NULL, doc
FROM audit_doc_exchange_import;
