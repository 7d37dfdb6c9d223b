-- 012: import batches, retired master
-- data and withdrawn grants (issue 15).
--
-- import_batch: one row per CSV file imported with 'fundtrack import-csv':
-- its kind, file name, SHA-256 of its bytes, when and by whom. The same
-- content imported again for the same kind is refused unless --again (an
-- undone batch does not count). import_batch_row names every grant,
-- booking or project a batch added, with its line in the file, so that
-- 'import-csv --undo BATCH' can reverse exactly that batch. Batches and
-- their rows are never deleted; undoing sets undone_at/undone_by once.
CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('grants', 'bookings', 'projects')),
  file        TEXT NOT NULL CHECK (length(file) > 0),
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  records     INTEGER NOT NULL CHECK (records >= 0),
  imported_at TEXT NOT NULL,            -- UTC, 2026-11-24T09:15:02Z
  user_name   TEXT NOT NULL,
  -- 0: a file imported before this migration, known only from its audit
  -- entry; which records it added was not recorded, so it cannot be undone
  rows_known  INTEGER NOT NULL DEFAULT 1 CHECK (rows_known IN (0, 1)),
  undone_at   TEXT,
  undone_by   TEXT,
  CHECK ((undone_at IS NULL) = (undone_by IS NULL))
) STRICT;
CREATE INDEX import_batch_content ON import_batch (sha256, kind);

CREATE TABLE import_batch_row (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES import_batch (id),
  table_name  TEXT NOT NULL CHECK (table_name IN ('grant', 'booking', 'project')),
  record_id   INTEGER NOT NULL,
  line        INTEGER NOT NULL CHECK (line > 0),
  UNIQUE (table_name, record_id)
) STRICT;
CREATE INDEX import_batch_row_batch ON import_batch_row (batch_id);

CREATE TRIGGER import_batch_kept BEFORE DELETE ON import_batch
BEGIN
  SELECT RAISE(ABORT, 'import batches are kept for the history: undo one instead');
END;
CREATE TRIGGER import_batch_undone_once BEFORE UPDATE ON import_batch
WHEN OLD.undone_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind
  OR NEW.file IS NOT OLD.file OR NEW.sha256 IS NOT OLD.sha256
  OR NEW.records IS NOT OLD.records OR NEW.imported_at IS NOT OLD.imported_at
  OR NEW.user_name IS NOT OLD.user_name OR NEW.rows_known IS NOT OLD.rows_known
BEGIN
  SELECT RAISE(ABORT, 'an import batch only changes once, when it is undone');
END;
CREATE TRIGGER import_batch_row_immutable BEFORE UPDATE ON import_batch_row
BEGIN
  SELECT RAISE(ABORT, 'the records of an import batch are kept as they were imported');
END;
CREATE TRIGGER import_batch_row_kept BEFORE DELETE ON import_batch_row
BEGIN
  SELECT RAISE(ABORT, 'the records of an import batch are kept as they were imported');
END;

-- Retired master data: a city, district, funder or programme that is no
-- longer used stays for the history (its grants and figures are kept) but
-- leaves pick lists and completion and takes no new children.
CREATE TABLE retirement (
  id          INTEGER PRIMARY KEY,
  table_name  TEXT NOT NULL CHECK (table_name IN ('city', 'district', 'funder', 'programme')),
  record_id   INTEGER NOT NULL,
  retired_at  TEXT NOT NULL,            -- UTC
  UNIQUE (table_name, record_id)
) STRICT;

-- No new children for retired records: a project newly in a retired
-- district, a programme newly of a retired funder, a grant newly under a
-- retired programme, a district, funder, programme or project of a retired
-- city (an exchange file of a city that left the network).
CREATE TRIGGER retired_district_project BEFORE INSERT ON project
WHEN NEW.district_id IN (SELECT record_id FROM retirement WHERE table_name = 'district')
BEGIN
  SELECT RAISE(ABORT, 'the district is retired and takes no new projects (see ''fundtrack district list --all'')');
END;
CREATE TRIGGER retired_district_project_update BEFORE UPDATE OF district_id ON project
WHEN NEW.district_id IS NOT OLD.district_id
  AND NEW.district_id IN (SELECT record_id FROM retirement WHERE table_name = 'district')
BEGIN
  SELECT RAISE(ABORT, 'the district is retired and takes no new projects (see ''fundtrack district list --all'')');
END;
CREATE TRIGGER retired_funder_programme BEFORE INSERT ON programme
WHEN NEW.funder_id IN (SELECT record_id FROM retirement WHERE table_name = 'funder')
BEGIN
  SELECT RAISE(ABORT, 'the funder is retired and takes no new programmes (see ''fundtrack funder list --all'')');
END;
CREATE TRIGGER retired_funder_programme_update BEFORE UPDATE OF funder_id ON programme
WHEN NEW.funder_id IS NOT OLD.funder_id
  AND NEW.funder_id IN (SELECT record_id FROM retirement WHERE table_name = 'funder')
BEGIN
  SELECT RAISE(ABORT, 'the funder is retired and takes no new programmes (see ''fundtrack funder list --all'')');
END;
CREATE TRIGGER retired_programme_grant BEFORE INSERT ON "grant"
WHEN NEW.programme_id IN (SELECT record_id FROM retirement WHERE table_name = 'programme')
BEGIN
  SELECT RAISE(ABORT, 'the programme is retired and takes no new grants (see ''fundtrack programme list --all'')');
END;
CREATE TRIGGER retired_programme_grant_update BEFORE UPDATE OF programme_id ON "grant"
WHEN NEW.programme_id IS NOT OLD.programme_id
  AND NEW.programme_id IN (SELECT record_id FROM retirement WHERE table_name = 'programme')
BEGIN
  SELECT RAISE(ABORT, 'the programme is retired and takes no new grants (see ''fundtrack programme list --all'')');
END;
CREATE TRIGGER retired_city_district BEFORE INSERT ON district
WHEN NEW.city_id IN (SELECT record_id FROM retirement WHERE table_name = 'city')
BEGIN
  SELECT RAISE(ABORT, 'the city is retired and takes no new records (see ''fundtrack city list --all'')');
END;
CREATE TRIGGER retired_city_funder BEFORE INSERT ON funder
WHEN NEW.city_id IN (SELECT record_id FROM retirement WHERE table_name = 'city')
BEGIN
  SELECT RAISE(ABORT, 'the city is retired and takes no new records (see ''fundtrack city list --all'')');
END;
CREATE TRIGGER retired_city_project BEFORE INSERT ON project
WHEN NEW.city_id IN (SELECT record_id FROM retirement WHERE table_name = 'city')
BEGIN
  SELECT RAISE(ABORT, 'the city is retired and takes no new records (see ''fundtrack city list --all'')');
END;

-- A grant recorded by mistake is withdrawn (zurückgenommen): its status
-- becomes 'withdrawn', which ledger_status_counts never counts, and the
-- grant set, the listings (without --all), the reports and the exchange
-- leave it out. The reason and the status it had are kept here.
CREATE TABLE grant_withdrawal (
  grant_id        INTEGER PRIMARY KEY REFERENCES "grant" (id) ON DELETE CASCADE,
  reason          TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
  previous_status TEXT NOT NULL,
  withdrawn_at    TEXT NOT NULL         -- UTC
) STRICT;

-- The status 'withdrawn' joins the CHECK of "grant". A table rebuild would
-- cascade-delete allocations and bookings (foreign keys stay on inside the
-- migration's transaction), so the CHECK is widened in place, the way
-- https://www.sqlite.org/lang_altertable.html (section "Making Other Kinds
-- Of Table Schema Changes") allows for constraints that existing rows
-- already satisfy; RESET makes this connection read the schema again.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''proof-due'', ''closed'', ''revoked'')',
                  '''proof-due'', ''closed'', ''revoked'', ''withdrawn'')')
WHERE type = 'table' AND name = 'grant';
PRAGMA writable_schema = RESET;

-- The audit trail (003) for the new tables.
CREATE VIEW audit_doc_import_batch (row_id, record_key, audited, doc) AS
SELECT id, CAST(id AS TEXT), 1,
       json_object('kind', kind, 'file', file, 'sha256', sha256, 'records', records,
                   'imported_at', imported_at, 'user', user_name, 'rows_known', rows_known,
                   'undone_at', undone_at, 'undone_by', undone_by)
FROM import_batch;

CREATE TRIGGER audit_import_batch_insert AFTER INSERT ON import_batch
WHEN (SELECT audited FROM audit_doc_import_batch WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'import_batch', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_import_batch WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_import_batch_update_old BEFORE UPDATE ON import_batch
WHEN (SELECT audited FROM audit_doc_import_batch WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'import_batch', row_id, doc FROM audit_doc_import_batch WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_import_batch_update AFTER UPDATE ON import_batch
WHEN (SELECT audited FROM audit_doc_import_batch WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'import_batch', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_import_batch v
  LEFT JOIN audit_pending p ON p.table_name = 'import_batch' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'import_batch' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_import_batch_delete BEFORE DELETE ON import_batch
WHEN (SELECT audited FROM audit_doc_import_batch WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'import_batch', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_import_batch WHERE row_id = OLD.id;
END;

CREATE VIEW audit_doc_import_batch_row (row_id, record_key, audited, doc) AS
SELECT id, batch_id || ':' || table_name || ':' || record_id, 1,
       json_object('batch', batch_id, 'table', table_name, 'record_id', record_id,
                   'line', line)
FROM import_batch_row;

CREATE TRIGGER audit_import_batch_row_insert AFTER INSERT ON import_batch_row
WHEN (SELECT audited FROM audit_doc_import_batch_row WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'import_batch_row', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_import_batch_row WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_import_batch_row_update_old BEFORE UPDATE ON import_batch_row
WHEN (SELECT audited FROM audit_doc_import_batch_row WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'import_batch_row', row_id, doc FROM audit_doc_import_batch_row WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_import_batch_row_update AFTER UPDATE ON import_batch_row
WHEN (SELECT audited FROM audit_doc_import_batch_row WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'import_batch_row', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_import_batch_row v
  LEFT JOIN audit_pending p ON p.table_name = 'import_batch_row' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'import_batch_row' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_import_batch_row_delete BEFORE DELETE ON import_batch_row
WHEN (SELECT audited FROM audit_doc_import_batch_row WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'import_batch_row', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_import_batch_row WHERE row_id = OLD.id;
END;

CREATE VIEW audit_doc_retirement (row_id, record_key, audited, doc) AS
SELECT r.id, r.table_name || ':' ||
       coalesce(CASE r.table_name
                  WHEN 'city' THEN (SELECT ags FROM city WHERE id = r.record_id)
                  WHEN 'district' THEN (SELECT code FROM district WHERE id = r.record_id)
                  WHEN 'funder' THEN (SELECT code FROM funder WHERE id = r.record_id)
                  WHEN 'programme' THEN (SELECT code FROM programme WHERE id = r.record_id)
                END, CAST(r.record_id AS TEXT)), 1,
       json_object('table', r.table_name, 'record_id', r.record_id, 'retired_at', r.retired_at)
FROM retirement r;

CREATE TRIGGER audit_retirement_insert AFTER INSERT ON retirement
WHEN (SELECT audited FROM audit_doc_retirement WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'retirement', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_retirement WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_retirement_update_old BEFORE UPDATE ON retirement
WHEN (SELECT audited FROM audit_doc_retirement WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'retirement', row_id, doc FROM audit_doc_retirement WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_retirement_update AFTER UPDATE ON retirement
WHEN (SELECT audited FROM audit_doc_retirement WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'retirement', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_retirement v
  LEFT JOIN audit_pending p ON p.table_name = 'retirement' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'retirement' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_retirement_delete BEFORE DELETE ON retirement
WHEN (SELECT audited FROM audit_doc_retirement WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'retirement', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_retirement WHERE row_id = OLD.id;
END;

CREATE VIEW audit_doc_grant_withdrawal (row_id, record_key, audited, doc) AS
SELECT w.grant_id, g.ref, c.own,
       json_object('grant', g.ref, 'reason', w.reason, 'previous_status', w.previous_status,
                   'withdrawn_at', w.withdrawn_at)
FROM grant_withdrawal w JOIN "grant" g ON g.id = w.grant_id JOIN city c ON c.id = g.city_id;

CREATE TRIGGER audit_grant_withdrawal_insert AFTER INSERT ON grant_withdrawal
WHEN (SELECT audited FROM audit_doc_grant_withdrawal WHERE row_id = NEW.grant_id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_withdrawal', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_grant_withdrawal WHERE row_id = NEW.grant_id;
END;

CREATE TRIGGER audit_grant_withdrawal_update_old BEFORE UPDATE ON grant_withdrawal
WHEN (SELECT audited FROM audit_doc_grant_withdrawal WHERE row_id = OLD.grant_id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'grant_withdrawal', row_id, doc FROM audit_doc_grant_withdrawal WHERE row_id = OLD.grant_id;
END;

CREATE TRIGGER audit_grant_withdrawal_update AFTER UPDATE ON grant_withdrawal
WHEN (SELECT audited FROM audit_doc_grant_withdrawal WHERE row_id = NEW.grant_id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_withdrawal', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_grant_withdrawal v
  LEFT JOIN audit_pending p ON p.table_name = 'grant_withdrawal' AND p.row_id = OLD.grant_id
  WHERE v.row_id = NEW.grant_id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'grant_withdrawal' AND row_id = OLD.grant_id;
END;

CREATE TRIGGER audit_grant_withdrawal_delete BEFORE DELETE ON grant_withdrawal
WHEN (SELECT audited FROM audit_doc_grant_withdrawal WHERE row_id = OLD.grant_id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_withdrawal', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_grant_withdrawal WHERE row_id = OLD.grant_id;
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

-- Files imported before this migration, from their audit entries
-- (audit_record_import: the own city's AGS, one count named by the kind);
-- after the triggers, so that each new batch has its audit entry.
INSERT INTO import_batch (kind, file, sha256, records, imported_at, user_name, rows_known)
SELECT (SELECT key FROM json_each(l.new, '$.counts')), json_extract(l.new, '$.file'),
       json_extract(l.new, '$.sha256'),
       (SELECT value FROM json_each(l.new, '$.counts')), l.at, l.user_name, 0
FROM audit_log l
WHERE l.table_name = 'import' AND l.action = 'import'
  AND l.record_key = (SELECT ags FROM city WHERE own = 1)
  AND (SELECT count(*) FROM json_each(l.new, '$.counts')) = 1
  AND (SELECT key FROM json_each(l.new, '$.counts')) IN ('grants', 'bookings', 'projects')
ORDER BY l.id;
