-- compat.sql: SQLite's behaviour where fundtrack's SQL relies on it, as
-- PostgreSQL functions (issue 20). Created by `fundtrack db init-server`
-- (schema/pg/init-server.sql) in the schema "fundtrack", which comes
-- before pg_catalog in the role's search_path, so that one SQL text runs
-- on both engines. Each function says which SQLite rule it copies; a
-- function here is only for what the survey (docs/postgresql.md) found in
-- use, nothing more.

-- Ids as SQLite gives them to an INTEGER PRIMARY KEY without AUTOINCREMENT:
-- the largest id + 1 (https://sqlite.org/autoinc.html). A sequence would
-- skip numbers after a rollback or ON CONFLICT DO NOTHING, and ids appear
-- in fundtrack's output. Safe because writers are serialised: the same
-- advisory lock as db_pg.c's write transactions (the key is "FUNDTRAC"),
-- taken again here for writes outside db_begin.
CREATE OR REPLACE FUNCTION ft_next_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  col text := coalesce(TG_ARGV[0], 'id'); -- 'rowid': SQLite's hidden rowid, made visible
  next bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(5068043011054780739);
  -- the tables an import fills row by row in static SQL, whose plan
  -- PL/pgSQL keeps (EXECUTE parses and plans on every row: 60 us a row,
  -- issue 20's bench); only when the unqualified name finds the trigger's
  -- own table (it is in the first schema of the search_path)
  IF col = 'id' AND TG_TABLE_SCHEMA = current_schema() THEN
    CASE TG_TABLE_NAME
      WHEN 'project' THEN SELECT coalesce(max(id), 0) + 1 INTO next FROM project;
      WHEN 'grant' THEN SELECT coalesce(max(id), 0) + 1 INTO next FROM "grant";
      WHEN 'allocation' THEN SELECT coalesce(max(id), 0) + 1 INTO next FROM allocation;
      ELSE NULL;
    END CASE;
  END IF;
  IF next IS NULL THEN
    EXECUTE format('SELECT coalesce(max(%I), 0) + 1 FROM %I.%I', col, TG_TABLE_SCHEMA,
                   TG_TABLE_NAME) INTO next;
  END IF;
  IF col = 'id' THEN
    NEW.id := next;
  ELSE
    NEW.rowid := next;
  END IF;
  RETURN NEW;
END $$;

-- date(x, modifier) for the forms in use: '+0 days' (the schema's date
-- check) and '+N days' / '-N day(s)' (readmodel.c): x when it is a date
-- YYYY-MM-DD, a day past the month's end normalised as SQLite does
-- (2025-02-30 -> 2025-03-02), then the days added; NULL for anything else
-- (https://sqlite.org/lang_datefunc.html: days 01-31 are accepted, the
-- date is computed through the julian day number). Other modifiers raise
-- an error instead of a silently different answer.
CREATE OR REPLACE FUNCTION date(x text, modifier text DEFAULT '+0 days') RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  m text[];
  shift text[] := regexp_match(modifier, '^\s*([+-]?\d+) days?\s*$');
BEGIN
  IF shift IS NULL THEN
    RAISE EXCEPTION 'date(): modifier % is not supported on PostgreSQL', modifier;
  END IF;
  m := regexp_match(x, '^(\d{4})-(\d{2})-(\d{2})$');
  IF m IS NULL OR m[2]::int NOT BETWEEN 1 AND 12 OR m[3]::int NOT BETWEEN 1 AND 31 THEN
    RETURN NULL;
  END IF;
  RETURN to_char(make_date(m[1]::int, m[2]::int, 1) + (m[3]::int - 1) + shift[1]::int,
                 'YYYY-MM-DD');
END $$;

-- COLLATE NOCASE (exchange_import.c): case-insensitive comparison.
-- Assumption: SQLite's NOCASE folds ASCII letters only; this ICU
-- collation also folds other letters (Ä = ä). Names compared this way
-- are city names, where the difference does not change a match that
-- matters; a test should pin it down before a city relies on it.
DO $$ BEGIN
  CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

-- strftime(fmt, x) for the formats in use: %Y %m %d %H %M %S and literal
-- text; x 'now' is the transaction's start in UTC (SQLite: the statement's;
-- the same within fundtrack's one-statement uses), else an ISO date/time.
CREATE OR REPLACE FUNCTION strftime(fmt text, x text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  t timestamp;
  out text := '';
  i int := 1;
  c text;
BEGIN
  IF x = 'now' THEN
    t := now() AT TIME ZONE 'UTC';
  ELSE
    BEGIN
      t := replace(rtrim(x, 'Z'), 'T', ' ')::timestamp;
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END;
  END IF;
  WHILE i <= length(fmt) LOOP
    c := substr(fmt, i, 1);
    IF c = '%' AND i < length(fmt) THEN
      i := i + 1;
      c := substr(fmt, i, 1);
      out := out || CASE c
        WHEN 'Y' THEN to_char(t, 'YYYY') WHEN 'm' THEN to_char(t, 'MM')
        WHEN 'd' THEN to_char(t, 'DD') WHEN 'H' THEN to_char(t, 'HH24')
        WHEN 'M' THEN to_char(t, 'MI') WHEN 'S' THEN to_char(t, 'SS')
        WHEN '%' THEN '%'
        ELSE NULL END;
      IF out IS NULL THEN
        RAISE EXCEPTION 'strftime(): %% % is not supported on PostgreSQL', c;
      END IF;
    ELSE
      out := out || c;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN out;
END $$;

-- x GLOB pattern (the translator writes ft_glob(x, pattern)): * ? [...]
-- [^...] as in SQLite (https://sqlite.org/lang_expr.html#glob), case
-- sensitive, the whole string.
CREATE OR REPLACE FUNCTION ft_glob(x text, pattern text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  rx text := '^';
  i int := 1;
  c text;
  in_class boolean := false;
BEGIN
  IF x IS NULL OR pattern IS NULL THEN
    RETURN NULL;
  END IF;
  WHILE i <= length(pattern) LOOP
    c := substr(pattern, i, 1);
    IF in_class THEN
      IF c = ']' THEN in_class := false; rx := rx || ']';
      ELSIF c = '\' THEN rx := rx || '\\';
      ELSE rx := rx || c; END IF;
    ELSIF c = '*' THEN rx := rx || '.*';
    ELSIF c = '?' THEN rx := rx || '.';
    ELSIF c = '[' THEN
      in_class := true;
      rx := rx || '[';
      IF substr(pattern, i + 1, 1) = '^' THEN rx := rx || '^'; i := i + 1; END IF;
      IF substr(pattern, i + 1, 1) = ']' THEN rx := rx || '\]'; i := i + 1; END IF;
    ELSE
      rx := rx || regexp_replace(c, '([.+(){}|^$\\\[\]*?])', '\\\1', 'g');
    END IF;
    i := i + 1;
  END LOOP;
  RETURN x ~ (rx || '$');
END $$;

-- Who writes and with which command (app/store/audit_chain.h): db_pg.c
-- sets fundtrack.audit_user and fundtrack.audit_command per connection
-- (SET fundtrack.audit_user = ...). Without them a write fails, as in SQLite
-- without the registered functions.
CREATE OR REPLACE FUNCTION ft_audit_user() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v text := current_setting('fundtrack.audit_user', true);
BEGIN
  IF v IS NULL OR v = '' THEN
    RAISE EXCEPTION 'no such function: ft_audit_user';
  END IF;
  RETURN v;
END $$;

-- The partner city being imported in bulk (schema/013, app/store
-- store_audit_bulk_city), 0 when none: its rows skip the per-row audit,
-- proven by the delivery's rows digest instead. The importer sets
-- fundtrack.audit_bulk inside its transaction (SET LOCAL).
CREATE OR REPLACE FUNCTION ft_audit_bulk() RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('fundtrack.audit_bulk', true), '')::bigint, 0)
$$;

CREATE OR REPLACE FUNCTION ft_audit_command() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v text := current_setting('fundtrack.audit_command', true);
BEGIN
  IF v IS NULL THEN
    RAISE EXCEPTION 'no such function: ft_audit_command';
  END IF;
  RETURN v;
END $$;

-- The entry's hash, byte for byte as audit_hash_fields in
-- app/store/audit_chain.c: SHA-256 over prev "\n" f1 ... "\n" f10, each
-- field "-" for NULL, else its length in bytes, ':' and its text.
CREATE OR REPLACE FUNCTION ft_audit_field(v text) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '\x0a2d'::bytea
              ELSE '\x0a'::bytea || convert_to(octet_length(v) || ':', 'UTF8')
                   || convert_to(v, 'UTF8') END
$$;

CREATE OR REPLACE FUNCTION ft_audit_hash(prev text, id bigint, at text, user_name text,
                                         command text, table_name text, row_id bigint,
                                         record_key text, action text, old text, new text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev, 'UTF8')
                       || ft_audit_field(id::text) || ft_audit_field(at)
                       || ft_audit_field(user_name) || ft_audit_field(command)
                       || ft_audit_field(table_name) || ft_audit_field(row_id::text)
                       || ft_audit_field(record_key) || ft_audit_field(action)
                       || ft_audit_field(old) || ft_audit_field(new)), 'hex')
$$;

-- json_object(k1, v1, ...) as SQLite writes it: compact, keys in the
-- order given, text quoted and escaped, numbers bare, NULL as null
-- (https://sqlite.org/json1.html#jobj). The translator (tools/schema-pg.py)
-- writes ft_json_object(VARIADIC ARRAY[k1, ft_jv(v1), ...]): each value
-- already as JSON text. PostgreSQL's json_build_object spaces its output
-- ("a" : 1), and audit documents are compared and hashed as text.
CREATE OR REPLACE FUNCTION ft_jv(v anyelement) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(to_json(v)::text, 'null') $$;

CREATE OR REPLACE FUNCTION ft_json_object(VARIADIC kv text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT '{' || coalesce(string_agg(to_json(kv[i])::text || ':' || kv[i + 1], ',' ORDER BY i),
                         '') || '}'
  FROM generate_subscripts(kv, 1) AS i
  WHERE i % 2 = 1
$$;

-- json_patch(target, patch) for flat objects (RFC 7396 as SQLite does
-- it): the target's keys in their order with the patch's values, new
-- keys after them in the patch's order, a key patched to null removed.
CREATE OR REPLACE FUNCTION ft_json_patch(target text, patch text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  WITH t AS (SELECT key, value::text AS v, n FROM json_each(target::json) WITH ORDINALITY AS x(key, value, n)),
       p AS (SELECT key, value::text AS v, n FROM json_each(patch::json) WITH ORDINALITY AS x(key, value, n)),
       merged AS (
         SELECT t.key, coalesce(p.v, t.v) AS v, 0 AS part, t.n FROM t LEFT JOIN p USING (key)
         UNION ALL
         SELECT p.key, p.v, 1, p.n FROM p WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.key = p.key))
  SELECT '{' || coalesce(string_agg(to_json(key)::text || ':' || v, ',' ORDER BY part, n)
                           FILTER (WHERE v <> 'null'), '') || '}'
  FROM merged
$$;

-- status_counts(status): whether a grant in this status counts in the
-- figures, as ledger_status_counts in app/store/ledger.c (SQLite gets that
-- C function registered per connection; keep the two lists equal — the
-- test test_db_postgres/test_status_counts_matches_c compares them).
CREATE OR REPLACE FUNCTION status_counts(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(status IN ('approved', 'running', 'proof-due', 'closed', 'revoked'), false)
$$;

-- json_valid(x) and json_extract(x, '$.key.key...') for audit log's search by a
-- grant (app/store/audit.c): SQLite's answers for a flat object's key
-- (https://sqlite.org/json1.html): NULL for NULL, a string's value
-- unquoted, a number as written, null as NULL. Other paths raise an error.
CREATE OR REPLACE FUNCTION json_valid(x text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF x IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM x::json;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

CREATE OR REPLACE FUNCTION json_extract(x text, path text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF path !~ '^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$' THEN
    RAISE EXCEPTION 'json_extract(): path % is not supported on PostgreSQL', path;
  END IF;
  RETURN x::json #>> string_to_array(substr(path, 3), '.');
END $$;

-- SQLite's json_each(x) for a flat object, with the columns audit.c reads:
-- id (document order), key, value (a string unquoted, true/false as 1/0,
-- null as NULL, others as JSON text) and type (text, integer, real, true,
-- false, null, object, array). No rows for NULL.
CREATE OR REPLACE FUNCTION ft_json_each(doc text)
RETURNS TABLE (id bigint, key text, value text, type text)
LANGUAGE sql IMMUTABLE AS $$
  SELECT e.n, e.key,
         CASE json_typeof(e.value)
           WHEN 'string' THEN e.value #>> '{}'
           WHEN 'null' THEN NULL
           WHEN 'boolean' THEN CASE WHEN e.value::text = 'true' THEN '1' ELSE '0' END
           ELSE e.value::text END,
         CASE json_typeof(e.value)
           WHEN 'string' THEN 'text'
           WHEN 'number' THEN CASE WHEN e.value::text ~ '^-?[0-9]+$' THEN 'integer'
                                   ELSE 'real' END
           WHEN 'boolean' THEN e.value::text
           ELSE json_typeof(e.value) END
  FROM json_each(doc::json) WITH ORDINALITY AS e(key, value, n)
$$;

-- group_concat(x, separator) as SQLite's aggregate: NULLs skipped, in the
-- order the rows come (the tests' queries; fundtrack's own SQL uses none).
CREATE OR REPLACE FUNCTION ft_group_concat_step(acc text, x text, sep text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN x IS NULL THEN acc WHEN acc IS NULL THEN x ELSE acc || sep || x END
$$;
CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = ft_group_concat_step, STYPE = text);
CREATE OR REPLACE FUNCTION ft_group_concat_step(acc text, x text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT ft_group_concat_step(acc, x, ',') $$;
CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = ft_group_concat_step, STYPE = text);
CREATE OR REPLACE FUNCTION ft_group_concat_step(acc text, x bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT ft_group_concat_step(acc, x::text, ',') $$;
CREATE OR REPLACE AGGREGATE group_concat(bigint) (SFUNC = ft_group_concat_step, STYPE = text);
