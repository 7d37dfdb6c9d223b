-- 007: the history of the base rate (Basiszinssatz, § 247 BGB) and the
-- day an expense arose (Leistungsdatum) on a booking (issue 13).
--
-- § 247 Abs. 1 BGB: the base rate changes on 1 January and 1 July of each
-- year by the points the ECB's main refinancing rate moved since the last
-- change; the Deutsche Bundesbank announces it (§ 247 Abs. 2). Interest on
-- money drawn too early and refund interest (§ 49a Abs. 3, 4 VwVfG NRW) is
-- 5 points above it, piece by piece over its changes (app/domain/interest.h).
-- A row holds until the next row; the last row holds only to the end of its
-- half-year, since the next value is not known before it is announced: a
-- day after that has no rate, which 'check' reports (never 0 %).
--
-- The old single setting 'base-rate-bp' ('fundtrack setting set base-rate')
-- had no date: it is NOT copied into the history (no half-year it belongs to
-- can be justified); 'check' says once that the history supersedes it.
CREATE TABLE base_rate (
  valid_from TEXT PRIMARY KEY CHECK (date(valid_from, '+0 days') IS valid_from),
  rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN -10000 AND 10000),
  source     TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 300)
) STRICT;

-- Verified: the Deutsche Bundesbank's announcements of the base rate
-- (Bekanntmachung nach § 247 Abs. 2 BGB). Derived: computed from § 247
-- Abs. 1 BGB and the ECB main refinancing rate, consistent with the
-- verified 1,27 % of 01.07.2025, not checked against an announcement.
-- The shipped rows are part of the program like this schema, not data
-- someone entered: they need no audit entry while they are unchanged
-- (audit_doc_base_rate below); a changed one is audited like any row.
CREATE VIEW base_rate_shipped (valid_from, rate_bp, source) AS VALUES
  ('2016-07-01', -88, 'Deutsche Bundesbank, announcement under § 247 Abs. 2 BGB'),
  ('2023-01-01', 162, 'Deutsche Bundesbank, announcement under § 247 Abs. 2 BGB'),
  ('2023-07-01', 312, 'Deutsche Bundesbank, announcement under § 247 Abs. 2 BGB'),
  ('2024-01-01', 362, 'derived from § 247 Abs. 1 BGB and the ECB main refinancing rate (not verified)'),
  ('2024-07-01', 337, 'derived from § 247 Abs. 1 BGB and the ECB main refinancing rate (not verified)'),
  ('2025-01-01', 227, 'derived from § 247 Abs. 1 BGB and the ECB main refinancing rate (not verified)'),
  ('2025-07-01', 127, 'Deutsche Bundesbank, announcement under § 247 Abs. 2 BGB'),
  ('2026-01-01', 127, 'Deutsche Bundesbank, announcement under § 247 Abs. 2 BGB');
INSERT INTO base_rate (valid_from, rate_bp, source)
SELECT valid_from, rate_bp, source FROM base_rate_shipped;

-- A shipped rate is not deleted (it would leave no trace): correct it
-- with a new row or by changing it, which is audited.
CREATE TRIGGER base_rate_shipped_kept BEFORE DELETE ON base_rate
WHEN EXISTS (SELECT 1 FROM base_rate_shipped s WHERE s.valid_from = OLD.valid_from
             AND s.rate_bp = OLD.rate_bp AND s.source = OLD.source)
BEGIN
  SELECT RAISE(ABORT, 'the shipped base rates are kept: correct one by changing it');
END;

-- The day (or the first day of the month) the expense is for: spending
-- outside the approval period is judged by when it arose, not by when it
-- was paid (app/domain/checks.c, check_outside, says on what basis). NULL:
-- not given, the payment date stands in. Bookings stay immutable (001).
ALTER TABLE booking ADD COLUMN service_date TEXT
  CHECK (service_date IS NULL OR date(service_date, '+0 days') IS service_date);

-- The audit trail (003): the booking's document names the service date
-- only when there is one, so bookings logged before keep their documents.
DROP VIEW audit_docs;
DROP VIEW audit_doc_booking;
CREATE VIEW audit_doc_booking (row_id, record_key, audited, doc) AS
SELECT b.id, CAST(b.id AS TEXT), c.own,
       CASE WHEN b.service_date IS NULL THEN
         json_object('grant', g.ref, 'date', b.date, 'kind', b.kind,
                     'amount_cents', b.amount_cents, 'reference', b.reference, 'note', b.note,
                     'reverses_id', b.reverses_id, 'created_at', b.created_at)
       ELSE
         json_object('grant', g.ref, 'date', b.date, 'kind', b.kind,
                     'amount_cents', b.amount_cents, 'reference', b.reference, 'note', b.note,
                     'reverses_id', b.reverses_id, 'created_at', b.created_at,
                     'service_date', b.service_date)
       END
FROM booking b JOIN "grant" g ON g.id = b.grant_id JOIN city c ON c.id = g.city_id;

CREATE VIEW audit_doc_base_rate (row_id, record_key, audited, doc) AS
SELECT b.rowid, b.valid_from,
       NOT EXISTS (SELECT 1 FROM base_rate_shipped s WHERE s.valid_from = b.valid_from
                   AND s.rate_bp = b.rate_bp AND s.source = b.source),
       json_object('valid_from', b.valid_from, 'rate_bp', b.rate_bp, 'source', b.source)
FROM base_rate b;

CREATE TRIGGER audit_base_rate_insert AFTER INSERT ON base_rate
WHEN (SELECT audited FROM audit_doc_base_rate WHERE row_id = NEW.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'base_rate', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_base_rate WHERE row_id = NEW.rowid;
END;

CREATE TRIGGER audit_base_rate_update_old BEFORE UPDATE ON base_rate
WHEN (SELECT audited FROM audit_doc_base_rate WHERE row_id = OLD.rowid) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'base_rate', row_id, doc FROM audit_doc_base_rate WHERE row_id = OLD.rowid;
END;

CREATE TRIGGER audit_base_rate_update AFTER UPDATE ON base_rate
WHEN (SELECT audited FROM audit_doc_base_rate WHERE row_id = NEW.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'base_rate', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_base_rate v
  LEFT JOIN audit_pending p ON p.table_name = 'base_rate' AND p.row_id = OLD.rowid
  WHERE v.row_id = NEW.rowid AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'base_rate' AND row_id = OLD.rowid;
END;

CREATE TRIGGER audit_base_rate_delete BEFORE DELETE ON base_rate
WHEN (SELECT audited FROM audit_doc_base_rate WHERE row_id = OLD.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'base_rate', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_base_rate WHERE row_id = OLD.rowid;
END;

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
SELECT 'base_rate', row_id, record_key, audited, doc FROM audit_doc_base_rate;

