-- 003: the audit trail. Every write to a ledger table appends an entry to
-- audit_log: when (UTC), who (ft_audit_user()), which command
-- (ft_audit_command()), the table, the record (its row id and its key, e.g.
-- the grant's file reference), the action and the record's old and new
-- values as JSON. The entries form a hash chain: each carries the hash of the
-- one before, and its own hash covers its fields and that previous hash (see
-- app/audit_chain.h), so 'fundtrack audit verify' finds any entry that was
-- changed, deleted or inserted afterwards.
--
-- The ft_audit_* functions exist only on connections opened by fundtrack
-- (store_open registers them). Any other program (the sqlite3 shell, a
-- script) fails with "no such function" as soon as it writes to an audited
-- table: data cannot change without a log entry, unless someone removes the
-- triggers, which 'audit verify' reports, along with data that differs
-- from its last logged state.
--
-- Rows of other cities arrive as snapshots of the exchange (possibly a
-- million bookings): the row triggers skip them (audited = 0), and the
-- import writes one entry per file instead (audit_record_import). City rows
-- and settings are always logged.
--
-- Adding a table later: a view audit_doc_<table> (row_id, record_key,
-- audited, doc) whose doc embeds only keys that never change, the four
-- triggers below for it, and a new audit_docs view that includes it
-- (tests/test_audit.c checks that every table is covered).

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,            -- UTC, 2026-11-24T09:15:02Z
  user_name   TEXT NOT NULL,
  command     TEXT NOT NULL,
  table_name  TEXT NOT NULL,            -- or 'import' for an imported file
  row_id      INTEGER,                  -- NULL for an import
  record_key  TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('baseline', 'insert', 'update',
                                                'delete', 'import')),
  old         TEXT,                     -- JSON, NULL for insert
  new         TEXT,                     -- JSON, NULL for delete
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_record ON audit_log (table_name, row_id);
CREATE INDEX audit_log_key ON audit_log (record_key);
CREATE INDEX audit_log_at ON audit_log (at);

-- Append-only. These triggers stop mistakes; deliberate tampering (with
-- the triggers dropped) is what the hash chain reveals.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');
END;
-- Only entries that continue the chain may be appended.
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT coalesce((SELECT max(id) FROM audit_log), 0) + 1
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                                   '0000000000000000000000000000000000000000000000000000000000000000')
  OR NEW.hash IS NOT ft_audit_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.user_name, NEW.command,
                                   NEW.table_name, NEW.row_id, NEW.record_key, NEW.action,
                                   NEW.old, NEW.new)
BEGIN
  SELECT RAISE(ABORT, 'an audit entry must continue the hash chain');
END;

-- The one way entries are written: INSERT INTO audit_append (table_name,
-- row_id, record_key, action, old, new) adds time, user, command and the
-- chain.
CREATE VIEW audit_append (table_name, row_id, record_key, action, old, new) AS
SELECT NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER audit_append_entry INSTEAD OF INSERT ON audit_append
BEGIN
  INSERT INTO audit_log (id, at, user_name, command, table_name, row_id, record_key, action,
                         old, new, prev_hash, hash)
  SELECT e.id, e.at, e.user_name, e.command, NEW.table_name, NEW.row_id, NEW.record_key,
         NEW.action, NEW.old, NEW.new, e.prev_hash,
         ft_audit_hash(e.prev_hash, e.id, e.at, e.user_name, e.command, NEW.table_name,
                       NEW.row_id, NEW.record_key, NEW.action, NEW.old, NEW.new)
  FROM (SELECT coalesce((SELECT max(id) FROM audit_log), 0) + 1 AS id,
               strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS at,
               ft_audit_user() AS user_name, ft_audit_command() AS command,
               coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                        '0000000000000000000000000000000000000000000000000000000000000000')
                 AS prev_hash) e;
END;

-- A record's old values between the BEFORE and the AFTER UPDATE trigger of
-- one row; empty between statements.
CREATE TABLE audit_pending (
  table_name TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  doc        TEXT,
  PRIMARY KEY (table_name, row_id)
) STRICT;

-- Per table: the view that describes a record (its key, whether it is
-- audited, its values as JSON) and the triggers that log its changes.

-- city
CREATE VIEW audit_doc_city (row_id, record_key, audited, doc) AS
SELECT id, ags, 1,
       json_object('ags', ags, 'name', name, 'population', population, 'own', own)
FROM city;

CREATE TRIGGER audit_city_insert AFTER INSERT ON city
WHEN (SELECT audited FROM audit_doc_city WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'city', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_city WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_city_update_old BEFORE UPDATE ON city
WHEN (SELECT audited FROM audit_doc_city WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'city', row_id, doc FROM audit_doc_city WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_city_update AFTER UPDATE ON city
WHEN (SELECT audited FROM audit_doc_city WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'city', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_city v
  LEFT JOIN audit_pending p ON p.table_name = 'city' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'city' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_city_delete BEFORE DELETE ON city
WHEN (SELECT audited FROM audit_doc_city WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'city', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_city WHERE row_id = OLD.id;
END;

-- district
CREATE VIEW audit_doc_district (row_id, record_key, audited, doc) AS
SELECT d.id, d.code, c.own,
       json_object('code', d.code, 'name', d.name, 'action_area', d.action_area)
FROM district d JOIN city c ON c.id = d.city_id;

CREATE TRIGGER audit_district_insert AFTER INSERT ON district
WHEN (SELECT audited FROM audit_doc_district WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'district', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_district WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_district_update_old BEFORE UPDATE ON district
WHEN (SELECT audited FROM audit_doc_district WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'district', row_id, doc FROM audit_doc_district WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_district_update AFTER UPDATE ON district
WHEN (SELECT audited FROM audit_doc_district WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'district', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_district v
  LEFT JOIN audit_pending p ON p.table_name = 'district' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'district' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_district_delete BEFORE DELETE ON district
WHEN (SELECT audited FROM audit_doc_district WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'district', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_district WHERE row_id = OLD.id;
END;

-- funder
CREATE VIEW audit_doc_funder (row_id, record_key, audited, doc) AS
SELECT f.id, f.code, c.own,
       json_object('code', f.code, 'name', f.name, 'level', f.level)
FROM funder f JOIN city c ON c.id = f.city_id;

CREATE TRIGGER audit_funder_insert AFTER INSERT ON funder
WHEN (SELECT audited FROM audit_doc_funder WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'funder', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_funder WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_funder_update_old BEFORE UPDATE ON funder
WHEN (SELECT audited FROM audit_doc_funder WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'funder', row_id, doc FROM audit_doc_funder WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_funder_update AFTER UPDATE ON funder
WHEN (SELECT audited FROM audit_doc_funder WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'funder', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_funder v
  LEFT JOIN audit_pending p ON p.table_name = 'funder' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'funder' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_funder_delete BEFORE DELETE ON funder
WHEN (SELECT audited FROM audit_doc_funder WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'funder', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_funder WHERE row_id = OLD.id;
END;

-- programme
CREATE VIEW audit_doc_programme (row_id, record_key, audited, doc) AS
SELECT p.id, p.code, c.own,
       json_object('code', p.code, 'name', p.name, 'funder', f.code, 'fund', p.fund,
                   'rate_bp', p.rate_bp, 'financing', p.financing,
                   'drawdown_days', p.drawdown_days, 'proof_months', p.proof_months)
FROM programme p JOIN city c ON c.id = p.city_id JOIN funder f ON f.id = p.funder_id;

CREATE TRIGGER audit_programme_insert AFTER INSERT ON programme
WHEN (SELECT audited FROM audit_doc_programme WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'programme', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_programme WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_programme_update_old BEFORE UPDATE ON programme
WHEN (SELECT audited FROM audit_doc_programme WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'programme', row_id, doc FROM audit_doc_programme WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_programme_update AFTER UPDATE ON programme
WHEN (SELECT audited FROM audit_doc_programme WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'programme', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_programme v
  LEFT JOIN audit_pending p ON p.table_name = 'programme' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'programme' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_programme_delete BEFORE DELETE ON programme
WHEN (SELECT audited FROM audit_doc_programme WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'programme', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_programme WHERE row_id = OLD.id;
END;

-- project
CREATE VIEW audit_doc_project (row_id, record_key, audited, doc) AS
SELECT p.id, p.code, c.own,
       json_object('code', p.code, 'title', p.title, 'field', p.field, 'district', d.code,
                   'carrier', p.carrier, 'target_group', p.target_group,
                   'start_date', p.start_date, 'end_date', p.end_date,
                   'costs_cents', p.costs_cents, 'follows', pred.code)
FROM project p JOIN city c ON c.id = p.city_id
LEFT JOIN district d ON d.id = p.district_id
LEFT JOIN project pred ON pred.id = p.predecessor_id;

CREATE TRIGGER audit_project_insert AFTER INSERT ON project
WHEN (SELECT audited FROM audit_doc_project WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_project WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_project_update_old BEFORE UPDATE ON project
WHEN (SELECT audited FROM audit_doc_project WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'project', row_id, doc FROM audit_doc_project WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_project_update AFTER UPDATE ON project
WHEN (SELECT audited FROM audit_doc_project WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_project v
  LEFT JOIN audit_pending p ON p.table_name = 'project' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'project' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_project_delete BEFORE DELETE ON project
WHEN (SELECT audited FROM audit_doc_project WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_project WHERE row_id = OLD.id;
END;

-- grant
CREATE VIEW audit_doc_grant (row_id, record_key, audited, doc) AS
SELECT g.id, g.ref, c.own,
       json_object('ref', g.ref, 'project', p.code, 'programme', pg.code,
                   'applied_date', g.applied_date, 'decided_date', g.decided_date,
                   'period_from', g.period_from, 'period_to', g.period_to,
                   'approved_cents', g.approved_cents, 'eligible_cents', g.eligible_cents,
                   'rate_bp', g.rate_bp, 'financing', g.financing, 'status', g.status,
                   'note', g.note)
FROM "grant" g JOIN city c ON c.id = g.city_id
JOIN project p ON p.id = g.project_id JOIN programme pg ON pg.id = g.programme_id;

CREATE TRIGGER audit_grant_insert AFTER INSERT ON "grant"
WHEN (SELECT audited FROM audit_doc_grant WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_grant WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_grant_update_old BEFORE UPDATE ON "grant"
WHEN (SELECT audited FROM audit_doc_grant WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'grant', row_id, doc FROM audit_doc_grant WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_grant_update AFTER UPDATE ON "grant"
WHEN (SELECT audited FROM audit_doc_grant WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_grant v
  LEFT JOIN audit_pending p ON p.table_name = 'grant' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'grant' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_grant_delete BEFORE DELETE ON "grant"
WHEN (SELECT audited FROM audit_doc_grant WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_grant WHERE row_id = OLD.id;
END;

-- allocation
CREATE VIEW audit_doc_allocation (row_id, record_key, audited, doc) AS
SELECT a.id, g.ref || ' ' || a.year, c.own,
       json_object('grant', g.ref, 'year', a.year, 'amount_cents', a.amount_cents)
FROM allocation a JOIN "grant" g ON g.id = a.grant_id JOIN city c ON c.id = g.city_id;

CREATE TRIGGER audit_allocation_insert AFTER INSERT ON allocation
WHEN (SELECT audited FROM audit_doc_allocation WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'allocation', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_allocation WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_allocation_update_old BEFORE UPDATE ON allocation
WHEN (SELECT audited FROM audit_doc_allocation WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'allocation', row_id, doc FROM audit_doc_allocation WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_allocation_update AFTER UPDATE ON allocation
WHEN (SELECT audited FROM audit_doc_allocation WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'allocation', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_allocation v
  LEFT JOIN audit_pending p ON p.table_name = 'allocation' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'allocation' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_allocation_delete BEFORE DELETE ON allocation
WHEN (SELECT audited FROM audit_doc_allocation WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'allocation', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_allocation WHERE row_id = OLD.id;
END;

-- booking
CREATE VIEW audit_doc_booking (row_id, record_key, audited, doc) AS
SELECT b.id, CAST(b.id AS TEXT), c.own,
       json_object('grant', g.ref, 'date', b.date, 'kind', b.kind,
                   'amount_cents', b.amount_cents, 'reference', b.reference, 'note', b.note,
                   'reverses_id', b.reverses_id, 'created_at', b.created_at)
FROM booking b JOIN "grant" g ON g.id = b.grant_id JOIN city c ON c.id = g.city_id;

CREATE TRIGGER audit_booking_insert AFTER INSERT ON booking
WHEN (SELECT audited FROM audit_doc_booking WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'booking', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_booking WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_booking_update_old BEFORE UPDATE ON booking
WHEN (SELECT audited FROM audit_doc_booking WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'booking', row_id, doc FROM audit_doc_booking WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_booking_update AFTER UPDATE ON booking
WHEN (SELECT audited FROM audit_doc_booking WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'booking', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_booking v
  LEFT JOIN audit_pending p ON p.table_name = 'booking' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'booking' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_booking_delete BEFORE DELETE ON booking
WHEN (SELECT audited FROM audit_doc_booking WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'booking', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_booking WHERE row_id = OLD.id;
END;

-- proof
CREATE VIEW audit_doc_proof (row_id, record_key, audited, doc) AS
SELECT pr.id, g.ref || ' ' || pr.kind || coalesce(' ' || pr.year, ''), c.own,
       json_object('grant', g.ref, 'kind', pr.kind, 'year', pr.year,
                   'submitted_date', pr.submitted_date, 'note', pr.note)
FROM proof pr JOIN "grant" g ON g.id = pr.grant_id JOIN city c ON c.id = g.city_id;

CREATE TRIGGER audit_proof_insert AFTER INSERT ON proof
WHEN (SELECT audited FROM audit_doc_proof WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'proof', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_proof WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_proof_update_old BEFORE UPDATE ON proof
WHEN (SELECT audited FROM audit_doc_proof WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'proof', row_id, doc FROM audit_doc_proof WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_proof_update AFTER UPDATE ON proof
WHEN (SELECT audited FROM audit_doc_proof WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'proof', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_proof v
  LEFT JOIN audit_pending p ON p.table_name = 'proof' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'proof' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_proof_delete BEFORE DELETE ON proof
WHEN (SELECT audited FROM audit_doc_proof WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'proof', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_proof WHERE row_id = OLD.id;
END;

-- setting
CREATE VIEW audit_doc_setting (row_id, record_key, audited, doc) AS
SELECT rowid, key, 1, json_object('key', key, 'value', value)
FROM setting;

CREATE TRIGGER audit_setting_insert AFTER INSERT ON setting
WHEN (SELECT audited FROM audit_doc_setting WHERE row_id = NEW.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'setting', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_setting WHERE row_id = NEW.rowid;
END;

CREATE TRIGGER audit_setting_update_old BEFORE UPDATE ON setting
WHEN (SELECT audited FROM audit_doc_setting WHERE row_id = OLD.rowid) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'setting', row_id, doc FROM audit_doc_setting WHERE row_id = OLD.rowid;
END;

CREATE TRIGGER audit_setting_update AFTER UPDATE ON setting
WHEN (SELECT audited FROM audit_doc_setting WHERE row_id = NEW.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'setting', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_setting v
  LEFT JOIN audit_pending p ON p.table_name = 'setting' AND p.row_id = OLD.rowid
  WHERE v.row_id = NEW.rowid AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'setting' AND row_id = OLD.rowid;
END;

CREATE TRIGGER audit_setting_delete BEFORE DELETE ON setting
WHEN (SELECT audited FROM audit_doc_setting WHERE row_id = OLD.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'setting', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_setting WHERE row_id = OLD.rowid;
END;

-- Every audited table's records as they are now: 'fundtrack audit verify'
-- compares them with the last logged state of each record.
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
SELECT 'setting', row_id, record_key, audited, doc FROM audit_doc_setting;

-- Databases that held data before this migration: one 'baseline' entry per
-- audited record, so that every record's history starts in the log.
INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
SELECT table_name, row_id, record_key, 'baseline', NULL, doc FROM audit_docs
WHERE audited = 1;
