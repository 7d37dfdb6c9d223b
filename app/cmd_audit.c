/* cmd_audit.c - audit verify and audit log: proving who changed what. */
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "cmd_util.h"

static int print_verify_result(struct ft_ctx *ctx, const struct audit_report *r)
{
	static const struct out_column columns[] = {
		{ "intact", "Intakt", OUT_BOOL },
		{ "entries", "Einträge", OUT_INT },
		{ "records", "Geprüfte Datensätze", OUT_INT },
		{ "broken_at", "Bruch bei Eintrag", OUT_INT },
		{ "problems", "Befunde", OUT_INT },
		{ "anchor", "Anker", OUT_TEXT },
	};
	struct out_section section = { NULL, NULL, NULL, 1 };
	struct out_table *t = out_table_new(columns, 6);
	char anchor[SHA256_HEX + 32] = "";
	int rc;

	/* An anchor is worth noting down only for a log that proved intact. */
	if (r->last_id && r->nproblems == 0)
		snprintf(anchor, sizeof(anchor), "%lld:%s", (long long)r->last_id, r->last_hash);
	if (!t || out_add_int(t, r->nproblems == 0) || out_add_int(t, r->entries) ||
	    out_add_int(t, r->records) ||
	    (r->broken_at ? out_add_int(t, r->broken_at) : out_add_null(t)) ||
	    out_add_int(t, (int64_t)(r->nproblems + r->more)) ||
	    (anchor[0] ? out_add_text(t, anchor) : out_add_null(t))) {
		out_table_free(t);
		fputs("fundtrack: out of memory\n", ctx->err);
		return EXIT_ERROR;
	}
	section.table = t;
	rc = ctx_print(ctx, &section, 1);
	out_table_free(t);
	return rc;
}

enum verify_opt { V_ANCHOR };
static const struct arg_opt verify_opts[] = {
	[V_ANCHOR] = { "--anchor", 0, "ID:HASH", 0, NULL, NULL,
		       "also prove that the log still holds the entry noted down\n"
		       "earlier unchanged: it was neither cut back nor rebuilt" },
};

static int audit_verify_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct audit_report report;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (audit_verify(ctx->st, a.value[V_ANCHOR], &report, &err))
		return ctx_error(ctx, &err);
	for (size_t i = 0; i < report.nproblems; i++)
		fprintf(ctx->err, "fundtrack: %s\n", report.problems[i]);
	if (report.more)
		fprintf(ctx->err, "fundtrack: ... and %zu more findings\n", report.more);
	rc = print_verify_result(ctx, &report);
	if (rc == EXIT_OK && report.nproblems > 0) {
		fprintf(ctx->err, "fundtrack: the audit log does not prove the history: %zu "
				  "finding%s above\n",
			report.nproblems + report.more, report.nproblems + report.more == 1 ? "" : "s");
		rc = EXIT_ERROR;
	} else if (rc == EXIT_OK) {
		ctx_say(ctx, "\naudit log intact: %lld entries in an unbroken chain; %lld records "
			     "match their last logged state",
			(long long)report.entries, (long long)report.records);
		if (report.last_id)
			ctx_say(ctx, "note the anchor above; 'fundtrack audit verify --anchor "
				     "%lld:%s'\nwill later also prove that the log was not cut "
				     "back or rebuilt",
				(long long)report.last_id, report.last_hash);
	}
	audit_report_release(&report);
	return rc;
}

enum log_opt { L_SINCE, L_RECORD, L_TABLE, L_BY };
static const struct arg_opt log_opts[] = {
	[L_SINCE] = { "--since", 0, "DATE", 0, NULL, NULL, "from that day on" },
	[L_RECORD] = { "--record", 0, "KEY", 0, NULL, "grants projects",
		       "one record: a grant's file reference (with its allocations,\n"
		       "bookings and proofs), a project or programme code, a booking\n"
		       "number, an AGS (imports)" },
	[L_TABLE] = { "--table", 0, "TABLE", 0, NULL, NULL,
		      "grant, project, booking, allocation, city, import, ..." },
	/* --user is the global option */
	[L_BY] = { "--by", 0, "NAME", 0, NULL, NULL, "entries written by user NAME" },
};

static int audit_log_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct audit_filter f = { 0 };
	char since[DATE_BUF];
	struct out_table *t;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (a.value[L_SINCE]) {
		if (parse_date_option(a.value[L_SINCE], "--since", since, &err))
			return ctx_error(ctx, &err);
		f.since = since;
	}
	f.record = a.value[L_RECORD];
	f.table = a.value[L_TABLE];
	f.user = a.value[L_BY];
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	/* People (table, csv-de for Excel) read the changes in words;
	 * machines (csv, json) get the JSON values and hashes. */
	if (audit_history(ctx->st, &f, ctx->format == OUT_TABLE || ctx->format == OUT_CSV_DE, &t,
			  &err))
		return ctx_error(ctx, &err);
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

static const struct ft_command audit_subs[] = {
	{ .name = "verify", .run = audit_verify_cmd, .summary = "check the audit log",
	  FT_OPTS(verify_opts) },
	{ .name = "log", .run = audit_log_cmd, .summary = "show the history", FT_OPTS(log_opts) },
};

const struct ft_command cmd_audit_entry = {
	.name = "audit", .summary = "verify the audit log and show who changed what",
	FT_SUBS(audit_subs),
	.help = "Every write (commands, CSV and XML imports, the demo) appends an entry to the\n"
	"audit log: when (UTC), who (--user, else $FUNDTRACK_USER, else the login name),\n"
	"which command, the table and record, and the old and new values. Each entry\n"
	"carries the SHA-256 hash of the one before, so an entry changed, deleted or\n"
	"inserted afterwards breaks the chain.\n"
	"\n"
	"verify checks the chain and says at which entry it breaks; checks that the\n"
	"audit triggers are intact; and compares every record with its last logged\n"
	"state, which reveals data changed outside fundtrack. It prints an anchor\n"
	"(ID:HASH of the newest entry): note it down (e.g. in the annual report);\n"
	"--anchor later proves that the log still holds that entry unchanged, so it was\n"
	"neither cut back nor rebuilt. Exit code 1 when anything is wrong.\n"
	"\n"
	"log shows the entries, oldest first (see its options above).\n"
	"With --format csv or json: the old and new values as JSON and the hashes.\n"
	"\n"
	"example: fundtrack audit log --record ZUW-2024/017\n"
	"         fundtrack audit verify\n",
};
