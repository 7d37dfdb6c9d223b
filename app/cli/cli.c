#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "audit_chain.h"
#include "atomic_file.h"
#include "filter.h"
#include "ledger.h"
#include "msg_lang.h"
#include "pager.h"

static const struct ft_command *const commands[] = {
	&cmd_init_entry,    &cmd_city_entry,  &cmd_district_entry, &cmd_funder_entry,
	&cmd_programme_entry, &cmd_project_entry, &cmd_grant_entry, &cmd_book_entry,
	&cmd_bookings_entry, &cmd_setting_entry, &cmd_base_rate_entry, &cmd_terms_entry,
	&cmd_demo_entry,
	&cmd_budget_entry, &cmd_plan_entry, &cmd_plan_line_entry, &cmd_plan_cover_entry,
	&cmd_chains_entry, &cmd_check_entry, &cmd_rules_entry,
	&cmd_deadlines_entry, &cmd_proof_entry, &cmd_settle_entry,
	&cmd_model_entry,
	&cmd_report_entry,
	&cmd_import_csv_entry, &cmd_template_entry, &cmd_audit_entry, &cmd_complete_entry,
	&cmd_export_entry, &cmd_validate_entry, &cmd_import_entry, &cmd_cities_entry,
	&cmd_exchange_entry, &cmd_db_entry,
};
enum { NCOMMANDS = sizeof(commands) / sizeof(commands[0]) };

static const char *const format_codes[] = { "table", "csv", "csv-de", "json", NULL };
static const char *const journal_codes[] = { "wal", "delete", NULL };
static const struct word_enum format_enum = { N_("format"), format_codes, NULL };
static const struct word_enum journal_enum = { N_("journal mode"), journal_codes, NULL };
static const char *const lang_codes[] = { "de", "en", NULL };
static const struct word_enum lang_enum = { N_("language"), lang_codes, NULL };

enum global_opt {
	G_DB, G_FORMAT, G_JOURNAL, G_USER, G_OUTPUT, G_LANG, G_WIDE, G_NO_PAGER,
	/* the filters, in filter.h's order */
	G_STATUS, G_SEVERITY, G_DISTRICT, G_FIELD, G_PROGRAMME, G_LEVEL, G_PROJECT,
	G_YEAR, G_FROM, G_TO, G_SORT, G_NOPTS
};
const struct arg_opt ft_global_options[] = {
	[G_DB] = { "--db", 0, "PATH", 0, NULL, "file",
		   "database file (default: $FUNDTRACK_DB, else ./fundtrack.db)" },
	[G_FORMAT] = { "--format", 0, "FORMAT", 0, &format_enum, NULL,
		       "table (German formats, default), csv, csv-de (German Excel)\n"
		       "or json. In csv and csv-de a text cell that starts with\n"
		       "= + - @, a tab or a carriage return gets a leading ' so that\n"
		       "a spreadsheet keeps it as text (OWASP: CSV injection);\n"
		       "numbers are never prefixed. The table shows control and\n"
		       "bidi characters of stored text as \\x{1B}, bytes that are\n"
		       "not UTF-8 as U+FFFD" },
	[G_JOURNAL] = { "--journal", 0, "MODE", 0, &journal_enum, NULL,
			"wal (default) or delete (for databases on network shares)" },
	[G_OUTPUT] = { "--output", 'o', "FILE", 0, NULL, "file",
		       "write the output to FILE instead of standard output; FILE\n"
		       "appears complete or not at all (export and report have\n"
		       "an -o of their own)" },
	[G_USER] = { "--user", 0, "NAME", 0, NULL, NULL,
		     "who is writing, for the audit log (default: $FUNDTRACK_USER,\n"
		     "else the login name); on a PostgreSQL server the log names\n"
		     "the role logged in, and this name after it" },
	[G_LANG] = { "--lang", 0, "LANG", 0, &lang_enum, NULL,
		     "de (default) or en: the language of messages, help and\n"
		     "prompts; without it an English LC_ALL, LC_MESSAGES or LANG\n"
		     "chooses en" },
	[G_WIDE] = { "--wide", 0, NULL, 0, NULL, NULL,
		     "on a terminal, print tables at full width (by default a table\n"
		     "wider than the terminal wraps its text columns and leaves\n"
		     "out columns, saying which)" },
	[G_NO_PAGER] = { "--no-pager", 0, NULL, 0, NULL, NULL,
			 "on a terminal, never show long output through the pager\n"
			 "($FUNDTRACK_PAGER, else $PAGER, else less; PAGER=cat: none)" },
	[G_STATUS] = { "--status", 0, "STATUS", 0, &ledger_status_enum, NULL,
		       "listings: only rows of this status (grant list, ...)" },
	[G_SEVERITY] = { "--severity", 0, "SEVERITY", 0, NULL, NULL,
			 "listings: only findings of this severity (error/Fehler,\n"
			 "warning/Warnung, info/Hinweis)" },
	[G_DISTRICT] = { "--district", 0, "CODE", 0, NULL, "districts",
			 "listings: only rows of this district" },
	[G_FIELD] = { "--field", 0, "FIELD", 0, &ledger_field_enum, NULL,
		      "listings: only rows of this field of work" },
	[G_PROGRAMME] = { "--programme", 0, "CODE", 0, NULL, "programmes",
			  "listings: only rows of this programme" },
	[G_LEVEL] = { "--level", 0, "LEVEL", 0, &ledger_level_enum, NULL,
		      "listings: only rows of this funder level" },
	[G_PROJECT] = { "--project", 0, "CODE", 0, NULL, "projects",
			"listings: only rows of this project" },
	[G_YEAR] = { "--year", 0, "YEAR", 0, NULL, NULL,
		     "listings: only rows whose period (from/to) meets YEAR, or\n"
		     "whose date lies in it" },
	[G_FROM] = { "--from", 0, "DATE", 0, NULL, NULL,
		     "listings: only rows from DATE on (period or date, as --year)" },
	[G_TO] = { "--to", 0, "DATE", 0, NULL, NULL, "listings: only rows up to DATE" },
	[G_SORT] = { "--sort", 0, "KEY", 0, NULL, NULL,
		     "listings: order by the column KEY (its csv header), -KEY\n"
		     "descending; total rows then sum the rows shown" },
};
const size_t ft_nglobal_options = G_NOPTS;

static const char global_intro[] = N_(
	"\n"
	"Records who funds the social work in a city's quarters: funders, programmes,\n"
	"projects, grants, yearly allocations and bookings, in one SQLite file.\n"
	"\n"
	"Global options (anywhere on the line, also as --db=PATH):\n");
static const char global_outro[] = N_(
	"  --version           print the version\n"
	"\n"
	"Amounts: 1234,56  1.234,56  1234.56  1.234,56 €   Dates: 31.12.2025 or 2025-12-31\n"
	"Exit codes: 0 ok, 1 error or invalid data, 2 usage, 3 saved but the output failed.\n"
	"\n"
	"Commands:\n");

/* Messages may quote a value from a file: shown as the table shows text.
 * The message's ID follows in brackets, "[FT0312]", the same in every
 * language: what an officer quotes to support (po/README.md). */
static void print_message(FILE *f, const char *msg, const char *id)
{
	fputs("fundtrack: ", f);
	out_put_visible(f, msg);
	if (id)
		fprintf(f, " [%s]", id);
	fputc('\n', f);
}

int ctx_error(struct ft_ctx *ctx, const struct ft_error *err)
{
	print_message(ctx->err, err->msg[0] ? err->msg : tr("unknown error"),
		      err->msg[0] ? err->id : msg_id("unknown error"));
	return EXIT_ERROR;
}

static int print_sections(struct ft_ctx *ctx, const struct out_section *sections,
			  size_t n);

int ctx_usage_error(struct ft_ctx *ctx, const char *fmt, ...)
{
	char msg[FT_ERROR_MSG_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), tr(fmt), ap);
	va_end(ap);
	print_message(ctx->err, msg, ft_fail_id(fmt));
	if (ctx->cmd) {
		const struct ft_command *top = ctx->group ? ctx->group : ctx->cmd;

		ft_print_usage(ctx->err, ctx->cmd);
		fprintf(ctx->err, tr("(see 'fundtrack %s --help')\n"), top->name);
	}
	return EXIT_USAGE;
}

static size_t rows_in(const struct out_section *sections, size_t n)
{
	size_t rows = 0;

	for (size_t i = 0; i < n; i++)
		rows += sections[i].table ? out_row_count(sections[i].table) : 0;
	return rows;
}

/* Nothing left after --project/--district/--programme: a code that names
 * no record of the own city is a typo to point out ("no project 'NOPE' in
 * this city"), not an empty list. Only then, since a listing of the network
 * may hold other cities' codes. */
static int filter_codes_unknown(struct ft_ctx *ctx, struct ft_error *err)
{
	static const struct {
		int key;
		const char *what;
	} codes[] = { { FK_PROJECT, "project" }, { FK_DISTRICT, "district" },
		      { FK_PROGRAMME, "programme" } };
	int64_t id;

	for (size_t i = 0; ctx->st && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (ctx->filter.equals[codes[i].key] &&
		    ledger_lookup_code(ctx->st, codes[i].what, ctx->filter.equals[codes[i].key], &id,
				       err))
			return -1;
	return 0;
}

int ctx_print(struct ft_ctx *ctx, const struct out_section *sections, size_t n)
{
	struct out_section *filtered = NULL;
	struct ft_error err;
	int rc;

	if (!ctx->filter.active)
		return print_sections(ctx, sections, n);
	if (filter_sections(&ctx->filter, sections, n, &filtered, &err) != 0)
		return ctx_usage_error(ctx, "%s", err.msg);
	if (rows_in(filtered, n) == 0 && filter_codes_unknown(ctx, &err)) {
		filter_free(filtered, sections, n);
		return ctx_error(ctx, &err);
	}
	rc = print_sections(ctx, filtered, n);
	filter_free(filtered, sections, n);
	return rc;
}

static int print_sections(struct ft_ctx *ctx, const struct out_section *sections, size_t n)
{
	if (out_print(sections, n, ctx->format, ctx->out) != 0) {
		ctx->output_failed = 1;
		ctx_note(ctx, "cannot write the output: %s", strerror(errno));
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
	vfprintf(ctx->out, tr(fmt), ap);
	va_end(ap);
	fputc('\n', ctx->out);
}

void ctx_note(struct ft_ctx *ctx, const char *fmt, ...)
{
	char msg[FT_ERROR_MSG_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), tr(fmt), ap);
	va_end(ap);
	print_message(ctx->err, msg, ft_fail_id(fmt));
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

int ctx_parse(struct ft_ctx *ctx, int argc, char **argv, struct args *out, int *rc)
{
	const struct ft_command *cmd = ctx->cmd;
	struct ft_error err;
	enum args_status st;

	if (args_wants_help(argc, argv)) {
		*rc = ctx_help(ctx, ctx->group ? ctx->group : cmd);
		return -1;
	}
	st = args_parse(argc, argv, cmd->opts, cmd->nopts, cmd->pos, cmd->npos, out, &err);
	if (st == ARGS_USAGE) {
		*rc = ctx_usage_error(ctx, "%s", err.msg);
		return -1;
	}
	if (st == ARGS_INVALID) {
		*rc = ctx_error(ctx, &err);
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

const struct ft_command *ft_command_at(size_t i)
{
	return i < NCOMMANDS ? commands[i] : NULL;
}

static const struct ft_command *sub_named(const struct ft_command *group, const char *name)
{
	for (size_t i = 0; name && i < group->nsubs; i++)
		if (strcmp(group->subs[i].name, name) == 0)
			return &group->subs[i];
	return NULL;
}

const struct ft_command *ft_command_find(const char *name, const char *sub)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return sub && commands[i]->nsubs ? sub_named(commands[i], sub) : commands[i];
	return NULL;
}

/* A wrong or missing sub-command: the error, a short usage and a hint. */
static int unknown_sub(struct ft_ctx *ctx, const struct ft_command *group, const char *word)
{
	const char *guess = word ? suggest(word, NULL, group->subs, group->nsubs) : NULL;

	if (!word)
		ctx_note(ctx, "'%s' needs a sub-command", group->name);
	else if (guess)
		ctx_note(ctx,
			"unknown sub-command '%s %s' (did you mean '%s %s'?)",
			group->name, word, group->name, guess);
	else
		ctx_note(ctx, "unknown sub-command '%s %s'", group->name, word);
	fprintf(ctx->err, "%s fundtrack %s ", tr("usage:"), group->name);
	for (size_t i = 0; i < group->nsubs; i++)
		fprintf(ctx->err, "%s%s", i ? "|" : "", group->subs[i].name);
	fputs(" ...\n", ctx->err);
	fprintf(ctx->err, tr("(see 'fundtrack %s --help')\n"), group->name);
	return EXIT_USAGE;
}

/* Runs a group's sub-command: argv[0] is the group's name. */
/* A filter given to a command that lists nothing would be silently
 * ignored: refused before the command runs (and writes anything). */
static int refuse_filters(struct ft_ctx *ctx)
{
	const char *group = ctx->group ? ctx->group->name : NULL;

	if (!ctx->filter.active || filter_applies_to(group, ctx->cmd->name))
		return 0;
	ctx_usage_error(ctx, "%s: '%s%s%s' lists nothing to filter; filters work on listings "
			     "(grant list, bookings, check, deadlines, budget, ...)",
			filter_given(&ctx->filter), group ? group : "", group ? " " : "",
			ctx->cmd->name);
	return 1;
}

static int run_group(struct ft_ctx *ctx, const struct ft_command *group, int argc, char **argv)
{
	const struct ft_command *sub;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return ctx_help(ctx, group);
	sub = argc >= 2 ? sub_named(group, argv[1]) : NULL;
	if (!sub)
		return unknown_sub(ctx, group, argc >= 2 ? argv[1] : NULL);
	ctx->group = group;
	ctx->cmd = sub;
	if (refuse_filters(ctx))
		return EXIT_USAGE;
	return sub->run(ctx, argc - 1, argv + 1);
}

static int print_global_help(struct ft_ctx *ctx)
{
	ft_print_global_usage(ctx->out);
	fputs(tr(global_intro), ctx->out);
	ft_print_options(ctx->out, ft_global_options, G_NOPTS);
	fputs(tr(global_outro), ctx->out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (commands[i]->summary) /* none: hidden (e.g. __complete) */
			fprintf(ctx->out, "  %-11s %s\n", commands[i]->name, tr(commands[i]->summary));
	fprintf(ctx->out, "  help        %s\n", tr("show help for a command: fundtrack help COMMAND"));
	return EXIT_OK;
}

static int unknown_command(struct ft_ctx *ctx, const char *name)
{
	const char *guess = suggest(name, commands, NULL, NCOMMANDS);

	if (!*name) /* e.g. nothing but "--" */
		ctx_note(ctx, "missing command");
	else if (guess)
		ctx_note(ctx, "unknown command '%s' (did you mean '%s'?)", name, guess);
	else
		ctx_note(ctx, "unknown command '%s'", name);
	fputs(tr("(see 'fundtrack help' for the list of commands)\n"), ctx->err);
	return EXIT_USAGE;
}

static int run_help(struct ft_ctx *ctx, int argc, char **argv)
{
	const struct ft_command *cmd;

	if (argc < 2)
		return print_global_help(ctx);
	if (strcmp(argv[1], "--man") == 0)
		return ft_print_man(ctx, argc > 2 ? argv[2] : NULL);
	cmd = ft_command_find(argv[1], NULL);
	if (!cmd)
		return unknown_command(ctx, argv[1]);
	return ctx_help(ctx, cmd);
}

/* Sets the global option k from value; 0, or an exit code. */
static int set_global(struct ft_ctx *ctx, int k, const char *value)
{
	struct ft_error err;

	switch (k) {
	case G_DB:
		if (!*value)
			return ctx_usage_error(ctx, "option '--db' needs a path");
		ctx->db_path = value;
		return 0;
	case G_USER:
		if (audit_check_user(value, &err) != 0)
			return ctx_usage_error(ctx, "--user: %s", err.msg);
		ctx->user = value;
		return 0;
	case G_OUTPUT:
		if (!*value)
			return ctx_usage_error(ctx, "option '--output' needs a file name");
		ctx->output_path = strcmp(value, "-") == 0 ? NULL : value;
		return 0;
	case G_LANG: {
		enum msg_lang lang;

		if (msg_lang_parse(value, &lang) != 0)
			return ctx_usage_error(ctx, "invalid language '%s': expected de or en", value);
		msg_lang_set(lang);
		return 0;
	}
	case G_STATUS:
	case G_SEVERITY:
	case G_DISTRICT:
	case G_FIELD:
	case G_PROGRAMME:
	case G_LEVEL:
	case G_PROJECT:
	case G_YEAR:
	case G_FROM:
	case G_TO:
	case G_SORT:
		if (filter_set(&ctx->filter, k - G_STATUS, value, &err) != 0)
			return ctx_usage_error(ctx, "%s", err.msg);
		return 0;
	case G_FORMAT:
		if (out_format_parse(value, &ctx->format) != 0)
			return ctx_usage_error(ctx,
					       "invalid format '%s': expected table, csv, csv-de or json",
					       value);
		return 0;
	default:
		if (strcmp(value, "wal") == 0 || strcmp(value, "delete") == 0) {
			ctx->journal = value[0] == 'w' ? STORE_JOURNAL_WAL : STORE_JOURNAL_DELETE;
			return 0;
		}
		return ctx_usage_error(ctx, "invalid journal mode '%s': expected wal or delete",
				       value);
	}
}

static void set_global_flag(struct ft_ctx *ctx, int k)
{
	if (k == G_WIDE)
		ctx->wide = 1;
	else
		ctx->no_pager = 1;
}

/* The command the words so far name: the first word that is not an
 * option, and for a group the second; *cmd stays NULL before. */
static void follow_command(const char *word, const struct ft_command **group,
			   const struct ft_command **cmd)
{
	if (word[0] == '-' && word[1])
		return;
	if (!*cmd && !*group) {
		*cmd = ft_command_find(word, NULL);
		if (*cmd && (*cmd)->nsubs) {
			*group = *cmd;
			*cmd = NULL;
		}
	} else if (*group && !*cmd) {
		*cmd = sub_named(*group, word);
	}
}

/* Global options may stand anywhere before "--", as "--db PATH" or
 * "--db=PATH"; they are removed from argv so commands never see them. A
 * command's own option of the same name (export --format) wins. Returns 0,
 * or an exit code. */
static int take_global_options(struct ft_ctx *ctx, int *argc, char **argv)
{
	const struct ft_command *group = NULL, *cmd = NULL;
	int kept = 1;

	for (int i = 1; i < *argc; i++) {
		const char *value, *own_value;
		int k = args_match(ft_global_options, G_NOPTS, argv[i], &value);
		int own = cmd ? args_match(cmd->opts, cmd->nopts, argv[i], &own_value) : -1;
		int rc;

		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[kept++] = argv[i++];
			break;
		}
		if (k < 0 || own >= 0) {
			follow_command(argv[i], &group, &cmd);
			argv[kept++] = argv[i];
			/* the value of the command's own option is no global option */
			if (own >= 0 && cmd->opts[own].metavar && !own_value && i + 1 < *argc)
				argv[kept++] = argv[++i];
			continue;
		}
		if (!ft_global_options[k].metavar) {
			if (value)
				return ctx_usage_error(ctx, "option '%s' takes no value",
						       ft_global_options[k].name);
			set_global_flag(ctx, k);
			continue;
		}
		if (!value && i + 1 >= *argc)
			return ctx_usage_error(ctx, "option '%s' needs a value", argv[i]);
		rc = set_global(ctx, k, value ? value : argv[++i]);
		if (rc)
			return rc;
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

/* A full disk or a closed pipe must not pass silently. When the command
 * had already committed, a plain failure would make a retrying script
 * book twice: say that the data is saved and exit with its own code. */
static int finish_output(struct ft_ctx *ctx, int rc, int committed)
{
	int failed = fflush(ctx->out) != 0 || ferror(ctx->out);
	int e = errno;

	if (committed && (failed || ctx->output_failed)) {
		ctx_note(ctx,
			"the data was saved; the confirmation could not be written: %s "
			"(exit code 3: do not repeat the command)",
			failed && e ? strerror(e) : "write error");
		return EXIT_SAVED_OUTPUT_FAILED;
	}
	if (failed) {
		ctx_note(ctx, "cannot write the output: %s",
			e ? strerror(e) : "write error");
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
	cmd = ft_command_find(argv[1], NULL);
	if (!cmd)
		return unknown_command(ctx, argv[1]);
	if (cmd->nsubs)
		return run_group(ctx, cmd, argc - 1, argv + 1);
	ctx->cmd = cmd;
	if (refuse_filters(ctx))
		return EXIT_USAGE;
	return cmd->run(ctx, argc - 1, argv + 1);
}

/* -o FILE: the command's output, written to a temporary file and renamed
 * into place when the command succeeded; nothing is left when it failed. */
struct output_run {
	struct ft_ctx *ctx;
	int argc;
	char **argv;
	int rc;
};

static int fill_output(void *arg, FILE *out, struct ft_error *err)
{
	struct output_run *run = arg;
	FILE *saved = run->ctx->out;

	run->ctx->out = out;
	run->rc = run_command(run->ctx, run->argc, run->argv);
	run->ctx->out = saved;
	if (run->rc == EXIT_OK || run->ctx->output_complete)
		return 0;
	return ft_fail(err, "the command failed");
}

static int run_into_file(struct ft_ctx *ctx, int argc, char **argv)
{
	struct output_run run = { ctx, argc, argv, EXIT_OK };
	struct ft_error err;

	if (atomic_write_file(ctx->output_path, "", fill_output, &run, &err) == 0)
		return run.rc;
	if (run.rc != EXIT_OK)
		return run.rc;
	ctx->output_failed = 1; /* a write may have been committed: see finish_output */
	return ctx_error(ctx, &err);
}

/* On a terminal: the command's output collected and shown through the
 * pager when it is longer than the screen (pager.h). */
static int run_paged(struct ft_ctx *ctx, int argc, char **argv, size_t rows,
		     const char *pager)
{
	FILE *terminal = ctx->out;
	char *text = NULL;
	size_t len = 0;
	FILE *collected = open_memstream(&text, &len);
	int rc;

	if (!collected)
		return run_command(ctx, argc, argv);
	ctx->out = collected;
	rc = run_command(ctx, argc, argv);
	ctx->out = terminal;
	if (fclose(collected) != 0 || pager_show(text, len, terminal, rows, pager) != 0)
		ctx->output_failed = 1;
	free(text);
	return rc;
}

/* Where the output goes: -o FILE, the terminal (tables fitted to its
 * width, long output paged) or as it is (a pipe or a file). */
static int run_with_output(struct ft_ctx *ctx, int argc, char **argv)
{
	size_t rows, cols;
	const char *pager;

	if (ctx->output_path)
		return run_into_file(ctx, argc, argv);
	if (!terminal_size(ctx->out, &rows, &cols))
		return run_command(ctx, argc, argv);
	if (!ctx->wide)
		out_set_table_width(cols);
	pager = ctx->no_pager ? NULL : pager_command();
	return pager ? run_paged(ctx, argc, argv, rows, pager)
		     : run_command(ctx, argc, argv);
}

int ft_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct ft_error text_err;
	struct ft_ctx ctx;
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int rc, committed;

	if (!args) {
		fputs("fundtrack: out of memory\n", err);
		return EXIT_ERROR;
	}
	memcpy(args, argv, (size_t)argc * sizeof(*args));
	/* No network and no external entities for any XML we ever read. */
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	init_context(&ctx, out, err);
	msg_lang_set(msg_lang_from_environment());
	filter_show_code_words();
	errno = 0;
	/* the door for text: nothing unchecked is parsed, stored or echoed */
	rc = args_check_text(argc - 1, args + 1, &text_err) != 0
		     ? ctx_usage_error(&ctx, "%s", text_err.msg)
		     : take_global_options(&ctx, &argc, args);
	ctx.cmd_argc = argc - 1;
	ctx.cmd_argv = args + 1;
	if (rc == EXIT_OK)
		rc = run_with_output(&ctx, argc, args);
	committed = store_commits(ctx.st) > 0;
	store_close(ctx.st);
	out_set_table_width(0);
	free(args);
	return finish_output(&ctx, rc, committed);
}
