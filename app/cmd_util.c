#include "cmd_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

int parse_count(const char *text, const char *option, int64_t min, int64_t max,
		int64_t *out, struct ft_error *err)
{
	char *end;
	long long value;

	if (!*text || strspn(text, "0123456789") != strlen(text))
		return ft_fail(err, "invalid %s '%s': a whole number from %lld to %lld expected",
			       option, text, (long long)min, (long long)max);
	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno || value < min || value > max)
		return ft_fail(err, "invalid %s '%s': a whole number from %lld to %lld expected",
			       option, text, (long long)min, (long long)max);
	*out = value;
	return 0;
}

/* Prefixes the parser's message with the option it came from. */
static int name_option(const char *option, struct ft_error *err)
{
	char reason[FT_ERROR_MSG_MAX];

	snprintf(reason, sizeof(reason), "%s", err->msg);
	return ft_fail(err, "%s: %s", option, reason);
}

int parse_amount_option(const char *text, const char *option, int64_t *out,
			struct ft_error *err)
{
	if (money_parse(text, MONEY_NON_NEGATIVE, out, err))
		return name_option(option, err);
	return 0;
}

int parse_date_option(const char *text, const char *option, char out[DATE_BUF],
		      struct ft_error *err)
{
	if (date_parse(text, out, err))
		return name_option(option, err);
	return 0;
}

int parse_rate_option(const char *text, const char *option, int *bp, struct ft_error *err)
{
	if (rate_parse(text, bp, err))
		return name_option(option, err);
	return 0;
}

int parse_signed_rate(const char *text, const char *what, int *bp, struct ft_error *err)
{
	int negative = text[0] == '-';

	if (rate_parse(text + negative, bp, err))
		return name_option(what, err);
	if (negative)
		*bp = -*bp;
	return 0;
}

int run_list(struct ft_ctx *ctx, const struct ft_command *cmd, int argc, char **argv,
	     enum rm_query query, const struct out_column *cols, size_t ncols)
{
	struct out_table *t;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, cmd, argc - 1, argv + 1, NULL, 0, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, cmd, "unexpected argument '%s'", a.pos[0]);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (rm_table(ctx->st, query, NULL, 0, cols, ncols, &t, &err))
		return ctx_error(ctx, &err);
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

int run_show(struct ft_ctx *ctx, const struct ft_command *cmd, int argc, char **argv,
	     const char *what, const struct show_part *parts, size_t nparts)
{
	struct rm_request requests[8];
	struct out_section sections[8];
	struct out_table *tables[8] = { 0 };
	struct ft_error err;
	struct args a;
	int rc = EXIT_OK;

	if (ctx_parse(ctx, cmd, argc - 1, argv + 1, NULL, 0, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, cmd, "'%s show' needs the %s's code", what, what);
	if (nparts > 8 || ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	for (size_t i = 0; i < nparts; i++) {
		requests[i] = (struct rm_request){ parts[i].query, parts[i].cols, parts[i].ncols };
		sections[i] = (struct out_section){ parts[i].key, parts[i].title, NULL,
						    parts[i].record };
	}
	if (rm_tables(ctx->st, requests, nparts, a.pos[0], tables, &err))
		return ctx_error(ctx, &err);
	if (out_row_count(tables[0]) == 0) {
		fprintf(ctx->err, "fundtrack: no %s '%s' (see 'fundtrack %s list')\n", what,
			a.pos[0], cmd->name);
		rc = EXIT_ERROR;
	} else {
		for (size_t i = 0; i < nparts; i++)
			sections[i].table = tables[i];
		rc = ctx_print(ctx, sections, nparts);
	}
	for (size_t i = 0; i < nparts; i++)
		out_table_free(tables[i]);
	return rc;
}
