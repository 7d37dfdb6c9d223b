/* cmd_complete.c - "__complete": what the bash completion
 * (app/fundtrack.bash-completion) asks fundtrack itself, one word a line.
 * Hidden from the help; every word comes from the command table (commands,
 * sub-commands, options, enumerations, what a value names) or from the
 * database (codes), so the completion never falls behind. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filter.h"
#include "codes.h"
#include "csv_import.h"
#include "ledger.h"

/* Named lists, for scripts that ask for them directly: a list, or the
 * words of an option (of a command, else a global one). */
static const struct {
	const char *name;
	const char *const *values;
	const char *command, *option;
} value_lists[] = {
	{ "fields", ledger_fields, NULL, NULL },
	{ "financing", ledger_financing_types, NULL, NULL },
	{ "statuses", ledger_statuses, NULL, NULL },
	{ "levels", ledger_levels, NULL, NULL },
	{ "kinds", ledger_booking_kinds, NULL, NULL },
	{ "terms", ledger_terms, NULL, NULL },
	{ "term-additions", ledger_term_additions, NULL, NULL },
	{ "csv-kinds", csv_kind_names, NULL, NULL },
	{ "formats", NULL, NULL, "format" },
	{ "journals", NULL, NULL, "journal" },
	{ "encodings", NULL, "import-csv", "encoding" },
};

/* Words already printed, so each is printed once. */
struct seen {
	const char *words[128];
	size_t n;
};

static void print_once(struct ft_ctx *ctx, struct seen *s, const char *name, int takes_value)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->words[i], name) == 0)
			return;
	if (s->n < sizeof(s->words) / sizeof(s->words[0]))
		s->words[s->n++] = name;
	fprintf(ctx->out, "%s%s\n", name, takes_value ? "=" : "");
}

static void print_list(struct ft_ctx *ctx, const char *const *values)
{
	for (size_t i = 0; values[i]; i++)
		fprintf(ctx->out, "%s\n", values[i]);
}

/* Codes from the database; silent when there is none (completion must
 * never print errors into the command line). */
static void print_codes(struct ft_ctx *ctx, const char *kind)
{
	struct code_list codes;
	struct ft_error err;
	struct store *st;

	if (store_open(&st, ctx->db_path, STORE_EXISTING, ctx->journal, &err))
		return;
	if (codes_list(st, kind, &codes, &err) == 0)
		for (size_t i = 0; i < codes.n; i++)
			fprintf(ctx->out, "%s\n", codes.codes[i]);
	code_list_release(&codes);
	store_close(st);
}

/* What completes a value: the enumeration's codes, "@file" (the shell
 * completes a file name), or the codes of the database that complete
 * names ("grants projects"). */
static void print_values(struct ft_ctx *ctx, const struct word_enum *choices,
			 const char *complete)
{
	char kind[32];

	if (choices)
		print_list(ctx, choices->codes);
	for (const char *p = complete; p && *p;) {
		size_t len = strcspn(p, " ");

		snprintf(kind, sizeof(kind), "%.*s", (int)len, p);
		if (strcmp(kind, "file") == 0)
			fputs("@file\n", ctx->out);
		else
			print_codes(ctx, kind);
		p += len + (p[len] == ' ');
	}
}

/* The command that argv (COMMAND [SUBCOMMAND]) names, and how many words
 * it took; for a command without sub-commands a second word is its first
 * positional (import-csv grants FILE). */
static const struct ft_command *named(int argc, char **argv, int *words)
{
	const struct ft_command *cmd = argc > 0 ? ft_command_find(argv[0], NULL) : NULL;
	const struct ft_command *sub;

	*words = cmd ? 1 : 0;
	if (!cmd || !cmd->nsubs || argc < 2)
		return cmd;
	sub = ft_command_find(argv[0], argv[1]);
	*words = sub ? 2 : 1;
	return sub ? sub : cmd;
}

static void print_command_options(struct ft_ctx *ctx, struct seen *seen,
				  const struct ft_command *cmd)
{
	for (size_t i = 0; i < cmd->nopts; i++)
		if (cmd->opts[i].name && !(cmd->opts[i].flags & ARG_HIDDEN))
			print_once(ctx, seen, cmd->opts[i].name, cmd->opts[i].metavar != NULL);
	for (size_t s = 0; s < cmd->nsubs; s++)
		print_command_options(ctx, seen, &cmd->subs[s]);
}

/* Options of "CMD [SUB]" (a group without SUB: of every sub-command), then
 * the global ones; those that take a value end in '='. */
static void print_options(struct ft_ctx *ctx, const struct ft_command *cmd, int listing)
{
	struct seen seen = { .n = 0 };

	if (cmd)
		print_command_options(ctx, &seen, cmd);
	for (size_t i = 0; i < ft_nglobal_options; i++)
		if (listing || !filter_is_option(ft_global_options[i].name))
			print_once(ctx, &seen, ft_global_options[i].name,
				   ft_global_options[i].metavar != NULL);
	print_once(ctx, &seen, "--help", 0);
	print_once(ctx, &seen, "--version", 0);
}

/* "value CMD [SUB] OPT": the words for the value of option --OPT (named
 * without its dashes, which the global options would take). */
static void print_option_value(struct ft_ctx *ctx, const struct ft_command *cmd,
			       const char *bare)
{
	const char *inline_value;
	char name[64];
	int k;

	snprintf(name, sizeof(name), "--%s", bare);
	k = cmd ? args_match(cmd->opts, cmd->nopts, name, &inline_value) : -1;
	if (k >= 0 && cmd->opts[k].metavar) {
		print_values(ctx, cmd->opts[k].choices, cmd->opts[k].complete);
		return;
	}
	k = args_match(ft_global_options, ft_nglobal_options, name, &inline_value);
	if (k >= 0)
		print_values(ctx, ft_global_options[k].choices, ft_global_options[k].complete);
}

/* "positional CMD [SUB] N": the words for the N-th positional argument;
 * nwords words named the command, taken of them by its name. */
static void print_positional(struct ft_ctx *ctx, const struct ft_command *cmd, int taken,
			     int nwords, const char *nth)
{
	long n = strtol(nth, NULL, 10);

	if (!cmd || cmd->npos == 0 || n < 0)
		return;
	/* "import-csv grants FILE": a word after the name was the first positional */
	if (nwords > taken)
		n += nwords - taken;
	if ((size_t)n >= cmd->npos)
		n = (long)cmd->npos - 1; /* the last stands for every further word */
	print_values(ctx, cmd->pos[n].choices, cmd->pos[n].complete);
}

static void print_subcommands(struct ft_ctx *ctx, const struct ft_command *cmd)
{
	if (!cmd)
		return;
	for (size_t i = 0; i < cmd->nsubs; i++)
		fprintf(ctx->out, "%s\n", cmd->subs[i].name);
	/* a first positional that is a word of a list acts like a sub-command */
	if (!cmd->nsubs && cmd->npos && cmd->pos[0].choices)
		print_list(ctx, cmd->pos[0].choices->codes);
}

static int run_complete(struct ft_ctx *ctx, int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	int taken = 0;
	const struct ft_command *c;

	if (strcmp(what, "commands") == 0) {
		for (size_t i = 0; (c = ft_command_at(i)) != NULL; i++)
			if (c->summary)
				fprintf(ctx->out, "%s\n", c->name);
		fputs("help\n", ctx->out);
	} else if (strcmp(what, "subcommands") == 0 && argc == 3) {
		print_subcommands(ctx, ft_command_find(argv[2], NULL));
	} else if (strcmp(what, "options") == 0) {
		c = named(argc - 2, argv + 2, &taken);
		if (argc == 2 || c)
			print_options(ctx, c,
				      c && filter_applies_to(taken == 2 ? argv[2] : NULL, c->name));
	} else if (strcmp(what, "value") == 0 && argc >= 3) {
		c = named(argc - 3, argv + 2, &taken);
		print_option_value(ctx, c, argv[argc - 1]);
	} else if (strcmp(what, "positional") == 0 && argc >= 4) {
		c = named(argc - 3, argv + 2, &taken);
		print_positional(ctx, c, taken, argc - 3, argv[argc - 1]);
	} else if (strcmp(what, "codes") == 0 && argc > 2) {
		print_codes(ctx, argv[2]);
	} else if (strcmp(what, "values") == 0 && argc > 2) {
		for (size_t i = 0; i < sizeof(value_lists) / sizeof(value_lists[0]); i++)
			if (strcmp(argv[2], value_lists[i].name) != 0)
				continue;
			else if (value_lists[i].values)
				print_list(ctx, value_lists[i].values);
			else
				print_option_value(ctx,
						   value_lists[i].command
							   ? ft_command_find(value_lists[i].command, NULL)
							   : NULL,
						   value_lists[i].option);
	}
	return EXIT_OK;
}

static const struct arg_pos complete_pos[] = { { "WHAT", NULL, NULL, 0 },
					       { "WORDS...", NULL, NULL, 0 } };

const struct ft_command cmd_complete_entry = {
	.name = "__complete", .run = run_complete, /* no summary: hidden from the help */
	FT_POS(complete_pos),
	.help = "For the bash completion: prints one word a line, nothing on errors.\n"
		"  commands                       the commands\n"
		"  subcommands COMMAND            its sub-commands\n"
		"  options [COMMAND [SUB]]        options; those that take a value end in '='\n"
		"  value COMMAND [SUB] OPTION     the words for the value of --OPTION\n"
		"  positional COMMAND [SUB] N     the words for the N-th argument (from 0)\n"
		"  codes KIND                     codes of the database: projects, grants, ...\n"
		"  values LIST                    fields, financing, statuses, levels, kinds,\n"
		"                                 formats, encodings, journals, csv-kinds\n"
		"A value completed by a file name is printed as '@file'.\n",
};
