#include "args.h"

#include <stdio.h>
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

/* "--name" or "--name=value" */
static int long_match(const struct arg_opt *o, const char *word, const char **inline_value)
{
	size_t n = strlen(o->name);

	if (strncmp(word, o->name, n) != 0)
		return 0;
	if (word[n] == '\0')
		return 1;
	if (word[n] != '=')
		return 0;
	*inline_value = word + n + 1;
	return 1;
}

/* "-o", "-oVALUE" or "-o=VALUE" */
static int short_match(const struct arg_opt *o, const char *word, const char **inline_value)
{
	if (!o->short_name || word[0] != '-' || word[1] != o->short_name)
		return 0;
	if (word[2] == '\0')
		return 1;
	if (!o->metavar)
		return 0;
	*inline_value = word[2] == '=' ? word + 3 : word + 2;
	return 1;
}

int args_match(const struct arg_opt *opts, size_t nopts, const char *word,
	       const char **inline_value)
{
	*inline_value = NULL;
	for (size_t i = 0; i < nopts; i++) {
		if (!opts[i].name)
			continue;
		if (long_match(&opts[i], word, inline_value) ||
		    short_match(&opts[i], word, inline_value))
			return (int)i;
		*inline_value = NULL;
	}
	return -1;
}

const char *args_get(const struct args *a, const char *name)
{
	for (size_t i = 0; i < a->nopts; i++)
		if (a->opts[i].name && strcmp(a->opts[i].name, name) == 0)
			return a->value[i];
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

static enum args_status unknown_option(const char *word, const struct arg_opt *opts,
				       size_t nopts, struct ft_error *err)
{
	const char *names[ARGS_MAX_OPTS];
	size_t n = 0, len = strcspn(word, "=");
	char name[128];
	const char *guess;

	snprintf(name, sizeof(name), "%.*s", (int)(len < 100 ? len : 100), word);
	for (size_t i = 0; i < nopts && n < ARGS_MAX_OPTS; i++)
		if (opts[i].name && !(opts[i].flags & ARG_HIDDEN))
			names[n++] = opts[i].name;
	guess = args_closest(name, names, n);
	if (guess)
		ft_fail(err, "unknown option '%s' (did you mean '%s'?)", name, guess);
	else
		ft_fail(err, "unknown option '%s'", name);
	return ARGS_USAGE;
}

/* Keeps value for option i; an enumeration keeps its code. */
static enum args_status record_value(const struct arg_opt *opts, int i, const char *value,
				     struct args *out, struct ft_error *err)
{
	const struct arg_opt *opt = &opts[i];

	if (opt->choices && !(opt->flags & ARG_OWN_CHECK) && word_enum_parse(opt->choices, value, &value, err))
		return ARGS_INVALID;
	out->value[i] = value;
	out->seen[i]++;
	if (!(opt->flags & ARG_REPEAT))
		return ARGS_OK;
	if (out->nvalues >= ARGS_MAX_VALUES) {
		ft_fail(err, "option '%s' given more than %d times", opt->name, ARGS_MAX_VALUES);
		return ARGS_USAGE;
	}
	out->values[out->nvalues] = value;
	out->value_of[out->nvalues] = i;
	out->nvalues++;
	return ARGS_OK;
}

/* Handles argv[*i], an option word; may consume the next word as value. */
static enum args_status parse_option(int argc, char **argv, int *i, const struct arg_opt *opts,
				     size_t nopts, struct args *out, struct ft_error *err)
{
	const char *inline_value;
	int k = args_match(opts, nopts, argv[*i], &inline_value);

	if (k < 0)
		return unknown_option(argv[*i], opts, nopts, err);
	if (!opts[k].metavar) {
		if (inline_value) {
			ft_fail(err, "option '%s' takes no value", opts[k].name);
			return ARGS_USAGE;
		}
		out->seen[k]++;
		return ARGS_OK;
	}
	if (inline_value)
		return record_value(opts, k, inline_value, out, err);
	if (*i + 1 >= argc) {
		ft_fail(err, "option '%s' needs a value", opts[k].name);
		return ARGS_USAGE;
	}
	(*i)++;
	return record_value(opts, k, argv[*i], out, err);
}

static enum args_status add_positional(struct args *out, const char *word,
				       const struct arg_pos *pos, size_t npos,
				       struct ft_error *err)
{
	const struct arg_pos *p = npos ? &pos[(size_t)out->npos < npos ? (size_t)out->npos
									: npos - 1]
				       : NULL;

	if (out->npos >= ARGS_MAX_POSITIONAL) {
		ft_fail(err, "too many arguments");
		return ARGS_USAGE;
	}
	if (p && p->choices && !(p->flags & ARG_OWN_CHECK) && word_enum_parse(p->choices, word, &word, err))
		return ARGS_INVALID;
	out->pos[out->npos++] = word;
	return ARGS_OK;
}

/* "-5,00" or "-3" is a negative number, not an option. */
static int looks_like_option(const char *word)
{
	return word[0] == '-' && word[1] != '\0' && !(word[1] >= '0' && word[1] <= '9');
}

enum args_status args_parse(int argc, char **argv, const struct arg_opt *opts, size_t nopts,
			    const struct arg_pos *pos, size_t npos, struct args *out,
			    struct ft_error *err)
{
	int only_positional = 0;

	memset(out, 0, sizeof(*out));
	out->opts = opts;
	out->nopts = nopts < ARGS_MAX_OPTS ? nopts : ARGS_MAX_OPTS;
	for (int i = 0; i < argc; i++) {
		enum args_status rc;

		if (!only_positional && strcmp(argv[i], "--") == 0) {
			only_positional = 1;
			continue;
		}
		if (!only_positional && looks_like_option(argv[i]))
			rc = parse_option(argc, argv, &i, opts, out->nopts, out, err);
		else
			rc = add_positional(out, argv[i], pos, npos, err);
		if (rc != ARGS_OK)
			return rc;
	}
	return ARGS_OK;
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
