/* cmd_report.c - report status|network|project|model: the PDF reports of
 * reports/report.h. A further report is one more line in report_subs[] and
 * a run function that calls parse_report_options. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_util.h"
#include "model_cli.h"
#include "report.h"

/* What a report accepts besides -o, --lang and --font. */
enum report_takes {
	TAKES_YEAR = 1,
	TAKES_AS_OF = 2,
	TAKES_CODE = 4
};

/* The options every report takes come first; --year and --as-of follow
 * when the report takes them, then the report's own. */
enum report_opt { R_O, R_OUTPUT, R_LANG, R_FONT, R_SHARED };
enum { R_MAX_OPTS = R_SHARED + 2 + MODEL_NOPTS };

struct report_request {
	struct report_options o;
	const char *path;
	const char *code;
	/* the options as parsed: the shared ones, then the report's own
	 * (extra), whose values (and repeated values in a) stay here */
	struct arg_opt opts[R_MAX_OPTS];
	const struct arg_opt *extra;
	struct args a;
};

/* Parses the options every report shares, and the nextra options of the
 * report itself (req->extra, in the same order); returns -1 after
 * printing a usage error or the help (rc gets the exit code). */
static int parse_report_options(struct ft_ctx *ctx, const char *name, int takes,
				const struct arg_opt *extra, size_t nextra, int argc, char **argv,
				struct report_request *req, int *rc)
{
	struct arg_opt *year, *as_of;
	struct ft_error err;
	size_t nopts = 0;
	int64_t value;

	memset(req, 0, sizeof(*req));
	req->opts[R_O] = (struct arg_opt){ "-o", 1, 0, NULL, 0 };
	req->opts[R_OUTPUT] = (struct arg_opt){ "--output", 1, 0, NULL, 0 };
	req->opts[R_LANG] = (struct arg_opt){ "--lang", 1, 0, NULL, 0 };
	req->opts[R_FONT] = (struct arg_opt){ "--font", 1, 0, NULL, 0 };
	nopts = R_SHARED;
	if (takes & TAKES_YEAR)
		req->opts[nopts++] = (struct arg_opt){ "--year", 1, 0, NULL, 0 };
	if (takes & TAKES_AS_OF)
		req->opts[nopts++] = (struct arg_opt){ "--as-of", 1, 0, NULL, 0 };
	req->extra = &req->opts[nopts];
	for (size_t i = 0; i < nextra && nopts < R_MAX_OPTS; i++)
		req->opts[nopts++] = extra[i];
	if (ctx_parse(ctx, &cmd_report_entry, argc - 1, argv + 1, req->opts, nopts, &req->a, rc))
		return -1;
	req->path = req->opts[R_O].value ? req->opts[R_O].value : req->opts[R_OUTPUT].value;
	*rc = EXIT_USAGE;
	if (req->a.npos != ((takes & TAKES_CODE) ? 1 : 0)) {
		if (takes & TAKES_CODE)
			ctx_usage_error(ctx, &cmd_report_entry, "'report %s' needs the project's CODE",
					name);
		else
			ctx_usage_error(ctx, &cmd_report_entry, "unexpected argument '%s'",
					req->a.pos[0]);
		return -1;
	}
	req->code = (takes & TAKES_CODE) ? req->a.pos[0] : NULL;
	if (!req->path || !*req->path) {
		ctx_usage_error(ctx, &cmd_report_entry, "'report %s' needs -o FILE.pdf", name);
		return -1;
	}
	if (req->opts[R_LANG].value && report_lang_parse(req->opts[R_LANG].value, &req->o.lang)) {
		ctx_usage_error(ctx, &cmd_report_entry, "invalid language '%s': expected de or en",
				req->opts[R_LANG].value);
		return -1;
	}
	req->o.font = req->opts[R_FONT].value;
	*rc = EXIT_ERROR;
	year = args_find(req->opts, nopts, "--year");
	as_of = args_find(req->opts, nopts, "--as-of");
	if (year && year->value) {
		if (parse_count(year->value, "--year", 1900, 2199, &value, &err)) {
			*rc = ctx_error(ctx, &err);
			return -1;
		}
		req->o.year = (int)value;
	}
	if (as_of && as_of->value && parse_date_option(as_of->value, "--as-of", req->o.as_of, &err)) {
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

	if (parse_report_options(ctx, name, takes, NULL, 0, argc, argv, &req, &rc))
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

/* The model needs no database; it reads one for --from-chain, and for the
 * own city's name in the header when there is one. */
static int open_store_if_present(struct ft_ctx *ctx)
{
	if (ctx->st || access(ctx->db_path, F_OK) != 0)
		return 0;
	return ctx_open_store(ctx, STORE_EXISTING);
}

static int report_model_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct arg_opt model_opts[MODEL_NOPTS];
	struct report_request req;
	struct report_model_input in;
	struct model_cli_run run;
	struct report_info info = { 0 };
	struct ft_error err;
	int rc;

	model_cli_options(model_opts);
	if (parse_report_options(ctx, "model", 0, model_opts, MODEL_NOPTS, argc, argv, &req, &rc))
		return rc;
	rc = model_cli_run(ctx, &cmd_report_entry, req.extra, &req.a, &run);
	if (rc != EXIT_OK)
		return rc;
	in = (struct report_model_input){ run.setup, run.chain, run.result,
					  req.extra[MODEL_OPT_SCENARIO].value };
	if (open_store_if_present(ctx))
		rc = EXIT_ERROR;
	else if (report_model(ctx->st, &in, &req.o, req.path, &info, &err))
		rc = ctx_error(ctx, &err);
	else
		rc = say_written(ctx, "model", &req, &info);
	model_cli_release(&run);
	return rc;
}

static const struct ft_command report_subs[] = {
	{ "status", report_status_cmd, "status report of the own city", NULL },
	{ "network", report_network_cmd, "comparison of all cities in the database", NULL },
	{ "project", report_project_cmd, "report on one project", NULL },
	{ "model", report_model_cmd, "the model: a chain of projects against sustained financing", NULL },
};

static int run_report_group(struct ft_ctx *ctx, int argc, char **argv)
{
	return ctx_dispatch(ctx, &cmd_report_entry, report_subs,
			    sizeof(report_subs) / sizeof(report_subs[0]), argc, argv);
}

const struct ft_command cmd_report_entry = {
	"report", run_report_group,
	"PDF reports: status, network comparison, one project, the model",
	"usage: fundtrack report status [--year YEAR] [--as-of DATE] -o FILE.pdf [OPTIONS]\n"
	"   or: fundtrack report network [--year YEAR] -o FILE.pdf [OPTIONS]\n"
	"   or: fundtrack report project CODE -o FILE.pdf [OPTIONS]\n"
	"   or: fundtrack report model [--set KEY=VALUE ...] [--scenario FILE]\n"
	"                              [--from-chain PROJECT] [--runs N [--seed S]]\n"
	"                              -o FILE.pdf [OPTIONS]\n"
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
	"  model     'fundtrack model' as a PDF: the result in plain words, the totals\n"
	"            of the project chain and of sustained financing side by side,\n"
	"            capacity per month with the gaps, the city's own cost and the\n"
	"            cost by level over time, P10/P50/P90 with --runs, every\n"
	"            parameter with its origin and source. Takes the options of\n"
	"            'fundtrack model': --set KEY=VALUE, --scenario FILE,\n"
	"            --from-chain PROJECT, --runs N, --seed S (see 'model --help').\n"
	"            Needs no database; reads it when present (the city's name)\n"
	"            and for --from-chain\n"
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
	"The figures are those of 'budget', 'plan', 'chains', 'check', 'deadlines' and\n"
	"'model'.\n"
	"With $SOURCE_DATE_EPOCH set, the PDF's creation date is taken from it and the\n"
	"same data gives a byte-identical file.\n"
	"\n"
	"example: fundtrack report status -o status-2026.pdf\n"
	"         fundtrack report model --runs 10000 --set approval=60 -o modell.pdf\n",
};
