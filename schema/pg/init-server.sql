-- init-server.sql: what a city's IT runs once on its PostgreSQL server
-- for fundtrack (issue 20), as a superuser or a role with CREATEROLE and
-- CREATEDB, connected to the database fundtrack is to use, e.g.
--
--   createdb -E UTF8 -T template0 fundtrack
--   fundtrack db init-server | psql -v ON_ERROR_STOP=1 -1 -d fundtrack
--
-- (`fundtrack db init-server` prints this file followed by compat.sql;
-- `fundtrack --db postgresql:///fundtrack db init-server --run` runs both
-- in one transaction.) It makes four roles and the schema; fundtrack
-- itself then creates and migrates its tables when the owner runs it once
-- (`fundtrack --db postgresql://.../fundtrack init` as a member of
-- fundtrack_owner), or when the owner copies a city there (`fundtrack db
-- copy city.db postgresql://.../fundtrack`).
--
-- Roles (group roles, NOLOGIN: people log in as their own roles, made
-- members below, so the audit log and the server's log name them):
--   fundtrack_owner    owns the schema and its tables; runs migrations.
--                      Not for daily work.
--   fundtrack_officer  the finance officers: read and write the ledger;
--                      may add to the audit log but never change or
--                      delete an entry (no UPDATE, DELETE, TRUNCATE on
--                      audit_log: permissions, not only triggers).
--   fundtrack_manager  reads everything, writes nothing.
--   fundtrack_network  the partner network's contact: reads, writes
--                      nothing.
-- Credentials never go on fundtrack's command line: each person keeps
-- theirs in ~/.pgpass (or PGPASSFILE) or a service file
-- (~/.pg_service.conf: --db 'postgresql:///?service=fundtrack'), or the
-- server authenticates them by Kerberos/peer.

-- Running it again is harmless (and brings compat.sql's functions up to
-- date). Roles belong to the whole cluster: a second database on the same
-- server (a test database beside the real one) finds them there already.
DO $$ BEGIN
  CREATE ROLE fundtrack_owner NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
  CREATE ROLE fundtrack_officer NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
  CREATE ROLE fundtrack_manager NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
  CREATE ROLE fundtrack_network NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA IF NOT EXISTS fundtrack AUTHORIZATION fundtrack_owner;
REVOKE ALL ON SCHEMA fundtrack FROM PUBLIC;
GRANT USAGE ON SCHEMA fundtrack
  TO fundtrack_officer, fundtrack_manager, fundtrack_network;

-- fundtrack's SQL finds its tables and the compatibility functions
-- (compat.sql) before PostgreSQL's built-in ones of the same name.
DO $$ BEGIN
  EXECUTE format('ALTER DATABASE %I SET search_path = fundtrack, pg_catalog',
                 current_database());
END $$;
SET search_path = fundtrack, pg_catalog;

-- Every table the owner creates: read for all three, write for officers.
ALTER DEFAULT PRIVILEGES FOR ROLE fundtrack_owner IN SCHEMA fundtrack
  GRANT SELECT ON TABLES TO fundtrack_officer, fundtrack_manager, fundtrack_network;
ALTER DEFAULT PRIVILEGES FOR ROLE fundtrack_owner IN SCHEMA fundtrack
  GRANT INSERT, UPDATE, DELETE ON TABLES TO fundtrack_officer;
ALTER DEFAULT PRIVILEGES FOR ROLE fundtrack_owner IN SCHEMA fundtrack
  GRANT EXECUTE ON FUNCTIONS TO fundtrack_officer, fundtrack_manager, fundtrack_network;
-- The audit log is the one exception: the migration that creates it
-- (schema/003_audit.sql, translated) runs
--   REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM fundtrack_officer;

-- The people (examples; IT adds its own):
--   CREATE ROLE mueller LOGIN IN ROLE fundtrack_officer;
--   CREATE ROLE schmidt LOGIN IN ROLE fundtrack_manager;
--   CREATE ROLE netz_dortmund LOGIN IN ROLE fundtrack_network;
-- Readers hold no write privilege; making their sessions read-only as
-- well needs the setting on each login role (role settings are not
-- inherited from a group role):
--   ALTER ROLE schmidt SET default_transaction_read_only = on;
-- and for the one who migrates (fundtrack init, fundtrack db copy into
-- the server): the tables must belong to fundtrack_owner, not to the
-- person, or the default privileges above do not apply; a member's
-- sessions become the owner with the role setting:
--   GRANT fundtrack_owner TO it_admin;
--   ALTER ROLE it_admin SET role = 'fundtrack_owner';

-- The compatibility functions (schema/pg/compat.sql, which follows this
-- file in `fundtrack db init-server`) belong to the owner.
SET ROLE fundtrack_owner;
