/* cmd_report.c - report status|network|project: the PDF reports of
 * reports/report.h. A further report is one more line in report_subs[] and
 * a run function that calls parse_report_options. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cmd_util.h"
#include "report.h"

/* What a report accepts besides -o, --lang and --font. */
enum report_takes {
	TAKES_YEAR = 1,
	TAKES_AS_OF = 2,
	TAKES_CODE = 4
};

enum report_opt { R_O, R_OUTPUT, R_LANG, R_FONT, R_YEAR, R_AS_OF, R_NOPTS };

struct report_request {
	struct report_options o;
	const char *path;
	const char *code;
};

/* Parses the options every report shares; returns -1 after printing a
 * usage error or the help (rc gets the exit code). */
static int parse_report_options(struct ft_ctx *ctx, const char *name, int takes, int argc,
				char **argv, struct report_request *req, int *rc)
{
	struct arg_opt opts[R_NOPTS] = {
		{ "-o", 1, 0, NULL, 0 },      { "--output", 1, 0, NULL, 0 },
		{ "--lang", 1, 0, NULL, 0 },  { "--font", 1, 0, NULL, 0 },
		{ "--year", 1, 0, NULL, 0 },  { "--as-of", 1, 0, NULL, 0 },
	};
	size_t nopts = (takes & TAKES_AS_OF) ? R_NOPTS : (takes & TAKES_YEAR) ? R_AS_OF : R_YEAR;
	struct ft_error err;
	struct args a;
	int64_t year;

	memset(req, 0, sizeof(*req));
	if (ctx_parse(ctx, &cmd_report_entry, argc - 1, argv + 1, opts, nopts, &a, rc))
		return -1;
	req->path = opts[R_O].value ? opts[R_O].value : opts[R_OUTPUT].value;
	*rc = EXIT_USAGE;
	if (a.npos != ((takes & TAKES_CODE) ? 1 : 0)) {
		if (takes & TAKES_CODE)
			ctx_usage_error(ctx, &cmd_report_entry, "'report %s' needs the project's CODE",
					name);
		else
			ctx_usage_error(ctx, &cmd_report_entry, "unexpected argument '%s'", a.pos[0]);
		return -1;
	}
	req->code = (takes & TAKES_CODE) ? a.pos[0] : NULL;
	if (!req->path || !*req->path) {
		ctx_usage_error(ctx, &cmd_report_entry, "'report %s' needs -o FILE.pdf", name);
		return -1;
	}
	if (opts[R_LANG].value && report_lang_parse(opts[R_LANG].value, &req->o.lang)) {
		ctx_usage_error(ctx, &cmd_report_entry, "invalid language '%s': expected de or en",
				opts[R_LANG].value);
		return -1;
	}
	req->o.font = opts[R_FONT].value;
	*rc = EXIT_ERROR;
	if (opts[R_YEAR].value) {
		if (parse_count(opts[R_YEAR].value, "--year", 1900, 2199, &year, &err)) {
			*rc = ctx_error(ctx, &err);
			return -1;
		}
		req->o.year = (int)year;
	}
	if (opts[R_AS_OF].value &&
	    parse_date_option(opts[R_AS_OF].value, "--as-of", req->o.as_of, &err)) {
		*rc = ctx_error(ctx, &err);
		return -1;
	}
	*rc = EXIT_OK;
	return 0;
}

typedef int (*report_fn)(struct store *st, const struct report_request *req,
			 struct report_info *info, struct ft_error *err);

static int say_written(struct ft_ctx *ctx, const char *name, const struct report_request *req,
		       const struct report_info *info)
{
	struct stat sb;
	long kb = stat(req->path, &sb) == 0 ? (long)((sb.st_size + 1023) / 1024) : 0;

	ctx_say(ctx, "wrote %s report '%s': %d page%s, %ld KB", name, req->path, info->pages,
		info->pages == 1 ? "" : "s", kb);
	return EXIT_OK;
}

static int run_report(struct ft_ctx *ctx, const char *name, int takes, report_fn make, int argc,
		      char **argv)
{
	struct report_request req;
	struct report_info info = { 0 };
	struct ft_error err;
	int rc;

	if (parse_report_options(ctx, name, takes, argc, argv, &req, &rc))
		return rc;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (make(ctx->st, &req, &info, &err))
		return ctx_error(ctx, &err);
	return say_written(ctx, name, &req, &info);
}

static int make_status(struct store *st, const struct report_request *req,
		       struct report_info *info, struct ft_error *err)
{
	return report_status(st, &req->o, req->path, info, err);
}

static int make_network(struct store *st, const struct report_request *req,
			struct report_info *info, struct ft_error *err)
{
	return report_network(st, &req->o, req->path, info, err);
}

static int make_project(struct store *st, const struct report_request *req,
			struct report_info *info, struct ft_error *err)
{
	return report_project(st, req->code, &req->o, req->path, info, err);
}

static int report_status_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "status", TAKES_YEAR | TAKES_AS_OF, make_status, argc, argv);
}

static int report_network_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "network", TAKES_YEAR, make_network, argc, argv);
}

static int report_project_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "project", TAKES_CODE, make_project, argc, argv);
}

static const struct ft_command report_subs[] = {
	{ "status", report_status_cmd, "status report of the own city", NULL },
	{ "network", report_network_cmd, "comparison of all cities in the database", NULL },
	{ "project", report_project_cmd, "report on one project", NULL },
};

static int run_report_group(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_report_entry, report_subs,
			    sizeof(report_subs) / sizeof(report_subs[0]), argc, argv);
}

const struct ft_command cmd_report_entry = {
	"report", run_report_group, "PDF reports: status, network comparison, one project",
	"usage: fundtrack report status [--year YEAR] [--as-of DATE] -o FILE.pdf [OPTIONS]\n"
	"   or: fundtrack report network [--year YEAR] -o FILE.pdf [OPTIONS]\n"
	"   or: fundtrack report project CODE -o FILE.pdf [OPTIONS]\n"
	"\n"
	"  status    the own city for managers and the city council: key figures\n"
	"            against the year before, funding per year by level (chart), by\n"
	"            field, every project's financing, the deadlines of the next 90\n"
	"            days, the findings of 'fundtrack check' and the project chains\n"
	"            with their gaps (timeline)\n"
	"  network   every city in the database (own and imported) compared, for the\n"
	"            working group of the Deutscher Städtetag: funding, per inhabitant,\n"
	"            level shares, own share, projects per field, chains and gaps,\n"
	"            funding ending without follow-up; one page per field\n"
	"  project   one project: master data, financing plan, bookings, chain\n"
	"\n"
	"  -o, --output FILE  the PDF to write (written to a temporary file first and\n"
	"                     renamed, so a failure never leaves a partial file)\n"
	"  --year YEAR        fiscal year (status: default the year of --as-of;\n"
	"                     network: default all years)\n"
	"  --as-of DATE       status: the report's day (default today)\n"
	"  --lang de|en       German (default) or English\n"
	"  --font DIR|FILE    the directory of DejaVuSans.ttf and DejaVuSans-Bold.ttf,\n"
	"                     or a .ttf file (default: the system's DejaVu Sans, Debian\n"
	"                     package fonts-dejavu-core)\n"
	"\n"
	"The figures are those of 'budget', 'plan', 'chains', 'check' and 'deadlines'.\n"
	"With $SOURCE_DATE_EPOCH set, the PDF's creation date is taken from it and the\n"
	"same data gives a byte-identical file.\n"
	"\n"
	"example: fundtrack report status -o status-2026.pdf\n",
};
