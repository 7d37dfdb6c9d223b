/* cmd_demo.c - demo: (re)create a database holding the demo data set. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "demo.h"
#include "money.h"

/* 1 when path holds data that is not an earlier demo (so must not be
 * overwritten without --force), 0 when it is missing or a demo, -1 when
 * it cannot be read. */
static int holds_real_data(struct ft_ctx *ctx)
{
	struct stat sb;
	struct store *st;
	struct ft_error err;
	int real;

	int server = db_is_server_target(ctx->db_path);

	if (!server && stat(ctx->db_path, &sb) != 0)
		return 0;
	/* a server database is there: empty (made ready here) or not */
	if (store_open(&st, ctx->db_path, server ? STORE_CREATE : STORE_EXISTING, ctx->journal,
		       &err)) {
		ctx_error(ctx, &err);
		return -1;
	}
	real = demo_holds_real_data(st);
	store_close(st);
	return real;
}

static int remove_database(struct ft_ctx *ctx)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

	if (db_is_server_target(ctx->db_path)) {
		struct ft_error err;

		if (store_erase_server(ctx->db_path, &err) == 0)
			return 0;
		ctx_error(ctx, &err);
		return -1;
	}

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s%s", ctx->db_path, suffixes[i]);
		if (unlink(path) != 0 && errno != ENOENT) {
			ctx_note(ctx, "cannot remove '%s': %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void print_summary(struct ft_ctx *ctx, const struct demo_summary *s)
{
	char approved[MONEY_BUF], drawn[MONEY_BUF], spent[MONEY_BUF];

	money_format_de(s->approved_cents, approved);
	money_format_de(s->drawn_cents, drawn);
	money_format_de(s->spent_cents, spent);
	ctx_say(ctx,
		"demo database '%s' created: Dortmund (05913000)\n"
		"  %d districts, %d funders on all four levels, %d programmes\n"
		"  %d projects (%d chains of successive projects), %d grants, %d yearly allocations,\n"
		"  %d bookings, %d proofs of use\n"
		"  approved %s, drawn down %s, spent %s\n"
		"try: fundtrack budget --by level | fundtrack check | fundtrack project show ANK-3",
		ctx->db_path, s->districts, s->funders, s->programmes, s->projects, s->chains,
		s->grants, s->allocations, s->bookings, s->proofs, approved, drawn, spent);
}

enum demo_opt { O_FORCE };
static const struct arg_opt demo_opts[] = {
	[O_FORCE] = { "--force", 0, NULL, 0, NULL, NULL,
		      "replace a database that holds data that is not a demo" },
};

static int run_demo(struct ft_ctx *ctx, int argc, char **argv)
{
	struct demo_summary summary;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	rc = holds_real_data(ctx);
	if (rc < 0)
		return EXIT_ERROR;
	if (rc && !a.seen[O_FORCE]) {
		ctx_note(ctx,
			"'%s' holds data that is not a demo; refusing to overwrite it "
			"(give another --db, or --force to replace it)",
			ctx->db_path);
		return EXIT_ERROR;
	}
	if (remove_database(ctx) || ctx_open_store(ctx, STORE_CREATE))
		return EXIT_ERROR;
	/* The demo's records enter the audit log as written by "demo". */
	if (store_set_actor(ctx->st, "demo", NULL, &err) ||
	    demo_build(ctx->st, &summary, &err) ||
	    store_setting_set(ctx->st, "demo", "1", &err))
		return ctx_error(ctx, &err);
	print_summary(ctx, &summary);
	return EXIT_OK;
}

const struct ft_command cmd_demo_entry = {
	.name = "demo", .run = run_demo, .summary = "create a database with a realistic demo data set",
	FT_OPTS(demo_opts),
	.help = "Creates (or recreates) the database (see --db) with a fictional data set\n"
	"modelled on Dortmund: districts of the Nordstadt, funders on all four levels,\n"
	"programmes modelled on EHAP, ESF+, the NRW South-East-Europe programme, urban\n"
	"development and the city's own budget, 21 projects in all five fields, chains\n"
	"of successive projects with gaps, allocations and bookings over several years.\n"
	"All dates are relative to today. An existing database that is not a demo is\n"
	"only replaced with --force; a file that is not a fundtrack database (another\n"
	"program's SQLite database, a spreadsheet) never.\n",
};
