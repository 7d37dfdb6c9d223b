/* args.h - command-line options of one command: "--name VALUE",
 * "--name=VALUE", flags, positionals, and "did you mean" suggestions. */
#ifndef FT_ARGS_H
#define FT_ARGS_H

#include <stddef.h>

#include "error.h"

enum { ARGS_MAX_POSITIONAL = 16, ARGS_MAX_VALUES = 64 };

struct arg_opt {
	const char *name;  /* "--amount" */
	int takes_value;   /* 0: a flag */
	int repeatable;    /* values collected in order (e.g. --set) */
	/* filled by args_parse: */
	const char *value; /* last value, or NULL */
	int seen;
};

struct args {
	const char *pos[ARGS_MAX_POSITIONAL];
	int npos;
	const char *values[ARGS_MAX_VALUES]; /* every value of repeatable options */
	const struct arg_opt *value_owner[ARGS_MAX_VALUES];
	int nvalues;
};

/* Parses argv[0..argc) (the words after the command) against opts.
 * Fills out and the opts' value/seen fields. Returns 0, or -1 with err for
 * an unknown option (suggesting the closest), a missing value, a flag given
 * a value, or too many positionals. Everything after "--" is positional. */
int args_parse(int argc, char **argv, struct arg_opt *opts, size_t nopts,
	       struct args *out, struct ft_error *err);

/* Refuses any of argv[0..argc) that is not text fundtrack accepts (text.h,
 * TEXT_ARGUMENT): not UTF-8, a control character other than tab and line
 * breaks, a bidi control. Run on the whole command line before anything
 * is parsed or quoted in a message. Returns 0, or -1 with err naming the
 * argument by position (and the option it follows), never quoting it. */
int args_check_text(int argc, char **argv, struct ft_error *err);

/* The option named name in opts, or NULL. */
struct arg_opt *args_find(struct arg_opt *opts, size_t nopts, const char *name);

/* 1 when argv holds "--help" or "-h" before any "--". */
int args_wants_help(int argc, char **argv);

/* The candidate closest to word by edit distance, or NULL when none is
 * close enough to be a likely typo. */
const char *args_closest(const char *word, const char *const *candidates, size_t n);

#endif
