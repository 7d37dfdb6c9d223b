-- 008: a grant's life after the decision (issue 13): conditions (Auflagen)
-- with their own deadlines, amendments (Änderungsbescheide) as dated
-- changes with their reference, and acknowledged findings of 'check'.
--
-- Conditions: a decision may carry conditions (§ 36 Abs. 2 Nr. 4 VwVfG NRW,
-- "Auflage") with a deadline of their own; one not met in time allows the
-- funder to revoke the decision (§ 49 Abs. 3 Satz 1 Nr. 2 VwVfG NRW), so an
-- open condition past its deadline is a finding of 'check'.
CREATE TABLE grant_condition (
  id        INTEGER PRIMARY KEY,
  grant_id  INTEGER NOT NULL REFERENCES "grant" (id) ON DELETE CASCADE,
  text      TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 500),
  due_date  TEXT NOT NULL CHECK (date(due_date, '+0 days') IS due_date),
  done_date TEXT CHECK (done_date IS NULL OR date(done_date, '+0 days') IS done_date),
  note      TEXT CHECK (note IS NULL OR length(note) <= 500)
) STRICT;
CREATE INDEX grant_condition_grant ON grant_condition (grant_id);

-- Amendments: the decision's values change by a new decision (Änderungs-
-- bescheid) with its own reference and date. The grant row holds the
-- current values; each amendment keeps what it changed, old and new
-- (NULL old and new: not changed by it; rate_changed says whether the rate,
-- which may be NULL, was changed).
CREATE TABLE grant_amendment (
  id             INTEGER PRIMARY KEY,
  grant_id       INTEGER NOT NULL REFERENCES "grant" (id) ON DELETE CASCADE,
  reference      TEXT NOT NULL CHECK (length(trim(reference)) BETWEEN 1 AND 64
                                      AND reference NOT GLOB '*[' || char(1) || '-' || char(31) || ']*'),
  decided_date   TEXT NOT NULL CHECK (date(decided_date, '+0 days') IS decided_date),
  old_approved   INTEGER CHECK (old_approved IS NULL OR old_approved >= 0),
  new_approved   INTEGER CHECK (new_approved IS NULL OR new_approved >= 0),
  old_period_to  TEXT CHECK (old_period_to IS NULL OR date(old_period_to, '+0 days') IS old_period_to),
  new_period_to  TEXT CHECK (new_period_to IS NULL OR date(new_period_to, '+0 days') IS new_period_to),
  rate_changed   INTEGER NOT NULL DEFAULT 0 CHECK (rate_changed IN (0, 1)),
  old_rate_bp    INTEGER CHECK (old_rate_bp IS NULL OR old_rate_bp BETWEEN 0 AND 10000),
  new_rate_bp    INTEGER CHECK (new_rate_bp IS NULL OR new_rate_bp BETWEEN 0 AND 10000),
  note           TEXT CHECK (note IS NULL OR length(note) <= 500),
  UNIQUE (grant_id, reference),
  CHECK ((old_approved IS NULL) = (new_approved IS NULL)),
  CHECK ((old_period_to IS NULL) = (new_period_to IS NULL)),
  CHECK (new_approved IS NOT NULL OR new_period_to IS NOT NULL OR rate_changed = 1)
) STRICT;
CREATE INDEX grant_amendment_grant ON grant_amendment (grant_id);

-- Acknowledged findings: the finding's key (rule, record, period), the
-- figures it was acknowledged on (its amount and date, app/domain/acks.h)
-- and why. The acknowledgement holds only while the finding's figures are
-- the same: 'check' shows it again when they change.
CREATE TABLE check_ack (
  key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 3 AND 300),
  rule        TEXT NOT NULL CHECK (rule GLOB 'FT-*'),
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) <= 600),
  reason      TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
  acked_on    TEXT NOT NULL CHECK (date(acked_on, '+0 days') IS acked_on),
  CHECK (substr(key, 1, length(rule) + 1) = rule || ':')
) STRICT;

-- ---- the audit trail (003) ------------------------------------------------

CREATE VIEW audit_doc_grant_condition (row_id, record_key, audited, doc) AS
SELECT k.id, g.ref || ' condition ' || k.id, c.own,
       json_object('grant', g.ref, 'text', k.text, 'due_date', k.due_date,
                   'done_date', k.done_date, 'note', k.note)
FROM grant_condition k JOIN "grant" g ON g.id = k.grant_id JOIN city c ON c.id = g.city_id;

CREATE TRIGGER audit_grant_condition_insert AFTER INSERT ON grant_condition
WHEN (SELECT audited FROM audit_doc_grant_condition WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_condition', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_grant_condition WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_grant_condition_update_old BEFORE UPDATE ON grant_condition
WHEN (SELECT audited FROM audit_doc_grant_condition WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'grant_condition', row_id, doc FROM audit_doc_grant_condition WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_grant_condition_update AFTER UPDATE ON grant_condition
WHEN (SELECT audited FROM audit_doc_grant_condition WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_condition', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_grant_condition v
  LEFT JOIN audit_pending p ON p.table_name = 'grant_condition' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'grant_condition' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_grant_condition_delete BEFORE DELETE ON grant_condition
WHEN (SELECT audited FROM audit_doc_grant_condition WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_condition', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_grant_condition WHERE row_id = OLD.id;
END;

CREATE VIEW audit_doc_grant_amendment (row_id, record_key, audited, doc) AS
SELECT a.id, g.ref || ' amendment ' || a.reference, c.own,
       json_object('grant', g.ref, 'reference', a.reference, 'decided_date', a.decided_date,
                   'old_approved', a.old_approved, 'new_approved', a.new_approved,
                   'old_period_to', a.old_period_to, 'new_period_to', a.new_period_to,
                   'rate_changed', a.rate_changed, 'old_rate_bp', a.old_rate_bp,
                   'new_rate_bp', a.new_rate_bp, 'note', a.note)
FROM grant_amendment a JOIN "grant" g ON g.id = a.grant_id JOIN city c ON c.id = g.city_id;

CREATE TRIGGER audit_grant_amendment_insert AFTER INSERT ON grant_amendment
WHEN (SELECT audited FROM audit_doc_grant_amendment WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_amendment', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_grant_amendment WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_grant_amendment_update_old BEFORE UPDATE ON grant_amendment
WHEN (SELECT audited FROM audit_doc_grant_amendment WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'grant_amendment', row_id, doc FROM audit_doc_grant_amendment WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_grant_amendment_update AFTER UPDATE ON grant_amendment
WHEN (SELECT audited FROM audit_doc_grant_amendment WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_amendment', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_grant_amendment v
  LEFT JOIN audit_pending p ON p.table_name = 'grant_amendment' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'grant_amendment' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_grant_amendment_delete BEFORE DELETE ON grant_amendment
WHEN (SELECT audited FROM audit_doc_grant_amendment WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'grant_amendment', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_grant_amendment WHERE row_id = OLD.id;
END;

-- An acknowledgement is the own city's decision: always logged.
CREATE VIEW audit_doc_check_ack (row_id, record_key, audited, doc) AS
SELECT a.rowid, a.key, 1,
       json_object('key', a.key, 'rule', a.rule, 'fingerprint', a.fingerprint,
                   'reason', a.reason, 'acked_on', a.acked_on)
FROM check_ack a;

CREATE TRIGGER audit_check_ack_insert AFTER INSERT ON check_ack
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'check_ack', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_check_ack WHERE row_id = NEW.rowid;
END;

CREATE TRIGGER audit_check_ack_update_old BEFORE UPDATE ON check_ack
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'check_ack', row_id, doc FROM audit_doc_check_ack WHERE row_id = OLD.rowid;
END;

CREATE TRIGGER audit_check_ack_update AFTER UPDATE ON check_ack
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'check_ack', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_check_ack v
  LEFT JOIN audit_pending p ON p.table_name = 'check_ack' AND p.row_id = OLD.rowid
  WHERE v.row_id = NEW.rowid AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'check_ack' AND row_id = OLD.rowid;
END;

CREATE TRIGGER audit_check_ack_delete BEFORE DELETE ON check_ack
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'check_ack', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_check_ack WHERE row_id = OLD.rowid;
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
SELECT 'check_ack', row_id, record_key, audited, doc FROM audit_doc_check_ack;
