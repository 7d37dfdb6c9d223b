-- 010: the financing plan (Finanzierungsplan) of a project and expenditure
-- booked once on the project (issue 14).
--
-- A plan has cost lines (position "1.1", label, planned eligible amount)
-- and means of cover (Deckungsmittel): the project's grants (table grant),
-- and the carrier's own funds, third-party money and the city's share not
-- recorded as a grant (plan_cover). When no plan_cover row is recorded, the
-- own and third-party funds are taken as planned costs minus the grants
-- (app/domain/finplan.h says so in 'fundtrack plan').
--
-- A project booking is stored once (project_booking) with its split
-- (project_booking_share): each grant's share is an ordinary booking of
-- that grant (booking_id), so budget, bookings, checks, reports and the
-- exchange file see each funder's share without knowing project bookings;
-- the shares of own, third-party and city money have no booking. The split
-- is made when the expenditure is booked (app/domain/finplan.c, ANBest-P
-- Nr. 1.4) and never recomputed: like every booking it is a recorded fact.
-- A correction is a reversal, which negates every share.

CREATE TABLE plan_line (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  position      TEXT NOT NULL CHECK (length(position) BETWEEN 1 AND 20
                                     AND position NOT GLOB '*[^A-Za-z0-9.]*'),
  label         TEXT NOT NULL CHECK (length(trim(label)) > 0),
  planned_cents INTEGER NOT NULL CHECK (planned_cents >= 0),
  UNIQUE (project_id, position)
) STRICT;

-- own: Eigenmittel des Trägers; third-party: Drittmittel / Leistungen
-- Dritter; city: the city's share when it is not recorded as a grant of a
-- municipal funder.
CREATE TABLE plan_cover (
  id           INTEGER PRIMARY KEY,
  project_id   INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  source       TEXT NOT NULL CHECK (source IN ('own', 'third-party', 'city')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  UNIQUE (project_id, source)
) STRICT;

CREATE TABLE project_booking (
  id           INTEGER PRIMARY KEY,
  project_id   INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  line_id      INTEGER REFERENCES plan_line (id),
  date         TEXT NOT NULL CHECK (date(date, '+0 days') IS date),
  service_date TEXT CHECK (service_date IS NULL OR date(service_date, '+0 days') IS service_date),
  kind         TEXT NOT NULL CHECK (kind = 'expenditure'),
  amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
  reference    TEXT,
  note         TEXT,
  reverses_id  INTEGER REFERENCES project_booking (id),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (amount_cents > 0 OR reverses_id IS NOT NULL)
) STRICT;
CREATE INDEX project_booking_project ON project_booking (project_id, date);
CREATE INDEX project_booking_line ON project_booking (line_id);
CREATE UNIQUE INDEX project_booking_single_reversal ON project_booking (reverses_id)
  WHERE reverses_id IS NOT NULL;

-- One row per source that carries part of a project booking; the rows of
-- a booking add up to its amount (app/domain/finplan.c writes them in the
-- transaction of the booking).
CREATE TABLE project_booking_share (
  id                 INTEGER PRIMARY KEY,
  project_booking_id INTEGER NOT NULL REFERENCES project_booking (id) ON DELETE CASCADE,
  source             TEXT NOT NULL CHECK (source IN ('grant', 'own', 'third-party', 'city')),
  booking_id         INTEGER UNIQUE REFERENCES booking (id),
  amount_cents       INTEGER NOT NULL CHECK (amount_cents <> 0),
  CHECK ((source = 'grant') = (booking_id IS NOT NULL))
) STRICT;
CREATE INDEX project_booking_share_booking ON project_booking_share (project_booking_id);

CREATE TRIGGER project_booking_immutable BEFORE UPDATE ON project_booking
BEGIN
  SELECT RAISE(ABORT, 'bookings are immutable: write a reversing booking instead');
END;
CREATE TRIGGER project_booking_share_immutable BEFORE UPDATE ON project_booking_share
BEGIN
  SELECT RAISE(ABORT, 'bookings are immutable: write a reversing booking instead');
END;
CREATE TRIGGER project_booking_reversal_matches BEFORE INSERT ON project_booking
WHEN NEW.reverses_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM project_booking o
  WHERE o.id = NEW.reverses_id AND o.project_id = NEW.project_id
    AND o.amount_cents = -NEW.amount_cents AND o.reverses_id IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'a reversal must negate an original booking of the same project');
END;

-- The audit trail (003): every row of the own city is logged.
CREATE VIEW audit_doc_plan_line (row_id, record_key, audited, doc) AS
SELECT l.id, p.code || ' ' || l.position, c.own,
       json_object('project', p.code, 'position', l.position, 'label', l.label,
                   'planned_cents', l.planned_cents)
FROM plan_line l JOIN project p ON p.id = l.project_id JOIN city c ON c.id = p.city_id;

CREATE VIEW audit_doc_plan_cover (row_id, record_key, audited, doc) AS
SELECT v.id, p.code || ' ' || v.source, c.own,
       json_object('project', p.code, 'source', v.source, 'amount_cents', v.amount_cents)
FROM plan_cover v JOIN project p ON p.id = v.project_id JOIN city c ON c.id = p.city_id;

CREATE VIEW audit_doc_project_booking (row_id, record_key, audited, doc) AS
SELECT b.id, 'P' || b.id, c.own,
       json_object('project', p.code, 'line', l.position, 'date', b.date,
                   'service_date', b.service_date, 'kind', b.kind,
                   'amount_cents', b.amount_cents, 'reference', b.reference, 'note', b.note,
                   'reverses_id', b.reverses_id, 'created_at', b.created_at)
FROM project_booking b JOIN project p ON p.id = b.project_id JOIN city c ON c.id = p.city_id
LEFT JOIN plan_line l ON l.id = b.line_id;

CREATE VIEW audit_doc_project_booking_share (row_id, record_key, audited, doc) AS
SELECT s.id, 'P' || s.project_booking_id || ' ' || s.source || coalesce(' ' || s.booking_id, ''),
       c.own,
       json_object('project_booking_id', s.project_booking_id, 'source', s.source,
                   'booking_id', s.booking_id, 'amount_cents', s.amount_cents)
FROM project_booking_share s JOIN project_booking b ON b.id = s.project_booking_id
JOIN project p ON p.id = b.project_id JOIN city c ON c.id = p.city_id;

-- plan_line
CREATE TRIGGER audit_plan_line_insert AFTER INSERT ON plan_line
WHEN (SELECT audited FROM audit_doc_plan_line WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'plan_line', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_plan_line WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_plan_line_update_old BEFORE UPDATE ON plan_line
WHEN (SELECT audited FROM audit_doc_plan_line WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'plan_line', row_id, doc FROM audit_doc_plan_line WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_plan_line_update AFTER UPDATE ON plan_line
WHEN (SELECT audited FROM audit_doc_plan_line WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'plan_line', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_plan_line v
  LEFT JOIN audit_pending p ON p.table_name = 'plan_line' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'plan_line' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_plan_line_delete BEFORE DELETE ON plan_line
WHEN (SELECT audited FROM audit_doc_plan_line WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'plan_line', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_plan_line WHERE row_id = OLD.id;
END;

-- plan_cover
CREATE TRIGGER audit_plan_cover_insert AFTER INSERT ON plan_cover
WHEN (SELECT audited FROM audit_doc_plan_cover WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'plan_cover', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_plan_cover WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_plan_cover_update_old BEFORE UPDATE ON plan_cover
WHEN (SELECT audited FROM audit_doc_plan_cover WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'plan_cover', row_id, doc FROM audit_doc_plan_cover WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_plan_cover_update AFTER UPDATE ON plan_cover
WHEN (SELECT audited FROM audit_doc_plan_cover WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'plan_cover', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_plan_cover v
  LEFT JOIN audit_pending p ON p.table_name = 'plan_cover' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'plan_cover' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_plan_cover_delete BEFORE DELETE ON plan_cover
WHEN (SELECT audited FROM audit_doc_plan_cover WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'plan_cover', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_plan_cover WHERE row_id = OLD.id;
END;

-- project_booking
CREATE TRIGGER audit_project_booking_insert AFTER INSERT ON project_booking
WHEN (SELECT audited FROM audit_doc_project_booking WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project_booking', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_project_booking WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_project_booking_update_old BEFORE UPDATE ON project_booking
WHEN (SELECT audited FROM audit_doc_project_booking WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'project_booking', row_id, doc FROM audit_doc_project_booking WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_project_booking_update AFTER UPDATE ON project_booking
WHEN (SELECT audited FROM audit_doc_project_booking WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project_booking', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_project_booking v
  LEFT JOIN audit_pending p ON p.table_name = 'project_booking' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'project_booking' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_project_booking_delete BEFORE DELETE ON project_booking
WHEN (SELECT audited FROM audit_doc_project_booking WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project_booking', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_project_booking WHERE row_id = OLD.id;
END;

-- project_booking_share
CREATE TRIGGER audit_project_booking_share_insert AFTER INSERT ON project_booking_share
WHEN (SELECT audited FROM audit_doc_project_booking_share WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project_booking_share', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_project_booking_share WHERE row_id = NEW.id;
END;

CREATE TRIGGER audit_project_booking_share_update_old BEFORE UPDATE ON project_booking_share
WHEN (SELECT audited FROM audit_doc_project_booking_share WHERE row_id = OLD.id) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'project_booking_share', row_id, doc FROM audit_doc_project_booking_share WHERE row_id = OLD.id;
END;

CREATE TRIGGER audit_project_booking_share_update AFTER UPDATE ON project_booking_share
WHEN (SELECT audited FROM audit_doc_project_booking_share WHERE row_id = NEW.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project_booking_share', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_project_booking_share v
  LEFT JOIN audit_pending p ON p.table_name = 'project_booking_share' AND p.row_id = OLD.id
  WHERE v.row_id = NEW.id AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'project_booking_share' AND row_id = OLD.id;
END;

CREATE TRIGGER audit_project_booking_share_delete BEFORE DELETE ON project_booking_share
WHEN (SELECT audited FROM audit_doc_project_booking_share WHERE row_id = OLD.id) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'project_booking_share', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_project_booking_share WHERE row_id = OLD.id;
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
SELECT 'project_booking_share', row_id, record_key, audited, doc FROM audit_doc_project_booking_share;
