-- 001: the grant ledger. Money is INTEGER cents, rates INTEGER basis points
-- (85 % = 8500), dates ISO text checked against the calendar:
-- date(x, '+0 days') normalises 2025-02-30 to 2025-03-02, so it equals x only
-- for real dates.

CREATE TABLE city (
  id          INTEGER PRIMARY KEY,
  ags         TEXT NOT NULL UNIQUE
              CHECK (ags GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  population  INTEGER CHECK (population IS NULL OR population > 0),
  own         INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1))
) STRICT;
-- Exactly one city is the local one.
CREATE UNIQUE INDEX city_single_own ON city (own) WHERE own = 1;

CREATE TABLE district (
  id          INTEGER PRIMARY KEY,
  city_id     INTEGER NOT NULL REFERENCES city (id) ON DELETE CASCADE,
  code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40
                                   AND code NOT GLOB '*[^A-Za-z0-9._/-]*'),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  action_area INTEGER NOT NULL DEFAULT 0 CHECK (action_area IN (0, 1)),
  UNIQUE (city_id, code)
) STRICT;

CREATE TABLE funder (
  id          INTEGER PRIMARY KEY,
  city_id     INTEGER NOT NULL REFERENCES city (id) ON DELETE CASCADE,
  code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40
                                   AND code NOT GLOB '*[^A-Za-z0-9._/-]*'),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  level       TEXT NOT NULL CHECK (level IN ('eu', 'federal', 'state', 'municipal')),
  UNIQUE (city_id, code)
) STRICT;

CREATE TABLE programme (
  id            INTEGER PRIMARY KEY,
  city_id       INTEGER NOT NULL REFERENCES city (id) ON DELETE CASCADE,
  code          TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40
                                     AND code NOT GLOB '*[^A-Za-z0-9._/-]*'),
  name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
  funder_id     INTEGER NOT NULL REFERENCES funder (id) ON DELETE CASCADE,
  fund          TEXT,
  rate_bp       INTEGER CHECK (rate_bp IS NULL OR rate_bp BETWEEN 0 AND 10000),
  financing     TEXT NOT NULL DEFAULT 'share'
                CHECK (financing IN ('share', 'deficit', 'fixed', 'full')),
  drawdown_days INTEGER NOT NULL CHECK (drawdown_days BETWEEN 1 AND 366),
  proof_months  INTEGER NOT NULL DEFAULT 6 CHECK (proof_months BETWEEN 0 AND 36),
  UNIQUE (city_id, code)
) STRICT;

CREATE TABLE project (
  id             INTEGER PRIMARY KEY,
  city_id        INTEGER NOT NULL REFERENCES city (id) ON DELETE CASCADE,
  code           TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40
                                      AND code NOT GLOB '*[^A-Za-z0-9._/-]*'),
  title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
  field          TEXT NOT NULL CHECK (field IN ('housing', 'health', 'language',
                                                'qualification', 'social-work')),
  district_id    INTEGER REFERENCES district (id) ON DELETE SET NULL,
  carrier        TEXT,
  target_group   TEXT,
  start_date     TEXT CHECK (start_date IS NULL OR date(start_date, '+0 days') IS start_date),
  end_date       TEXT CHECK (end_date IS NULL OR date(end_date, '+0 days') IS end_date),
  costs_cents    INTEGER CHECK (costs_cents IS NULL OR costs_cents >= 0),
  predecessor_id INTEGER REFERENCES project (id) ON DELETE SET NULL
                 CHECK (predecessor_id IS NULL OR predecessor_id <> id),
  UNIQUE (city_id, code),
  CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
) STRICT;
-- A chain is linear: a project has at most one successor.
CREATE UNIQUE INDEX project_single_successor ON project (predecessor_id)
  WHERE predecessor_id IS NOT NULL;

CREATE TABLE "grant" (
  id             INTEGER PRIMARY KEY,
  city_id        INTEGER NOT NULL REFERENCES city (id) ON DELETE CASCADE,
  ref            TEXT NOT NULL CHECK (length(trim(ref)) BETWEEN 1 AND 64
                                      AND ref NOT GLOB '*[' || char(1) || '-' || char(31) || ']*'),
  project_id     INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  programme_id   INTEGER NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
  applied_date   TEXT CHECK (applied_date IS NULL OR date(applied_date, '+0 days') IS applied_date),
  decided_date   TEXT CHECK (decided_date IS NULL OR date(decided_date, '+0 days') IS decided_date),
  period_from    TEXT NOT NULL CHECK (date(period_from, '+0 days') IS period_from),
  period_to      TEXT NOT NULL CHECK (date(period_to, '+0 days') IS period_to),
  approved_cents INTEGER NOT NULL CHECK (approved_cents >= 0),
  eligible_cents INTEGER CHECK (eligible_cents IS NULL OR eligible_cents >= 0),
  rate_bp        INTEGER CHECK (rate_bp IS NULL OR rate_bp BETWEEN 0 AND 10000),
  financing      TEXT NOT NULL CHECK (financing IN ('share', 'deficit', 'fixed', 'full')),
  status         TEXT NOT NULL CHECK (status IN ('applied', 'approved', 'rejected', 'running',
                                                 'proof-due', 'closed', 'revoked')),
  note           TEXT,
  UNIQUE (city_id, ref),
  CHECK (period_to >= period_from),
  CHECK (applied_date IS NULL OR decided_date IS NULL OR decided_date >= applied_date)
) STRICT;
CREATE INDEX grant_project ON "grant" (project_id);
CREATE INDEX grant_programme ON "grant" (programme_id);

-- The yearly split of a grant (Jährlichkeitsprinzip): one row per fiscal year.
CREATE TABLE allocation (
  id           INTEGER PRIMARY KEY,
  grant_id     INTEGER NOT NULL REFERENCES "grant" (id) ON DELETE CASCADE,
  year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  UNIQUE (grant_id, year)
) STRICT;

-- Bookings are never edited or deleted: a correction is a reversing booking
-- (same grant and kind, negated amount, reverses_id pointing at the original).
CREATE TABLE booking (
  id           INTEGER PRIMARY KEY,
  grant_id     INTEGER NOT NULL REFERENCES "grant" (id) ON DELETE CASCADE,
  date         TEXT NOT NULL CHECK (date(date, '+0 days') IS date),
  kind         TEXT NOT NULL CHECK (kind IN ('drawdown', 'expenditure', 'repayment', 'interest')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
  reference    TEXT,
  note         TEXT,
  reverses_id  INTEGER REFERENCES booking (id),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (amount_cents > 0 OR reverses_id IS NOT NULL)
) STRICT;
CREATE INDEX booking_grant_date ON booking (grant_id, date);
CREATE UNIQUE INDEX booking_single_reversal ON booking (reverses_id)
  WHERE reverses_id IS NOT NULL;

CREATE TRIGGER booking_immutable BEFORE UPDATE ON booking
BEGIN
  SELECT RAISE(ABORT, 'bookings are immutable: write a reversing booking instead');
END;

-- Own bookings are never deleted; imported cities' data is replaced as a
-- whole snapshot, which deletes their bookings.
CREATE TRIGGER booking_own_undeletable BEFORE DELETE ON booking
WHEN (SELECT c.own FROM "grant" g JOIN city c ON c.id = g.city_id
      WHERE g.id = OLD.grant_id) = 1
BEGIN
  SELECT RAISE(ABORT, 'bookings are immutable: write a reversing booking instead');
END;

CREATE TRIGGER booking_reversal_matches BEFORE INSERT ON booking
WHEN NEW.reverses_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM booking o
  WHERE o.id = NEW.reverses_id AND o.grant_id = NEW.grant_id AND o.kind = NEW.kind
    AND o.amount_cents = -NEW.amount_cents AND o.reverses_id IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'a reversal must negate an original booking of the same grant and kind');
END;

-- Key/value settings (e.g. base-rate for interest on idle funds).
CREATE TABLE setting (
  key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
  value TEXT NOT NULL
) STRICT;
