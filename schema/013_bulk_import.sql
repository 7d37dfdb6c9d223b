-- 013: a partner city's import written without per-row audit work
-- (issue 19).
--
-- A partner city's rows are not audited row by row (003: audited = 0); its
-- import is logged as one entry per file (audit_record_import) and proven
-- by the digest of its rows recorded with the delivery
-- (exchange_import.rows_sha256, which 'audit verify' recomputes). Until now
-- every row trigger still evaluated its audit_doc_* view (a three-table
-- join) for every partner row only to find audited = 0.
--
-- ft_audit_bulk() is a per-connection switch (app/store/audit_chain.c): 0,
-- or the id of the partner city whose file the connection is importing
-- right now (set by the exchange import inside its write transaction,
-- refused for the own city by store_audit_bulk_city). The triggers of the
-- tables an import writes test it first, so a partner row costs one
-- function call (district, funder, programme, project, grant: the row's
-- own city_id) or one grant lookup (allocation, booking), and never the
-- view. Rows of any other city, and every write outside an import, take
-- the old test unchanged: the own city's rows are logged exactly as
-- before, and 'audit verify' still compares every own row with its last
-- entry. A connection that does not know ft_audit_bulk() (the sqlite3
-- shell) cannot write these tables at all (003's rule, now also for
-- partner rows).

DROP TRIGGER audit_district_insert;
CREATE TRIGGER audit_district_insert AFTER INSERT ON district
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_district WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'district', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_district WHERE row_id = NEW.id;
END;

DROP TRIGGER audit_district_update_old;
CREATE TRIGGER audit_district_update_old BEFORE UPDATE ON district
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_district WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'district', row_id, doc FROM audit_doc_district WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_district_update;
CREATE TRIGGER audit_district_update AFTER UPDATE ON district
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_district WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'district', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_district v
  LEFT JOIN audit_pending p ON p.table_name = 'district' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'district' AND row_id = OLD.id;
END;

DROP TRIGGER audit_district_delete;
CREATE TRIGGER audit_district_delete BEFORE DELETE ON district
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_district WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'district', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_district WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_funder_insert;
CREATE TRIGGER audit_funder_insert AFTER INSERT ON funder
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_funder WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'funder', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_funder WHERE row_id = NEW.id;
END;

DROP TRIGGER audit_funder_update_old;
CREATE TRIGGER audit_funder_update_old BEFORE UPDATE ON funder
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_funder WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'funder', row_id, doc FROM audit_doc_funder WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_funder_update;
CREATE TRIGGER audit_funder_update AFTER UPDATE ON funder
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_funder WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'funder', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_funder v
  LEFT JOIN audit_pending p ON p.table_name = 'funder' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'funder' AND row_id = OLD.id;
END;

DROP TRIGGER audit_funder_delete;
CREATE TRIGGER audit_funder_delete BEFORE DELETE ON funder
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_funder WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'funder', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_funder WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_programme_insert;
CREATE TRIGGER audit_programme_insert AFTER INSERT ON programme
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_programme WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'programme', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_programme WHERE row_id = NEW.id;
END;

DROP TRIGGER audit_programme_update_old;
CREATE TRIGGER audit_programme_update_old BEFORE UPDATE ON programme
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_programme WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'programme', row_id, doc FROM audit_doc_programme WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_programme_update;
CREATE TRIGGER audit_programme_update AFTER UPDATE ON programme
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_programme WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'programme', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_programme v
  LEFT JOIN audit_pending p ON p.table_name = 'programme' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'programme' AND row_id = OLD.id;
END;

DROP TRIGGER audit_programme_delete;
CREATE TRIGGER audit_programme_delete BEFORE DELETE ON programme
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_programme WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'programme', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_programme WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_project_insert;
CREATE TRIGGER audit_project_insert AFTER INSERT ON project
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_project WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_project WHERE row_id = NEW.id;
END;

DROP TRIGGER audit_project_update_old;
CREATE TRIGGER audit_project_update_old BEFORE UPDATE ON project
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_project WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'project', row_id, doc FROM audit_doc_project WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_project_update;
CREATE TRIGGER audit_project_update AFTER UPDATE ON project
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_project WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_project v
  LEFT JOIN audit_pending p ON p.table_name = 'project' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'project' AND row_id = OLD.id;
END;

DROP TRIGGER audit_project_delete;
CREATE TRIGGER audit_project_delete BEFORE DELETE ON project
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_project WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_project WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_grant_insert;
CREATE TRIGGER audit_grant_insert AFTER INSERT ON "grant"
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_grant WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_grant WHERE row_id = NEW.id;
END;

DROP TRIGGER audit_grant_update_old;
CREATE TRIGGER audit_grant_update_old BEFORE UPDATE ON "grant"
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_grant WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'grant', row_id, doc FROM audit_doc_grant WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_grant_update;
CREATE TRIGGER audit_grant_update AFTER UPDATE ON "grant"
WHEN NEW.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_grant WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_grant v
  LEFT JOIN audit_pending p ON p.table_name = 'grant' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'grant' AND row_id = OLD.id;
END;

DROP TRIGGER audit_grant_delete;
CREATE TRIGGER audit_grant_delete BEFORE DELETE ON "grant"
WHEN OLD.city_id IS NOT ft_audit_bulk()
  AND (SELECT audited FROM audit_doc_grant WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_grant WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_allocation_insert;
CREATE TRIGGER audit_allocation_insert AFTER INSERT ON allocation
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = NEW.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_allocation WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'allocation', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_allocation WHERE row_id = NEW.id;
END;

DROP TRIGGER audit_allocation_update_old;
CREATE TRIGGER audit_allocation_update_old BEFORE UPDATE ON allocation
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = OLD.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_allocation WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'allocation', row_id, doc FROM audit_doc_allocation WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_allocation_update;
CREATE TRIGGER audit_allocation_update AFTER UPDATE ON allocation
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = NEW.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_allocation WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'allocation', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_allocation v
  LEFT JOIN audit_pending p ON p.table_name = 'allocation' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'allocation' AND row_id = OLD.id;
END;

DROP TRIGGER audit_allocation_delete;
CREATE TRIGGER audit_allocation_delete BEFORE DELETE ON allocation
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = OLD.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_allocation WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'allocation', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_allocation WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_booking_insert;
CREATE TRIGGER audit_booking_insert AFTER INSERT ON booking
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = NEW.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_booking WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'booking', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_booking WHERE row_id = NEW.id;
END;

DROP TRIGGER audit_booking_update_old;
CREATE TRIGGER audit_booking_update_old BEFORE UPDATE ON booking
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = OLD.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_booking WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'booking', row_id, doc FROM audit_doc_booking WHERE row_id = OLD.id;
END;

DROP TRIGGER audit_booking_update;
CREATE TRIGGER audit_booking_update AFTER UPDATE ON booking
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = NEW.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_booking WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'booking', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_booking v
  LEFT JOIN audit_pending p ON p.table_name = 'booking' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'booking' AND row_id = OLD.id;
END;

DROP TRIGGER audit_booking_delete;
CREATE TRIGGER audit_booking_delete BEFORE DELETE ON booking
WHEN (ft_audit_bulk() = 0 OR (SELECT city_id FROM "grant" WHERE id = OLD.grant_id) IS NOT ft_audit_bulk())
  AND (SELECT audited FROM audit_doc_booking WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'booking', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_booking WHERE row_id = OLD.id;
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
SELECT 'exchange_indicator', row_id, record_key, audited, doc FROM audit_doc_exchange_indicator
UNION ALL
SELECT 'plan_line', row_id, record_key, audited, doc FROM audit_doc_plan_line
UNION ALL
SELECT 'plan_cover', row_id, record_key, audited, doc FROM audit_doc_plan_cover
UNION ALL
SELECT 'project_booking', row_id, record_key, audited, doc FROM audit_doc_project_booking
UNION ALL
SELECT 'project_booking_share', row_id, record_key, audited, doc FROM audit_doc_project_booking_share
UNION ALL
SELECT 'import_batch', row_id, record_key, audited, doc FROM audit_doc_import_batch
UNION ALL
SELECT 'import_batch_row', row_id, record_key, audited, doc FROM audit_doc_import_batch_row
UNION ALL
SELECT 'retirement', row_id, record_key, audited, doc FROM audit_doc_retirement
UNION ALL
SELECT 'grant_withdrawal', row_id, record_key, audited, doc FROM audit_doc_grant_withdrawal;
