/* cmd_db.c - db init-server and db copy: a shared database on a
 * PostgreSQL server, and moving a city between SQLite and the server
 * (issue 20, docs/postgresql.md). */
#include <string.h>

#include "cli.h"
#include "db_copy.h"
#include "server_setup.h"

enum init_opt { I_RUN };
static const struct arg_opt init_opts[] = {
	[I_RUN] = { "--run", 0, NULL, 0, NULL, NULL,
		    "run the SQL against --db (a postgresql:// URI, as a role\n"
		    "that may create roles and the schema) instead of printing it" },
};

static int init_server_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (!a.seen[I_RUN]) {
		if (server_setup_print(ctx->out, &err)) {
			ctx->output_failed = 1;
			return ctx_error(ctx, &err);
		}
		return EXIT_OK;
	}
	if (server_setup_run(ctx->db_path, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "set up '%s': roles fundtrack_owner, fundtrack_officer, fundtrack_manager "
		     "and fundtrack_network, schema fundtrack and its functions\nnext, as a "
		     "member of fundtrack_owner: 'fundtrack --db URI init', or 'fundtrack db copy "
		     "FILE URI'",
		ctx->db_path);
	return EXIT_OK;
}

static int copy_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct db_copy_result res;
	char command[2048];
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'db copy' needs the database FROM and the new database "
					    "TO");
	ctx_command_line(ctx, command, sizeof(command));
	if (db_copy(a.pos[0], a.pos[1], ctx->journal, ctx->user, command, &res, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "copied '%s' to '%s': %d tables, %lld rows, %lld of them audit log entries "
		     "with their hash chain",
		a.pos[0], a.pos[1], res.tables, (long long)res.rows,
		(long long)res.audit_entries);
	return EXIT_OK;
}

static const struct arg_pos copy_pos[] = { { "FROM", NULL, "file", 0 },
					   { "TO", NULL, "file", 0 } };

static const struct ft_command db_subs[] = {
	{ .name = "init-server", .run = init_server_cmd,
	  .summary = "print (or run) the SQL that prepares a PostgreSQL server",
	  FT_OPTS(init_opts) },
	{ .name = "copy", .run = copy_cmd,
	  .summary = "copy a whole database into a new one (SQLite or PostgreSQL)",
	  FT_POS(copy_pos) },
};

const struct ft_command cmd_db_entry = {
	.name = "db", .summary = "set up a PostgreSQL server and move a city between databases",
	FT_SUBS(db_subs),
	.help = "A team on several machines shares one database on a PostgreSQL server:\n"
	"--db postgresql://host/fundtrack (or $FUNDTRACK_DB) instead of a file. The\n"
	"password never goes on the command line: libpq reads it from ~/.pgpass\n"
	"(PGPASSFILE) or a service file (--db 'postgresql:///?service=fundtrack').\n"
	"\n"
	"init-server prints the SQL a city's IT runs once, as a superuser, in the new\n"
	"database: the roles fundtrack_owner (owns the tables, runs the migrations),\n"
	"fundtrack_officer (reads and writes; may add to the audit log but never\n"
	"change or delete an entry: the server refuses it), fundtrack_manager and\n"
	"fundtrack_network (read only), the schema fundtrack and the functions that\n"
	"answer as SQLite does. --run runs it against --db instead.\n"
	"\n"
	"copy copies every table of FROM into TO, ids and the audit log with its\n"
	"hash chain included, in one transaction: either may be an SQLite file or a\n"
	"server database, in either direction. TO must be new or empty; 'audit\n"
	"verify' then says on TO what it says on FROM, and 'export' writes the same\n"
	"bytes. Copying to a server runs as a member of fundtrack_owner.\n"
	"\n"
	"example: createdb -E UTF8 -T template0 fundtrack\n"
	"         fundtrack db init-server | psql -v ON_ERROR_STOP=1 -1 -d fundtrack\n"
	"         fundtrack db copy stadt.db postgresql:///fundtrack\n",
};
