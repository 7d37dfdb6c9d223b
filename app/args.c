#include "args.h"

#include <string.h>

#include "text.h"

enum { EDIT_DISTANCE_MAX_LEN = 64 };

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

/* Levenshtein distance; words longer than EDIT_DISTANCE_MAX_LEN count as
 * far apart. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[EDIT_DISTANCE_MAX_LEN + 1];

	if (la > EDIT_DISTANCE_MAX_LEN || lb > EDIT_DISTANCE_MAX_LEN)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t above = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			row[j] = min3(row[j] + 1, row[j - 1] + 1, diag + cost);
			diag = above;
		}
	}
	return row[lb];
}

const char *args_closest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_distance = (size_t)-1;
	size_t allowed = strlen(word) / 3 + 1;

	if (allowed < 2)
		allowed = 2;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, candidates[i]);

		/* A prefix of a candidate is a likely abbreviation. */
		if (strlen(word) >= 3 && strncmp(word, candidates[i], strlen(word)) == 0)
			d = 1;
		if (d < best_distance) {
			best_distance = d;
			best = candidates[i];
		}
	}
	return best_distance <= allowed ? best : NULL;
}

struct arg_opt *args_find(struct arg_opt *opts, size_t nopts, const char *name)
{
	for (size_t i = 0; i < nopts; i++)
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	return NULL;
}

int args_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static int unknown_option(const char *name, const struct arg_opt *opts, size_t nopts,
			  struct ft_error *err)
{
	const char *names[64];
	size_t n = nopts < 64 ? nopts : 64;
	const char *guess;

	for (size_t i = 0; i < n; i++)
		names[i] = opts[i].name;
	guess = args_closest(name, names, n);
	if (guess)
		return ft_fail(err, "unknown option '%s' (did you mean '%s'?)", name, guess);
	return ft_fail(err, "unknown option '%s'", name);
}

static int record_value(struct arg_opt *opt, const char *value, struct args *out,
			struct ft_error *err)
{
	opt->value = value;
	opt->seen = 1;
	if (!opt->repeatable)
		return 0;
	if (out->nvalues >= ARGS_MAX_VALUES)
		return ft_fail(err, "option '%s' given more than %d times", opt->name,
			       ARGS_MAX_VALUES);
	out->values[out->nvalues] = value;
	out->value_owner[out->nvalues] = opt;
	out->nvalues++;
	return 0;
}

/* Handles argv[*i], an option word; may consume the next word as value. */
static int parse_option(int argc, char **argv, int *i, struct arg_opt *opts,
			size_t nopts, struct args *out, struct ft_error *err)
{
	char name[128];
	const char *word = argv[*i];
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	struct arg_opt *opt;

	if (len >= sizeof(name))
		return ft_fail(err, "unknown option '%.40s...'", word);
	memcpy(name, word, len);
	name[len] = '\0';
	opt = args_find(opts, nopts, name);
	if (!opt)
		return unknown_option(name, opts, nopts, err);
	if (!opt->takes_value) {
		if (eq)
			return ft_fail(err, "option '%s' takes no value", name);
		opt->seen = 1;
		return 0;
	}
	if (eq)
		return record_value(opt, eq + 1, out, err);
	if (*i + 1 >= argc)
		return ft_fail(err, "option '%s' needs a value", name);
	(*i)++;
	return record_value(opt, argv[*i], out, err);
}

/* An option word that may be quoted in a message: "--title" and the like,
 * printable ASCII only. */
static int is_quotable_option(const char *word, size_t len)
{
	if (len < 2 || len > 40 || word[0] != '-')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (word[i] <= ' ' || word[i] > '~')
			return 0;
	return 1;
}

int args_check_text(int argc, char **argv, struct ft_error *err)
{
	for (int i = 0; i < argc; i++) {
		char why[TEXT_PROBLEM_MAX];
		const char *word = argv[i], *eq = strchr(word, '=');
		const char *problem;

		/* "--title=VALUE": the value's own positions */
		if (eq && is_quotable_option(word, (size_t)(eq - word))) {
			if ((problem = text_problem(eq + 1, TEXT_ARGUMENT, why)))
				return ft_fail(err, "the value of option '%.*s' %s", (int)(eq - word),
					       word, problem);
			continue;
		}
		if (!(problem = text_problem(word, TEXT_ARGUMENT, why)))
			continue;
		if (i > 0 && is_quotable_option(argv[i - 1], strlen(argv[i - 1])))
			return ft_fail(err, "argument %d (after '%s') %s", i + 1, argv[i - 1],
				       problem);
		return ft_fail(err, "argument %d %s", i + 1, problem);
	}
	return 0;
}

static int add_positional(struct args *out, const char *word, struct ft_error *err)
{
	if (out->npos >= ARGS_MAX_POSITIONAL)
		return ft_fail(err, "too many arguments");
	out->pos[out->npos++] = word;
	return 0;
}

/* "-5,00" or "-3" is a negative number, not an option. */
static int looks_like_option(const char *word)
{
	return word[0] == '-' && word[1] != '\0' && !(word[1] >= '0' && word[1] <= '9');
}

int args_parse(int argc, char **argv, struct arg_opt *opts, size_t nopts,
	       struct args *out, struct ft_error *err)
{
	int only_positional = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nopts; i++) {
		opts[i].value = NULL;
		opts[i].seen = 0;
	}
	for (int i = 0; i < argc; i++) {
		int rc;

		if (!only_positional && strcmp(argv[i], "--") == 0) {
			only_positional = 1;
			continue;
		}
		if (!only_positional && looks_like_option(argv[i]))
			rc = parse_option(argc, argv, &i, opts, nopts, out, err);
		else
			rc = add_positional(out, argv[i], err);
		if (rc)
			return -1;
	}
	return 0;
}
