-- 008: the terms of a decision (Nebenbestimmungen) drive its deadlines
-- (issue 13). Which terms apply follows the recipient, not the funder's
-- level: a municipality receiving a grant itself gets the Bund's ANBest-Gk
-- or NRW's ANBest-G, a private carrier ANBest-P (Bund or NRW); an EU
-- programme adds its own rules on top of a national set; the city's own
-- budget money has no terms at all (shared domain.md, "Which terms apply").
--
-- A terms set names
--   drawdown_n/_unit     the horizon within which drawn money must be spent
--                        ("innerhalb von zwei Monaten nach der Auszahlung"),
--                        counted by §§ 187, 188 BGB (app/base/calendar.h);
--                        NULL: none
--   proof_fulfil_months  the final proof of use is due N months after the
--                        purpose was fulfilled (Zweckerfüllung; default the
--                        period end); NULL: no proof of use
--   proof_period_months  ... but at the latest at the end of the N-th month
--                        after the approval period; NULL: the text has no
--                        second limb. The earlier wins.
--   interim_months       an interim proof (Zwischennachweis) over the money
--                        received in a fiscal year in which the purpose was
--                        not fulfilled, due N months after the year's end;
--                        NULL: none
--   interest             1: money not used within the horizon bears interest
--                        (§ 49a Abs. 4 VwVfG NRW)
-- An addition (addition = 1: an EU programme's rules) overrides only the
-- values it sets; NULL there means "as the national set".
-- Every due date ends, when it falls on a Saturday, Sunday or NRW public
-- holiday, with the next working day (§ 31 Abs. 3 VwVfG NRW); both days
-- are shown.
CREATE TABLE terms (
  name                TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 30
                                              AND name NOT GLOB '*[^a-z0-9-]*'),
  label               TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
  addition            INTEGER NOT NULL DEFAULT 0 CHECK (addition IN (0, 1)),
  drawdown_n          INTEGER CHECK (drawdown_n IS NULL OR drawdown_n BETWEEN 1 AND 24),
  drawdown_unit       TEXT CHECK (drawdown_unit IS NULL OR drawdown_unit IN ('weeks', 'months')),
  proof_fulfil_months INTEGER CHECK (proof_fulfil_months IS NULL
                                     OR proof_fulfil_months BETWEEN 1 AND 36),
  proof_period_months INTEGER CHECK (proof_period_months IS NULL
                                     OR proof_period_months BETWEEN 0 AND 36),
  interim_months      INTEGER CHECK (interim_months IS NULL OR interim_months BETWEEN 1 AND 12),
  interest            INTEGER CHECK (interest IS NULL OR interest IN (0, 1)),
  source              TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 600),
  CHECK ((drawdown_n IS NULL) = (drawdown_unit IS NULL)),
  CHECK (addition = 1 OR interest IS NOT NULL)
) STRICT;

-- The shipped sets. "verified" names the text found; "assumption" what no
-- text at hand confirmed (the README lists them). Where shared domain.md
-- and a text differ, the text wins (ANBest-Gk: one year, not six months).
-- The shipped rows are part of the program like this schema: they need no
-- audit entry while unchanged (audit_doc_terms below), as in 007.
CREATE VIEW terms_shipped (name, label, addition, drawdown_n, drawdown_unit,
                           proof_fulfil_months, proof_period_months, interim_months, interest,
                           source) AS VALUES
  ('anbest-p-bund', 'ANBest-P (Bund): private Träger', 0, 6, 'weeks', 6, 6, 4, 1,
   'ANBest-P Bund Nr. 1.4 (sechs Wochen nach Auszahlung; verified: VDI/VDE-IT guidance), '
   || 'Nr. 6.1 Satz 1 (sechs Monate nach Erfüllung des Zuwendungszwecks, spätestens mit '
   || 'Ablauf des sechsten auf den Bewilligungszeitraum folgenden Monats; quoted in issue 13), '
   || 'Nr. 6.1 Satz 2 (Zwischennachweis binnen vier Monaten nach Ablauf des Haushaltsjahres '
   || 'über die in diesem Jahr erhaltenen Beträge; assumption: as recalled, four months '
   || 'confirmed for NABF Nr. 4.4 only); § 49a Abs. 4 VwVfG'),
  ('anbest-p-nrw', 'ANBest-P (NRW): private Träger', 0, 2, 'months', 6, 6, 4, 1,
   'ANBest-P NRW (Anlage 2 zu VV Nr. 5.1 zu § 44 LHO NRW) Nr. 1.4 (zwei Monate nach '
   || 'Auszahlung; shared domain.md), Nr. 6.1 (assumption: same wording as ANBest-P Bund '
   || 'Nr. 6.1, not verified against the NRW text); § 49a Abs. 4 VwVfG NRW'),
  ('anbest-gk', 'ANBest-Gk (Bund): Gemeinde als Empfängerin', 0, 2, 'months', 12, NULL, 4, 1,
   'ANBest-Gk Nr. 1.2 (zwei Monate nach der Auszahlung; verified: text of the ANBest-Gk), '
   || 'Nr. 6.1 (innerhalb eines Jahres nach Erfüllung des Zuwendungszwecks; verified only '
   || 'through a secondary source, gigabit.nrw FAQ; no second limb found), Zwischennachweis '
   || 'four months after the fiscal year (assumption, as ANBest-P Nr. 6.1); § 49a Abs. 4 VwVfG'),
  ('anbest-g-nrw', 'ANBest-G (NRW): Gemeinde als Empfängerin', 0, 2, 'months', 6, 6, 4, 1,
   'ANBest-G NRW (Anlage 3 zu VV Nr. 5.1 zu § 44 LHO NRW / VVG) Nr. 1.4 (zwei Monate nach '
   || 'Auszahlung; shared domain.md), proof of use and Zwischennachweis (assumption: as '
   || 'ANBest-P Nr. 6.1, the earlier and so the safer deadline; the ANBest-G text was not '
   || 'found); § 49a Abs. 4 VwVfG NRW'),
  ('own', 'Eigenmittel der Stadt: keine Nebenbestimmungen', 0, NULL, NULL, NULL, NULL, NULL, 0,
   'the city''s own budget money has no Zuwendungsbescheid and so no Nebenbestimmungen: '
   || 'no drawdown horizon, no proof of use, no interest (shared domain.md, "Which terms apply")'),
  ('esf-plus', 'ESF Plus: Fördergrundsätze des Programms (Zusatz)', 1, NULL, NULL, NULL, NULL,
   NULL, NULL,
   'Regulation (EU) 2021/1060 (CPR) and the programme''s Fördergrundsätze, on top of the '
   || 'national set; no deadline of its own was verified, so the national set''s deadlines '
   || 'stand (assumption); document retention (Art. 82 CPR) is not a deadline computed here');
INSERT INTO terms (name, label, addition, drawdown_n, drawdown_unit, proof_fulfil_months,
                   proof_period_months, interim_months, interest, source)
SELECT name, label, addition, drawdown_n, drawdown_unit, proof_fulfil_months,
       proof_period_months, interim_months, interest, source FROM terms_shipped;

-- The terms named by the programme (its default for its grants) and by the
-- decision itself (overriding the programme's), plus an optional addition.
ALTER TABLE programme ADD COLUMN terms TEXT REFERENCES terms (name);
ALTER TABLE "grant" ADD COLUMN terms TEXT REFERENCES terms (name);
ALTER TABLE "grant" ADD COLUMN terms_addition TEXT REFERENCES terms (name);
-- The day the purpose was fulfilled (Zweckerfüllung); NULL: the period end.
ALTER TABLE "grant" ADD COLUMN fulfilled_date TEXT
  CHECK (fulfilled_date IS NULL OR date(fulfilled_date, '+0 days') IS fulfilled_date);
-- An extended deadline for the final proof (Fristverlängerung) replaces the
-- computed one; it needs the reason (the authority's letter).
ALTER TABLE "grant" ADD COLUMN proof_due TEXT
  CHECK (proof_due IS NULL OR date(proof_due, '+0 days') IS proof_due);
ALTER TABLE "grant" ADD COLUMN proof_due_reason TEXT
  CHECK (proof_due_reason IS NULL OR length(trim(proof_due_reason)) BETWEEN 1 AND 300);

-- Where neither the decision nor the programme names terms, the recipient
-- decides: the ledger's grants are the city's own (a municipality as
-- recipient), so money of the city's own budget (a municipal funder) has
-- none, federal money ANBest-Gk, state money ANBest-G NRW. EU money reaches
-- a city through a national authority: the EU programmes of the domain
-- (EHAP, EhAP Plus) are run by the BMAS, so ANBest-Gk; an NRW-run EU
-- programme names anbest-g-nrw on the programme. No addition is guessed.
-- Existing databases migrate by this rule without a row being rewritten
-- ('check' notes it while programmes name no terms).
CREATE VIEW funder_default_terms (funder_id, terms) AS
SELECT f.id, CASE f.level WHEN 'municipal' THEN 'own' WHEN 'state' THEN 'anbest-g-nrw'
             ELSE 'anbest-gk' END
FROM funder f;

CREATE VIEW programme_terms (programme_id, terms, defaulted) AS
SELECT p.id, coalesce(p.terms, d.terms), p.terms IS NULL
FROM programme p JOIN funder_default_terms d ON d.funder_id = p.funder_id;

CREATE VIEW grant_terms (grant_id, terms, addition, source) AS
SELECT g.id, coalesce(g.terms, pt.terms), g.terms_addition,
       CASE WHEN g.terms IS NOT NULL THEN 'grant'
            WHEN NOT pt.defaulted THEN 'programme' ELSE 'recipient' END
FROM "grant" g JOIN programme_terms pt ON pt.programme_id = g.programme_id;

-- The old per-programme numbers, still carried in the exchange files
-- (drawdown-days, proof-months) for partners on older versions: derived
-- from the terms (a month as 30 days, as before; no horizon as 366 days).
-- They drive nothing any more.
CREATE VIEW terms_legacy (name, drawdown_days, proof_months) AS
SELECT name,
       CASE drawdown_unit WHEN 'weeks' THEN 7 * drawdown_n WHEN 'months' THEN 30 * drawdown_n
                          ELSE 366 END,
       coalesce(proof_period_months, proof_fulfil_months, 0)
FROM terms WHERE addition = 0;

-- The audit trail (003): the documents name the new values only when set,
-- so records logged before keep their documents.
DROP VIEW audit_docs;
DROP VIEW audit_doc_programme;
CREATE VIEW audit_doc_programme (row_id, record_key, audited, doc) AS
SELECT p.id, p.code, c.own,
       CASE WHEN p.terms IS NULL THEN
         json_object('code', p.code, 'name', p.name, 'funder', f.code, 'fund', p.fund,
                     'rate_bp', p.rate_bp, 'financing', p.financing,
                     'drawdown_days', p.drawdown_days, 'proof_months', p.proof_months)
       ELSE
         json_object('code', p.code, 'name', p.name, 'funder', f.code, 'fund', p.fund,
                     'rate_bp', p.rate_bp, 'financing', p.financing,
                     'drawdown_days', p.drawdown_days, 'proof_months', p.proof_months,
                     'terms', p.terms)
       END
FROM programme p JOIN city c ON c.id = p.city_id JOIN funder f ON f.id = p.funder_id;

DROP VIEW audit_doc_grant;
CREATE VIEW audit_doc_grant (row_id, record_key, audited, doc) AS
SELECT g.id, g.ref, c.own,
       CASE WHEN g.terms IS NULL AND g.terms_addition IS NULL AND g.fulfilled_date IS NULL
                 AND g.proof_due IS NULL THEN
         json_object('ref', g.ref, 'project', p.code, 'programme', pg.code,
                     'applied_date', g.applied_date, 'decided_date', g.decided_date,
                     'period_from', g.period_from, 'period_to', g.period_to,
                     'approved_cents', g.approved_cents, 'eligible_cents', g.eligible_cents,
                     'rate_bp', g.rate_bp, 'financing', g.financing, 'status', g.status,
                     'note', g.note)
       ELSE
         json_object('ref', g.ref, 'project', p.code, 'programme', pg.code,
                     'applied_date', g.applied_date, 'decided_date', g.decided_date,
                     'period_from', g.period_from, 'period_to', g.period_to,
                     'approved_cents', g.approved_cents, 'eligible_cents', g.eligible_cents,
                     'rate_bp', g.rate_bp, 'financing', g.financing, 'status', g.status,
                     'note', g.note, 'terms', g.terms, 'terms_addition', g.terms_addition,
                     'fulfilled_date', g.fulfilled_date, 'proof_due', g.proof_due,
                     'proof_due_reason', g.proof_due_reason)
       END
FROM "grant" g JOIN city c ON c.id = g.city_id
JOIN project p ON p.id = g.project_id JOIN programme pg ON pg.id = g.programme_id;

CREATE VIEW audit_doc_terms (row_id, record_key, audited, doc) AS
SELECT t.rowid, t.name,
       NOT EXISTS (SELECT 1 FROM terms_shipped s WHERE s.name = t.name AND s.label = t.label
                   AND s.addition = t.addition AND s.drawdown_n IS t.drawdown_n
                   AND s.drawdown_unit IS t.drawdown_unit
                   AND s.proof_fulfil_months IS t.proof_fulfil_months
                   AND s.proof_period_months IS t.proof_period_months
                   AND s.interim_months IS t.interim_months AND s.interest IS t.interest
                   AND s.source = t.source),
       json_object('name', t.name, 'label', t.label, 'addition', t.addition,
                   'drawdown_n', t.drawdown_n, 'drawdown_unit', t.drawdown_unit,
                   'proof_fulfil_months', t.proof_fulfil_months,
                   'proof_period_months', t.proof_period_months,
                   'interim_months', t.interim_months, 'interest', t.interest,
                   'source', t.source)
FROM terms t;

CREATE TRIGGER audit_terms_insert AFTER INSERT ON terms
WHEN (SELECT audited FROM audit_doc_terms WHERE row_id = NEW.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'terms', row_id, record_key, 'insert', NULL, doc
  FROM audit_doc_terms WHERE row_id = NEW.rowid;
END;

CREATE TRIGGER audit_terms_update_old BEFORE UPDATE ON terms
WHEN (SELECT audited FROM audit_doc_terms WHERE row_id = OLD.rowid) = 1
BEGIN
  INSERT OR REPLACE INTO audit_pending (table_name, row_id, doc)
  SELECT 'terms', row_id, doc FROM audit_doc_terms WHERE row_id = OLD.rowid;
END;

CREATE TRIGGER audit_terms_update AFTER UPDATE ON terms
WHEN (SELECT audited FROM audit_doc_terms WHERE row_id = NEW.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'terms', v.row_id, v.record_key, 'update', p.doc, v.doc
  FROM audit_doc_terms v
  LEFT JOIN audit_pending p ON p.table_name = 'terms' AND p.row_id = OLD.rowid
  WHERE v.row_id = NEW.rowid AND p.doc IS NOT v.doc;
  DELETE FROM audit_pending WHERE table_name = 'terms' AND row_id = OLD.rowid;
END;

CREATE TRIGGER audit_terms_delete BEFORE DELETE ON terms
WHEN (SELECT audited FROM audit_doc_terms WHERE row_id = OLD.rowid) = 1
BEGIN
  INSERT INTO audit_append (table_name, row_id, record_key, action, old, new)
  SELECT 'terms', row_id, record_key, 'delete', doc, NULL
  FROM audit_doc_terms WHERE row_id = OLD.rowid;
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
SELECT 'base_rate', row_id, record_key, audited, doc FROM audit_doc_base_rate
UNION ALL
SELECT 'grant_condition', row_id, record_key, audited, doc FROM audit_doc_grant_condition
UNION ALL
SELECT 'grant_amendment', row_id, record_key, audited, doc FROM audit_doc_grant_amendment
UNION ALL
SELECT 'check_ack', row_id, record_key, audited, doc FROM audit_doc_check_ack
UNION ALL
SELECT 'terms', row_id, record_key, audited, doc FROM audit_doc_terms;
