/* cmd_complete.c - "__complete": what the bash completion
 * (app/fundtrack.bash-completion) asks fundtrack itself, one word a line.
 * Hidden from the help; the words come from the command table, the usage
 * texts and the database, so the completion never falls behind. */
#include <string.h>

#include "cli.h"
#include "codes.h"
#include "csv_import.h"
#include "ledger.h"

static const char *const global_options[] = { "--db=", "--format=", "--journal=", "--user=",
					      "--help", "--version", NULL };
static const char *const formats[] = { "table", "csv", "csv-de", "json", NULL };
static const char *const encodings[] = { "utf-8", "cp1252", NULL };
static const char *const journals[] = { "wal", "delete", NULL };

static const struct {
	const char *name;
	const char *const *values;
} value_lists[] = {
	{ "fields", ledger_fields },	     { "financing", ledger_financing_types },
	{ "statuses", ledger_statuses },     { "levels", ledger_levels },
	{ "kinds", ledger_booking_kinds },   { "formats", formats },
	{ "encodings", encodings },	     { "journals", journals },
	{ "csv-kinds", csv_kind_names },
};

/* Words already printed, so each is printed once ("--rate=" and "--rate"
 * count as one). */
struct seen {
	char words[128][48];
	size_t n;
};

static void print_once(struct ft_ctx *ctx, struct seen *s, const char *word, size_t len)
{
	size_t bare = len > 0 && word[len - 1] == '=' ? len - 1 : len;

	if (len == 0 || len >= sizeof(s->words[0]))
		return;
	for (size_t i = 0; i < s->n; i++)
		if (strcspn(s->words[i], "=") == bare && strncmp(s->words[i], word, bare) == 0)
			return;
	if (s->n < sizeof(s->words) / sizeof(s->words[0]))
		snprintf(s->words[s->n++], sizeof(s->words[0]), "%.*s", (int)len, word);
	fprintf(ctx->out, "%.*s\n", (int)len, word);
}

static const struct ft_command *command_named(const char *name)
{
	const struct ft_command *c;

	for (size_t i = 0; (c = ft_command_at(i)) != NULL; i++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* The word after "fundtrack CMD " on a usage line, or NULL. */
static const char *word_after_command(const char *line, size_t len, const char *cmd,
				      size_t *word_len)
{
	char prefix[64];
	const char *p, *end = line + len;

	snprintf(prefix, sizeof(prefix), "fundtrack %s ", cmd);
	p = strstr(line, prefix);
	if (!p || p >= end)
		return NULL;
	p += strlen(prefix);
	if (*p < 'a' || *p > 'z')
		return NULL; /* REF, [--force], --reverses: not a sub-command */
	*word_len = strspn(p, "abcdefghijklmnopqrstuvwxyz-|");
	if (p + *word_len > end)
		return NULL;
	return *word_len && (p[*word_len] == ' ' || p[*word_len] == '\n' || !p[*word_len]) ? p
												    : NULL;
}

/* The next line of a usage text and its length; NULL after the last. */
static const char *next_line(const char *line, size_t *len)
{
	if (!line || !*line)
		return NULL;
	*len = strcspn(line, "\n");
	return line;
}

static const char *after_line(const char *line, size_t len)
{
	return line[len] ? line + len + 1 : NULL;
}

/* 1 when sub is one of the '|'-separated alternatives in w[0..wlen). */
static int is_alternative(const char *w, size_t wlen, const char *sub)
{
	size_t n = strlen(sub);

	while (wlen > 0) {
		size_t part = strcspn(w, "|");

		if (part > wlen)
			part = wlen;
		if (part == n && strncmp(w, sub, n) == 0)
			return 1;
		if (part == wlen)
			break;
		w += part + 1;
		wlen -= part + 1;
	}
	return 0;
}

/* Sub-commands (and the alternatives of a first word such as
 * "grants|bookings|projects"), from the usage lines. */
static void print_subcommands(struct ft_ctx *ctx, const struct ft_command *cmd)
{
	struct seen seen = { .n = 0 };
	const char *line = cmd->usage;
	size_t len;

	for (; (line = next_line(line, &len)) != NULL; line = after_line(line, len)) {
		size_t wlen;
		const char *w = word_after_command(line, len, cmd->name, &wlen);

		while (w && wlen > 0) {
			size_t part = strcspn(w, "|");

			if (part > wlen)
				part = wlen;
			print_once(ctx, &seen, w, part);
			if (part == wlen)
				break;
			w += part + 1;
			wlen -= part + 1;
		}
	}
}

/* 1 when the usage shows a value after the option: "--rate PCT",
 * "--format table|csv", not "--force]" or "--dry-run [". */
static int takes_value(const char *after)
{
	const char *v = after + 1;

	if (*after != ' ')
		return 0;
	if (*v >= 'A' && *v <= 'Z')
		return 1;
	return *v >= 'a' && *v <= 'z' && v[strcspn(v, " ]\n|")] == '|';
}

/* Prints the options on a line; those that take a value end in '=' (the
 * completion strips it: it needs to know which words are values). */
static void print_options_in(struct ft_ctx *ctx, struct seen *seen, const char *line, size_t len)
{
	const char *end = line + len;

	for (const char *p = line; (p = strstr(p, "--")) != NULL && p < end; p += 2) {
		size_t n = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
		char word[64];

		if (n <= 2 || n + 2 > sizeof(word) || (p != line && p[-1] != ' ' && p[-1] != '['))
			continue;
		snprintf(word, sizeof(word), "%.*s%s", (int)n, p, takes_value(p + n) ? "=" : "");
		print_once(ctx, seen, word, strlen(word));
	}
}

/* Options of "CMD SUB": those on SUB's usage lines and their continuation
 * lines; without SUB every option the usage mentions. */
static void print_options(struct ft_ctx *ctx, const struct ft_command *cmd, const char *sub)
{
	struct seen seen = { .n = 0 };
	const char *line = cmd->usage;
	int in_chunk = 0;
	size_t len;

	for (; (line = next_line(line, &len)) != NULL; line = after_line(line, len)) {
		size_t wlen = 0;
		const char *w = word_after_command(line, len, cmd->name, &wlen);

		/* a usage line starts a chunk; a blank line ends the usage lines */
		if (w || len == 0)
			in_chunk = w && is_alternative(w, wlen, sub ? sub : "");
		if (!sub || in_chunk)
			print_options_in(ctx, &seen, line, len);
	}
	for (size_t i = 0; global_options[i]; i++)
		print_once(ctx, &seen, global_options[i], strlen(global_options[i]));
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

static int run_complete(struct ft_ctx *ctx, int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	const struct ft_command *cmd = argc > 2 ? command_named(argv[2]) : NULL;
	const struct ft_command *c;

	if (strcmp(what, "commands") == 0) {
		for (size_t i = 0; (c = ft_command_at(i)) != NULL; i++)
			if (c->summary)
				fprintf(ctx->out, "%s\n", c->name);
		fputs("help\n", ctx->out);
	} else if (strcmp(what, "subcommands") == 0 && cmd) {
		print_subcommands(ctx, cmd);
	} else if (strcmp(what, "options") == 0 && cmd) {
		print_options(ctx, cmd, argc > 3 ? argv[3] : NULL);
	} else if (strcmp(what, "options") == 0 && argc == 2) {
		print_list(ctx, global_options);
	} else if (strcmp(what, "codes") == 0 && argc > 2) {
		print_codes(ctx, argv[2]);
	} else if (strcmp(what, "values") == 0 && argc > 2) {
		for (size_t i = 0; i < sizeof(value_lists) / sizeof(value_lists[0]); i++)
			if (strcmp(argv[2], value_lists[i].name) == 0)
				print_list(ctx, value_lists[i].values);
	}
	return EXIT_OK;
}

const struct ft_command cmd_complete_entry = {
	"__complete", run_complete, NULL, /* no summary: hidden from the help */
	"usage: fundtrack __complete commands\n"
	"   or: fundtrack __complete subcommands COMMAND\n"
	"   or: fundtrack __complete options [COMMAND [SUBCOMMAND]]\n"
	"   or: fundtrack __complete codes projects|programmes|grants|funders|districts|cities\n"
	"   or: fundtrack __complete values fields|financing|statuses|levels|kinds|formats|"
	"encodings|journals|csv-kinds\n"
	"\n"
	"For the bash completion: prints one word a line, nothing on errors. Options\n"
	"that take a value end in '='.\n",
};
