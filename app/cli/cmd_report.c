/* cmd_report.c - report status|network|project|model: the PDF reports of
 * reports/report.h. A further report is one more line in report_subs[] and
 * a run function that calls parse_report_options. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "cmd_util.h"
#include "model_cli.h"
#include "report.h"
#include "report_proof.h"
#include "msg_lang.h"

static const char *const langs[] = { "de", "en", NULL };
static const struct word_enum lang_enum = { "language", langs, NULL };

/* The options every report takes (from index first on), and --year and
 * --as-of where the report takes them; they are read by name. */
enum report_opt { R_OUTPUT, R_LANG, R_FONT, R_SHARED, R_YEAR = R_SHARED, R_AS_OF };
#define REPORT_OPTIONS(first)                                                             \
	[(first) + R_OUTPUT] = { "--output", 'o', "FILE.pdf", ARG_REQUIRED, NULL, "file",           \
		       "the PDF to write (written to a temporary file first and\n"      \
		       "renamed, so a failure never leaves a partial file)" },            \
	[(first) + R_LANG] = { "--lang", 0, "LANG", ARG_OWN_CHECK, &lang_enum, NULL,                \
		     "German (default) or English" },                                     \
	[(first) + R_FONT] = { "--font", 0, "DIR|FILE", 0, NULL, "file",                            \
		     "the directory of DejaVuSans.ttf and DejaVuSans-Bold.ttf,\n"        \
		     "or a .ttf file (default: the system's DejaVu Sans, Debian\n"       \
		     "package fonts-dejavu-core)" }
#define REPORT_YEAR                                                                       \
	[R_YEAR] = { "--year", 0, "YEAR", 0, NULL, NULL,                                  \
		     "fiscal year (status: default the year of --as-of;\n"               \
		     "network: default all years)" }

static const struct arg_opt status_opts[] = {
	REPORT_OPTIONS(0), REPORT_YEAR,
	[R_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL, "the report's day (default today)" },
};
static const struct arg_opt network_opts[] = { REPORT_OPTIONS(0), REPORT_YEAR };
static const struct arg_opt project_opts[] = { REPORT_OPTIONS(0) };
enum { P_AS_OF = R_SHARED, P_EFFECTIVE, P_COSTS };
static const struct arg_opt proof_opts[] = {
	REPORT_OPTIONS(0),
	[P_AS_OF] = { "--as-of", 0, "DATE", 0, NULL, NULL,
		      "the day of the settlement (default today)" },
	[P_EFFECTIVE] = { "--effective", 0, "DATE", 0, NULL, NULL,
			  "refund interest from this day (default: the end of\n"
			  "the approval period), as in 'settle'" },
	[P_COSTS] = { "--costs", 0, "AMOUNT", 0, NULL, NULL,
		      "the eligible costs actually incurred, as in 'settle'" },
};
/* the model's options first, as in 'fundtrack model' */
static const struct arg_opt model_opts[] = { MODEL_CLI_OPTIONS(0), REPORT_OPTIONS(MODEL_NOPTS) };

struct report_request {
	struct report_options o;
	const char *path;
	const char *code;
	struct args a; /* the options as parsed */
};

/* Parses the options of the report running (its table says which);
 * returns -1 after printing a usage error or the help (rc gets the exit
 * code). */
static int parse_report_options(struct ft_ctx *ctx, const char *name, int argc, char **argv,
				struct report_request *req, int *rc)
{
	int takes_code = ctx->cmd->npos > 0;
	const char *year, *as_of;
	struct ft_error err;
	int64_t value;

	memset(req, 0, sizeof(*req));
	if (ctx_parse(ctx, argc - 1, argv + 1, &req->a, rc))
		return -1;
	req->path = args_get(&req->a, "--output");
	*rc = EXIT_USAGE;
	if (req->a.npos != takes_code) {
		if (takes_code)
			ctx_usage_error(ctx, "'report %s' needs the %s", name,
					strcmp(name, "proof") == 0 ? "grant's REF"
								   : "project's CODE");
		else
			ctx_usage_error(ctx, "unexpected argument '%s'",
					req->a.pos[0]);
		return -1;
	}
	req->code = takes_code ? req->a.pos[0] : NULL;
	if (!req->path || !*req->path) {
		ctx_usage_error(ctx, "'report %s' needs -o FILE.pdf", name);
		return -1;
	}
	if (args_get(&req->a, "--lang") && report_lang_parse(args_get(&req->a, "--lang"), &req->o.lang)) {
		ctx_usage_error(ctx, "invalid language '%s': expected de or en",
				args_get(&req->a, "--lang"));
		return -1;
	}
	req->o.font = args_get(&req->a, "--font");
	*rc = EXIT_ERROR;
	year = args_get(&req->a, "--year");
	as_of = args_get(&req->a, "--as-of");
	if (year) {
		if (parse_count(year, "--year", 1900, 2199, &value, &err)) {
			*rc = ctx_error(ctx, &err);
			return -1;
		}
		req->o.year = (int)value;
	}
	if (as_of && parse_date_option(as_of, "--as-of", req->o.as_of, &err)) {
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

	ctx_say(ctx, trn("wrote %s report '%s': %d page, %ld KB",
			 "wrote %s report '%s': %d pages, %ld KB", info->pages),
		name, req->path, info->pages, kb);
	return EXIT_OK;
}

static int run_report(struct ft_ctx *ctx, const char *name, report_fn make, int argc,
		      char **argv)
{
	struct report_request req;
	struct report_info info = { 0 };
	struct ft_error err;
	int rc;

	if (parse_report_options(ctx, name, argc, argv, &req, &rc))
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

/* The proof of use of one grant: --effective and --costs as in 'settle'. */
static int make_proof(struct store *st, const struct report_request *req,
		      struct report_info *info, struct ft_error *err)
{
	struct report_proof_options p = { req->code, NULL, -1 };
	const char *effective = args_get(&req->a, "--effective"), *costs = args_get(&req->a, "--costs");
	char day[DATE_BUF];

	if (effective) {
		if (parse_date_option(effective, "--effective", day, err))
			return -1;
		p.effective = day;
	}
	if (costs && parse_amount_option(costs, "--costs", &p.costs, err))
		return -1;
	return report_proof(st, &p, &req->o, req->path, info, err);
}

static int report_status_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "status", make_status, argc, argv);
}

static int report_network_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "network", make_network, argc, argv);
}

static int report_project_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "project", make_project, argc, argv);
}

static int report_proof_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "proof", make_proof, argc, argv);
}

/* The model needs no database; it reads one for --from-chain, and for the
 * own city's name in the header when there is one (a file that exists, or
 * a server database, which is always there to ask). */
static int open_store_if_present(struct ft_ctx *ctx)
{
	if (ctx->st || (!db_is_server_target(ctx->db_path) && access(ctx->db_path, F_OK) != 0))
		return 0;
	return ctx_open_store(ctx, STORE_EXISTING);
}

static int report_model_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct report_request req;
	struct report_model_input in;
	struct model_cli_run run;
	struct report_info info = { 0 };
	struct ft_error err;
	int rc;

	if (parse_report_options(ctx, "model", argc, argv, &req, &rc))
		return rc;
	rc = model_cli_run(ctx, &req.a, 0, &run);
	if (rc != EXIT_OK)
		return rc;
	in = (struct report_model_input){ run.setup, run.chain, run.result,
					  req.a.value[MODEL_OPT_SCENARIO] };
	if (open_store_if_present(ctx))
		rc = EXIT_ERROR;
	else if (report_model(ctx->st, &in, &req.o, req.path, &info, &err))
		rc = ctx_error(ctx, &err);
	else
		rc = say_written(ctx, "model", &req, &info);
	model_cli_release(&run);
	return rc;
}

static const struct arg_pos project_pos[] = { { "CODE", NULL, "projects", 0 } };
static const struct arg_pos proof_pos[] = { { "REF", NULL, "grants", 0 } };

static const struct ft_command report_subs[] = {
	{ .name = "status", .run = report_status_cmd, .summary = "status report of the own city",
	  FT_OPTS(status_opts) },
	{ .name = "network", .run = report_network_cmd,
	  .summary = "comparison of all cities in the database", FT_OPTS(network_opts) },
	{ .name = "project", .run = report_project_cmd, .summary = "report on one project",
	  FT_POS(project_pos), FT_OPTS(project_opts) },
	{ .name = "proof", .run = report_proof_cmd,
	  .summary = "proof of use of one grant: numerical proof, settlement, receipts",
	  FT_POS(proof_pos), FT_OPTS(proof_opts) },
	{ .name = "model", .run = report_model_cmd,
	  .summary = "the model: a chain of projects against sustained financing",
	  FT_OPTS(model_opts) },
};

const struct ft_command cmd_report_entry = {
	.name = "report", .summary = "PDF reports: status, network comparison, one project, the model",
	FT_SUBS(report_subs),
	.help = "  status    the own city for managers and the city council: key figures\n"
	"            against the year before, funding per year by level (chart), by\n"
	"            field, every project's financing, the deadlines of the next 90\n"
	"            days, the findings of 'fundtrack check' and the project chains\n"
	"            with their gaps (timeline)\n"
	"  network   every city in the database (own and imported) compared, for the\n"
	"            working group of the Deutscher Städtetag: funding, per inhabitant,\n"
	"            level shares, own share, projects per field, chains and gaps,\n"
	"            funding ending without follow-up; the fields side by side\n"
	"  project   one project: master data, financing plan, bookings, chain\n"
	"  proof     the numerical proof of use of one grant (Verwendungsnachweis):\n"
	"            I. Einnahmen and II. Ausgaben, plan against actual,\n"
	"            III. the settlement of 'fundtrack settle' with its interest,\n"
	"            place, date and signature lines, and the list of receipts of\n"
	"            'fundtrack proof receipts' as an appendix\n"
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
	"The figures are those of 'budget', 'plan', 'chains', 'check', 'deadlines' and\n"
	"'model'.\n"
	"With $SOURCE_DATE_EPOCH set, the PDF's creation date is taken from it and the\n"
	"same data gives a byte-identical file.\n"
	"\n"
	"example: fundtrack report status -o status-2026.pdf\n"
	"         fundtrack report proof SOE-2024/005 --as-of 31.12.2026 -o vn.pdf\n"
	"         fundtrack report model --runs 10000 --set approval=60 -o modell.pdf\n",
};
