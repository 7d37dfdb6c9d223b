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
BEGIN
  PERFORM pg_advisory_xact_lock(5068043011054780739);
  EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
    INTO NEW.id;
  RETURN NEW;
END $$;

-- date(x, '+0 days'), the only form of date() the schema and queries use:
-- x when it is a date YYYY-MM-DD, a day past the month's end normalised
-- as SQLite does (2025-02-30 -> 2025-03-02), NULL for anything else
-- (https://sqlite.org/lang_datefunc.html: days 01-31 are accepted, the
-- date is then computed through the julian day number). Other modifiers
-- raise an error instead of a silently different answer.
CREATE OR REPLACE FUNCTION date(x text, modifier text DEFAULT '+0 days') RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  m text[];
BEGIN
  IF modifier IS DISTINCT FROM '+0 days' THEN
    RAISE EXCEPTION 'date(): modifier % is not supported on PostgreSQL', modifier;
  END IF;
  m := regexp_match(x, '^(\d{4})-(\d{2})-(\d{2})$');
  IF m IS NULL OR m[2]::int NOT BETWEEN 1 AND 12 OR m[3]::int NOT BETWEEN 1 AND 31 THEN
    RETURN NULL;
  END IF;
  RETURN to_char(make_date(m[1]::int, m[2]::int, 1) + (m[3]::int - 1), 'YYYY-MM-DD');
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
-- sets fundtrack.user and fundtrack.command per connection
-- (SET fundtrack.user = ...). Without them a write fails, as in SQLite
-- without the registered functions.
CREATE OR REPLACE FUNCTION ft_audit_user() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v text := current_setting('fundtrack.user', true);
BEGIN
  IF v IS NULL OR v = '' THEN
    RAISE EXCEPTION 'no such function: ft_audit_user';
  END IF;
  RETURN v;
END $$;

CREATE OR REPLACE FUNCTION ft_audit_command() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v text := current_setting('fundtrack.command', true);
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
