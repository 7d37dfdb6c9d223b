/* cmd_util.h - what the cmd_*.c files share: option value parsing that
 * names the option in its errors, and generic list/show commands. */
#ifndef FT_CMD_UTIL_H
#define FT_CMD_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "date.h"
#include "error.h"
#include "output.h"
#include "readmodel.h"
#include "values.h"

/* A list command without arguments: runs the read model's query (no
 * parameters) and prints. */
int run_list(struct ft_ctx *ctx, int argc, char **argv,
	     enum rm_query query, const struct out_column *cols, size_t ncols);
/* The same for a query that takes params as ?1 ... */
int run_list_params(struct ft_ctx *ctx, int argc, char **argv, enum rm_query query,
		    const char *const *params, int nparams, const struct out_column *cols,
		    size_t ncols);

/* One section of a "show CODE" command: query takes the code. */
struct show_part {
	const char *key;
	const char *title; /* N_("..."): run_show translates it */
	enum rm_query query;
	const struct out_column *cols;
	size_t ncols;
	int record; /* 1: a single record; empty result means "not found" */
};

/* A list command whose first option is --all (list_all_option): the
 * query's ?1 is "all" with it, NULL (retired or withdrawn records left
 * out) without. */
int run_list_all(struct ft_ctx *ctx, int argc, char **argv, enum rm_query query,
		 const struct out_column *cols, size_t ncols);
extern const struct arg_opt list_all_option[1];

/* "show CODE": runs every part with the code (in one read transaction);
 * the first part must be a record, and no row there means the code is
 * unknown. */
int run_show(struct ft_ctx *ctx, int argc, char **argv,
	     const char *what, const struct show_part *parts, size_t nparts);

#endif
