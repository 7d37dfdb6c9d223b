#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "audit_chain.h"

static const struct ft_command *const commands[] = {
	&cmd_init_entry,    &cmd_city_entry,  &cmd_district_entry, &cmd_funder_entry,
	&cmd_programme_entry, &cmd_project_entry, &cmd_grant_entry, &cmd_book_entry,
	&cmd_bookings_entry, &cmd_setting_entry, &cmd_demo_entry,
	&cmd_budget_entry, &cmd_plan_entry, &cmd_chains_entry, &cmd_check_entry,
	&cmd_deadlines_entry, &cmd_proof_entry,
	&cmd_model_entry,
	&cmd_report_entry,
	&cmd_import_csv_entry, &cmd_template_entry, &cmd_audit_entry, &cmd_complete_entry,
	&cmd_export_entry, &cmd_validate_entry, &cmd_import_entry, &cmd_cities_entry,
};
enum { NCOMMANDS = sizeof(commands) / sizeof(commands[0]) };

static const char global_usage[] =
	"usage: fundtrack [--db PATH] [--format table|csv|csv-de|json] [--journal wal|delete]\n"
	"                 [--user NAME] COMMAND [ARGS...]\n"
	"\n"
	"Records who funds the social work in a city's quarters: funders, programmes,\n"
	"projects, grants, yearly allocations and bookings, in one SQLite file.\n"
	"\n"
	"Global options (also accepted after the command):\n"
	"  --db PATH        database file (default: $FUNDTRACK_DB, else ./fundtrack.db)\n"
	"  --format F       table (German formats, default), csv, csv-de (German Excel)\n"
	"                   or json\n"
	"  --journal MODE   wal (default) or delete (for databases on network shares)\n"
	"  --user NAME      who is writing, for the audit log (default: $FUNDTRACK_USER,\n"
	"                   else the login name)\n"
	"  --version        print the version\n"
	"\n"
	"Amounts: 1234,56  1.234,56  1234.56  1.234,56 €   Dates: 31.12.2025 or 2025-12-31\n"
	"Exit codes: 0 ok, 1 error or invalid data, 2 usage.\n"
	"\n"
	"Commands:\n";

/* Messages may quote a value from a file: shown as the table shows text. */
static void print_message(FILE *f, const char *msg)
{
	fputs("fundtrack: ", f);
	out_put_visible(f, msg);
	fputc('\n', f);
}

int ctx_error(struct ft_ctx *ctx, const struct ft_error *err)
{
	print_message(ctx->err, err->msg[0] ? err->msg : "unknown error");
	return EXIT_ERROR;
}

static void print_usage_lines(FILE *f, const struct ft_command *cmd)
{
	const char *p = cmd->usage;

	/* Only the "usage:" lines and their continuation, not the details. */
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len == 0)
			break;
		fprintf(f, "%.*s\n", (int)len, p);
		p = nl ? nl + 1 : p + len;
	}
}

int ctx_usage_error(struct ft_ctx *ctx, const struct ft_command *cmd, const char *fmt, ...)
{
	char msg[FT_ERROR_MSG_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_message(ctx->err, msg);
	if (cmd) {
		print_usage_lines(ctx->err, cmd);
		fprintf(ctx->err, "(see 'fundtrack %s --help')\n", cmd->name);
	}
	return EXIT_USAGE;
}

int ctx_help(struct ft_ctx *ctx, const struct ft_command *cmd)
{
	fprintf(ctx->out, "%s", cmd->usage);
	return EXIT_OK;
}

int ctx_print(struct ft_ctx *ctx, const struct out_section *sections, size_t n)
{
	if (out_print(sections, n, ctx->format, ctx->out) != 0) {
		fprintf(ctx->err, "fundtrack: cannot write the output: %s\n", strerror(errno));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int ctx_print_table(struct ft_ctx *ctx, const struct out_table *t)
{
	struct out_section s = { NULL, NULL, t, 0 };

	return ctx_print(ctx, &s, 1);
}

void ctx_say(struct ft_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->format != OUT_TABLE)
		return;
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->out);
}

void ctx_command_line(const struct ft_ctx *ctx, char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "fundtrack");

	for (int i = 0; i < ctx->cmd_argc && used < size; i++) {
		const char *w = ctx->cmd_argv[i];
		int plain = *w && strcspn(w, " \t\n'\"\\$`;&|<>()*?") == strlen(w);

		used += (size_t)snprintf(buf + used, size - used, plain ? " %s" : " '%s'", w);
	}
}

int ctx_open_store(struct ft_ctx *ctx, enum store_mode mode)
{
	struct ft_error err;
	char command[2048];

	if (ctx->st)
		return 0;
	ctx_command_line(ctx, command, sizeof(command));
	if (store_open_as(&ctx->st, ctx->db_path, mode, ctx->journal, ctx->user, command, &err)) {
		ctx_error(ctx, &err);
		return -1;
	}
	return 0;
}

int ctx_parse(struct ft_ctx *ctx, const struct ft_command *cmd, int argc, char **argv,
	      struct arg_opt *opts, size_t nopts, struct args *out, int *rc)
{
	struct ft_error err;

	if (args_wants_help(argc, argv)) {
		*rc = ctx_help(ctx, cmd);
		return -1;
	}
	if (args_parse(argc, argv, opts, nopts, out, &err) != 0) {
		*rc = ctx_usage_error(ctx, cmd, "%s", err.msg);
		return -1;
	}
	return 0;
}

static const char *suggest(const char *word, const struct ft_command *const *table,
			   const struct ft_command *flat, size_t n)
{
	const char *names[64];

	if (n > 64)
		n = 64;
	for (size_t i = 0; i < n; i++)
		names[i] = table ? table[i]->name : flat[i].name;
	return args_closest(word, names, n);
}

int ctx_dispatch(struct ft_ctx *ctx, const struct ft_command *group,
		 const struct ft_command *subs, size_t nsubs, int argc, char **argv)
{
	const char *guess;

	if (argc < 2)
		return ctx_usage_error(ctx, group, "'%s' needs a sub-command", group->name);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return ctx_help(ctx, group);
	for (size_t i = 0; i < nsubs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(ctx, argc - 1, argv + 1);
	guess = suggest(argv[1], NULL, subs, nsubs);
	if (guess)
		return ctx_usage_error(ctx, group, "unknown sub-command '%s %s' (did you mean '%s %s'?)",
				       group->name, argv[1], group->name, guess);
	return ctx_usage_error(ctx, group, "unknown sub-command '%s %s'", group->name, argv[1]);
}

const struct ft_command *ft_command_at(size_t i)
{
	return i < NCOMMANDS ? commands[i] : NULL;
}

static const struct ft_command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int print_global_help(struct ft_ctx *ctx)
{
	fputs(global_usage, ctx->out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (commands[i]->summary) /* none: hidden (e.g. __complete) */
			fprintf(ctx->out, "  %-11s %s\n", commands[i]->name, commands[i]->summary);
	fputs("  help        show help for a command: fundtrack help COMMAND\n", ctx->out);
	return EXIT_OK;
}

static int unknown_command(struct ft_ctx *ctx, const char *name)
{
	const char *guess = suggest(name, commands, NULL, NCOMMANDS);

	if (guess)
		fprintf(ctx->err, "fundtrack: unknown command '%s' (did you mean '%s'?)\n", name, guess);
	else
		fprintf(ctx->err, "fundtrack: unknown command '%s'\n", name);
	fputs("(see 'fundtrack help' for the list of commands)\n", ctx->err);
	return EXIT_USAGE;
}

static int run_help(struct ft_ctx *ctx, int argc, char **argv)
{
	const struct ft_command *cmd;

	if (argc < 2)
		return print_global_help(ctx);
	cmd = find_command(argv[1]);
	if (!cmd)
		return unknown_command(ctx, argv[1]);
	return ctx_help(ctx, cmd);
}

/* Global options may stand anywhere before "--"; they are removed from
 * argv so commands never see them. Returns 0, or an exit code. */
static int take_global_options(struct ft_ctx *ctx, int *argc, char **argv)
{
	int kept = 1;

	for (int i = 1; i < *argc; i++) {
		const char *opt = argv[i];
		const char *value;

		if (strcmp(opt, "--") == 0) {
			while (i < *argc)
				argv[kept++] = argv[i++];
			break;
		}
		if (strcmp(opt, "--db") != 0 && strcmp(opt, "--format") != 0 &&
		    strcmp(opt, "--journal") != 0 && strcmp(opt, "--user") != 0) {
			argv[kept++] = argv[i];
			continue;
		}
		if (i + 1 >= *argc)
			return ctx_usage_error(ctx, NULL, "option '%s' needs a value", opt);
		value = argv[++i];
		if (strcmp(opt, "--db") == 0) {
			if (!*value)
				return ctx_usage_error(ctx, NULL, "option '--db' needs a path");
			ctx->db_path = value;
		} else if (strcmp(opt, "--user") == 0) {
			struct ft_error err;

			if (audit_check_user(value, &err) != 0)
				return ctx_usage_error(ctx, NULL, "--user: %s", err.msg);
			ctx->user = value;
		} else if (strcmp(opt, "--format") == 0) {
			/* export has formats of its own (xml, ledger): left to it */
			if (out_format_parse(value, &ctx->format) != 0 && kept > 1 &&
			    strcmp(argv[1], "export") == 0) {
				argv[kept++] = argv[i - 1];
				argv[kept++] = argv[i];
				continue;
			}
			if (out_format_parse(value, &ctx->format) != 0)
				return ctx_usage_error(ctx, NULL,
						       "invalid format '%s': expected table, csv, "
						       "csv-de or json",
						       value);
		} else if (strcmp(value, "wal") == 0) {
			ctx->journal = STORE_JOURNAL_WAL;
		} else if (strcmp(value, "delete") == 0) {
			ctx->journal = STORE_JOURNAL_DELETE;
		} else {
			return ctx_usage_error(ctx, NULL,
					       "invalid journal mode '%s': expected wal or delete", value);
		}
	}
	*argc = kept;
	argv[kept] = NULL;
	return EXIT_OK;
}

static void init_context(struct ft_ctx *ctx, FILE *out, FILE *err)
{
	const char *env_db = getenv("FUNDTRACK_DB");

	memset(ctx, 0, sizeof(*ctx));
	ctx->db_path = env_db && *env_db ? env_db : "fundtrack.db";
	ctx->journal = STORE_JOURNAL_WAL;
	ctx->format = OUT_TABLE;
	ctx->out = out;
	ctx->err = err;
	ctx->in = stdin;
}

/* A full disk or a closed pipe must not pass silently. */
static int finish_output(struct ft_ctx *ctx, int rc)
{
	if (fflush(ctx->out) != 0 || ferror(ctx->out)) {
		fprintf(ctx->err, "fundtrack: cannot write the output: %s\n",
			errno ? strerror(errno) : "write error");
		return EXIT_ERROR;
	}
	return rc;
}

static int run_command(struct ft_ctx *ctx, int argc, char **argv)
{
	const struct ft_command *cmd;

	if (argc < 2) {
		print_global_help(ctx);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return print_global_help(ctx);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		fprintf(ctx->out, "fundtrack %s (schema version %d)\n", FT_VERSION,
			store_schema_version());
		return EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return run_help(ctx, argc - 1, argv + 1);
	cmd = find_command(argv[1]);
	if (!cmd)
		return unknown_command(ctx, argv[1]);
	return cmd->run(ctx, argc - 1, argv + 1);
}

int ft_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct ft_error text_err;
	struct ft_ctx ctx;
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int rc;

	if (!args) {
		fputs("fundtrack: out of memory\n", err);
		return EXIT_ERROR;
	}
	memcpy(args, argv, (size_t)argc * sizeof(*args));
	/* No network and no external entities for any XML we ever read. */
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	init_context(&ctx, out, err);
	errno = 0;
	/* the door for text: nothing unchecked is parsed, stored or echoed */
	rc = args_check_text(argc - 1, args + 1, &text_err) != 0
		     ? ctx_usage_error(&ctx, NULL, "%s", text_err.msg)
		     : take_global_options(&ctx, &argc, args);
	ctx.cmd_argc = argc - 1;
	ctx.cmd_argv = args + 1;
	if (rc == EXIT_OK)
		rc = run_command(&ctx, argc, args);
	store_close(ctx.st);
	free(args);
	return finish_output(&ctx, rc);
}
