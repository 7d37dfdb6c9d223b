/* args.h - the declared options and positional arguments of one command,
 * and their parser: "--name VALUE", "--name=VALUE", "-o VALUE", "-oVALUE",
 * flags, repeatable options, enumerations with German and English words,
 * and "did you mean" suggestions.
 *
 * A command declares its options as a table indexed by its own enum
 * (designated initializers, [O_YEAR] = { "--year", ... }); the parser
 * fills struct args by that index, so commands read a.value[O_YEAR], never
 * an array position. Help, man page and completion read the same table
 * (cli.c, cmd_complete.c). */
#ifndef FT_ARGS_H
#define FT_ARGS_H

#include <stddef.h>

#include "enum_words.h"
#include "error.h"

enum { ARGS_MAX_POSITIONAL = 16, ARGS_MAX_VALUES = 64, ARGS_MAX_OPTS = 24 };

enum arg_flags {
	ARG_REPEAT = 1,   /* every value kept in order (args.values), e.g. --set */
	ARG_REQUIRED = 2, /* shown without brackets in the usage; the command checks it */
	ARG_HIDDEN = 4,   /* accepted, but not shown in help and completion */
	ARG_OWN_CHECK = 8 /* choices only offered (help, completion): the command
			     checks the word itself (aliases, its own message) */
};

struct arg_opt {
	const char *name;       /* "--amount" */
	char short_name;        /* 'o' for "-o", or 0 */
	const char *metavar;    /* what the value is called ("AMOUNT"); NULL: a flag */
	unsigned flags;         /* enum arg_flags */
	const struct word_enum *choices; /* the allowed words, or NULL */
	const char *complete;   /* where completion finds values: "file", "grants",
				   "projects", ... (codes of the database), or NULL */
	const char *help;       /* one line or more ("\n"-separated) */
};

/* A positional argument, for the usage, the man page and the completion;
 * choices are checked and mapped to their code by the parser. The last one
 * stands for every further word. */
struct arg_pos {
	const char *name;        /* "REF", "[REF]", "FILE..." */
	const struct word_enum *choices;
	const char *complete;    /* as in struct arg_opt */
	unsigned flags;          /* ARG_OWN_CHECK, or 0 */
};

struct args {
	const char *pos[ARGS_MAX_POSITIONAL];
	int npos;
	const char *value[ARGS_MAX_OPTS]; /* by option index: the last value (an
					     enumeration's code), or NULL */
	int seen[ARGS_MAX_OPTS];          /* by option index: how often given */
	const char *values[ARGS_MAX_VALUES]; /* every value of repeatable options, */
	int value_of[ARGS_MAX_VALUES];       /* with the index of its option */
	int nvalues;
	const struct arg_opt *opts;          /* the table parsed against */
	size_t nopts;
};

/* What args_parse found wrong. */
enum args_status {
	ARGS_OK = 0,
	ARGS_USAGE = -1,  /* unknown option, missing value, ...: a usage error */
	ARGS_INVALID = -2 /* a word outside an enumeration: invalid data */
};

/* Parses argv[0..argc) (the words after the command) against opts (at most
 * ARGS_MAX_OPTS) and pos (npos may be 0). Everything after "--" is
 * positional; "-5,00" is a (negative) number, not an option. */
enum args_status args_parse(int argc, char **argv, const struct arg_opt *opts, size_t nopts,
			    const struct arg_pos *pos, size_t npos, struct args *out,
			    struct ft_error *err);

/* The index of the option word names ("--db", "--db=x", "-o", "-ox"), or
 * -1. *inline_value gets the value written into the word, or NULL. */
int args_match(const struct arg_opt *opts, size_t nopts, const char *word,
	       const char **inline_value);

/* The value of the option called name ("--year") in a, or NULL (also when
 * the table has no such option). */
const char *args_get(const struct args *a, const char *name);

/* 1 when argv holds "--help" or "-h" before any "--". */
int args_wants_help(int argc, char **argv);

/* The candidate closest to word by edit distance, or NULL when none is
 * close enough to be a likely typo. */
const char *args_closest(const char *word, const char *const *candidates, size_t n);

/* Refuses any of argv[0..argc) that is not text fundtrack accepts (text.h,
 * TEXT_ARGUMENT): not UTF-8, a control character other than tab and line
 * breaks, a bidi control. Run on the whole command line before anything
 * is parsed or quoted in a message. Returns 0, or -1 with err naming the
 * argument by position (and the option it follows), never quoting it. */
int args_check_text(int argc, char **argv, struct ft_error *err);

#endif
