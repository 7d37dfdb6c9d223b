/* cmd_audit.c - audit verify and audit log: proving who changed what. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "booking_sums.h"
#include "cli.h"
#include "cmd_util.h"
#include "atomic_file.h"
#include "exchange_verify.h"
#include "msg_lang.h"

static void print_rows_mismatch(void *arg, const char *message)
{
	struct ft_ctx *ctx = arg;

	ctx_note(ctx, "%s", message);
}

/* The imported cities' rows against their deliveries (issue 16);
 * EXIT_ERROR when one differs. */
static int verify_partner_rows(struct ft_ctx *ctx)
{
	struct exch_rows_check check;
	struct ft_error err;

	if (exchange_verify_deliveries(ctx->st, &check, print_rows_mismatch, ctx, &err))
		return ctx_error(ctx, &err);
	if (check.mismatches) {
		ctx_note(ctx, "%ld of %ld imported cities no longer hold what their "
				  "delivery brought",
			check.mismatches, check.cities);
		return EXIT_ERROR;
	}
	if (check.cities)
		ctx_say(ctx, "imported cities: the rows of all %ld equal what their delivery brought "
			     "(SHA-256 of the rows recorded at import)",
			check.cities);
	return EXIT_OK;
}

/* The booking sums per grant and year (schema/014) against the bookings
 * (issue 19); EXIT_ERROR with the first difference when they differ. */
static int verify_booking_sums(struct ft_ctx *ctx)
{
	struct booking_sums_check check;
	struct ft_error err;

	if (booking_sums_verify(ctx->st, &check, &err))
		return ctx_error(ctx, &err);
	if (check.differences) {
		ctx_note(ctx, "the booking sums differ from the bookings in %ld of %ld grant-years; "
			      "first: %s",
			 check.differences, check.rows, check.first);
		return EXIT_ERROR;
	}
	ctx_say(ctx, "booking sums: all %ld grant-years equal their bookings (recomputed)",
		check.rows);
	return EXIT_OK;
}

static int print_verify_result(struct ft_ctx *ctx, const struct audit_report *r)
{
	static const struct out_column columns[] = {
		{ "intact", "Intakt", OUT_BOOL },
		{ "entries", "Einträge", OUT_COUNT },
		{ "records", "Geprüfte Datensätze", OUT_COUNT },
		{ "broken_at", "Bruch bei Eintrag", OUT_INT },
		{ "problems", "Befunde", OUT_COUNT },
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
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	section.table = t;
	rc = ctx_print(ctx, &section, 1);
	out_table_free(t);
	return rc;
}

/* The anchor of --anchor: a noted ID:HASH (no key needed), else an anchor
 * file checked with the key of --key (or the default key). */
static int load_anchor(const char *value, const char *key_option, struct audit_anchor *out,
		       struct ft_error *err)
{
	unsigned char key[AUDIT_KEY_BYTES];
	char key_path[4096], text[AUDIT_ANCHOR_MAX];
	size_t len;
	int is_default, rc;

	if (audit_anchor_parse_noted(value, out))
		return key_option ? ft_fail(err, "option '--key' is for an anchor file, not for "
						 "a noted anchor '%s'",
					    value)
				  : 0;
	if (audit_anchor_read(value, text, &len, err) ||
	    audit_key_path(key_option, key_path, sizeof(key_path), &is_default, err) ||
	    audit_key_load(key_path, key, err))
		return -1;
	rc = audit_anchor_parse(text, len, value, key, out, err);
	memset(key, 0, sizeof(key));
	return rc;
}

/* Prints the findings; EXIT_ERROR when there are any. */
static int print_findings(struct ft_ctx *ctx, const struct audit_report *r)
{
	size_t n = r->nproblems + r->more;

	for (size_t i = 0; i < r->nproblems; i++)
		ctx_note(ctx, "%s", r->problems[i]);
	if (r->more)
		ctx_note(ctx, "... and %zu more findings", r->more);
	if (n)
		ctx_note(ctx, trn("the audit log does not prove the history: %zu finding above",
				  "the audit log does not prove the history: %zu findings above",
				  (long long)n),
			 n);
	return n ? EXIT_ERROR : EXIT_OK;
}

enum verify_opt { V_ANCHOR, V_KEY };
static const struct arg_opt verify_opts[] = {
	[V_ANCHOR] = { "--anchor", 0, "FILE", 0, NULL, "file",
		       "also prove that the log still holds the anchored entry\n"
		       "unchanged: no entry up to it was rewritten or cut back\n"
		       "(a noted ID:HASH from the Anchor column works too, without key)" },
	[V_KEY] = { "--key", 0, "KEYFILE", 0, NULL, "file",
		    "the audit key (default $FUNDTRACK_AUDIT_KEY, else\n"
		    "~/.config/fundtrack/audit.key)" },
};

static int audit_verify_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	struct audit_anchor anchor;
	struct audit_report report;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	if (a.value[V_KEY] && !a.value[V_ANCHOR])
		return ctx_usage_error(ctx, "option '--key' needs '--anchor'");
	/* the anchor first: a bad one fails before the database is opened */
	if (a.value[V_ANCHOR] && load_anchor(a.value[V_ANCHOR], a.value[V_KEY], &anchor, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (audit_verify(ctx->st, a.value[V_ANCHOR] ? &anchor : NULL, &report, &err))
		return ctx_error(ctx, &err);
	rc = print_findings(ctx, &report);
	if (print_verify_result(ctx, &report) != EXIT_OK)
		rc = EXIT_ERROR;
	else if (rc == EXIT_OK) {
		ctx_say(ctx, "\naudit log intact: %lld entries in an unbroken chain; %lld records "
			     "match their last logged state",
			(long long)report.entries, (long long)report.records);
		if (a.value[V_ANCHOR])
			ctx_say(ctx, "the log still holds entry %lld of the anchor%s%s unchanged: no "
				     "entry up to it was rewritten or removed",
				(long long)anchor.entry, anchor.created[0] ? " of " : "",
				anchor.created);
		else if (report.last_id)
			ctx_say(ctx, "keep an anchor outside the database ('fundtrack audit anchor "
				     "-o FILE'):\n'fundtrack audit verify --anchor FILE' will later "
				     "also prove that the log was\nnot cut back or rewritten");
	}
	audit_report_release(&report);
	if (verify_partner_rows(ctx) != EXIT_OK)
		rc = EXIT_ERROR;
	if (verify_booking_sums(ctx) != EXIT_OK)
		rc = EXIT_ERROR;
	return rc;
}

static int write_text(void *arg, FILE *out, struct ft_error *err)
{
	if (fputs(arg, out) == EOF)
		return ft_fail(err, "cannot write the anchor: %s", strerror(errno));
	return 0;
}

/* The key for a new anchor, created on first use. */
static int anchor_key(struct ft_ctx *ctx, const char *key_option,
		      unsigned char key[AUDIT_KEY_BYTES], struct ft_error *err)
{
	char path[4096];
	int is_default, created;

	if (audit_key_path(key_option, path, sizeof(path), &is_default, err) ||
	    audit_key_load_or_create(path, is_default, key, &created, err))
		return -1;
	if (created)
		ctx_note(ctx, "created the audit key '%s' (mode 0600): keep it "
				  "safe and apart from the database; every anchor is checked with "
				  "it",
			path);
	return 0;
}

/* -o may create a file or replace an older anchor, nothing else (not the
 * database, not the key, not a report named by mistake). */
static int check_anchor_target(const char *path, struct ft_error *err)
{
	if (access(path, F_OK) == 0 && !audit_anchor_is_file(path))
		return ft_fail(err, "will not replace '%s': it is not an audit anchor file (choose "
				    "a new file name for the anchor)",
			       path);
	return 0;
}

/* The anchor of the log as it is now, keyed, in text. */
static int make_anchor(struct ft_ctx *ctx, const char *key_option, struct audit_anchor *anchor,
		       char text[AUDIT_ANCHOR_MAX])
{
	unsigned char key[AUDIT_KEY_BYTES];
	struct audit_report report;
	struct ft_error err;
	int rc;

	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	/* only a log that proves the history is worth anchoring */
	if (audit_verify(ctx->st, NULL, &report, &err))
		return ctx_error(ctx, &err);
	rc = print_findings(ctx, &report);
	if (rc != EXIT_OK)
		fputs("fundtrack: no anchor written: only a log that proves the history is "
		      "anchored\n",
		      ctx->err);
	else if (audit_anchor_point(ctx->st, &report, anchor, &err))
		rc = ctx_error(ctx, &err);
	audit_report_release(&report);
	if (rc != EXIT_OK)
		return rc;
	rc = anchor_key(ctx, key_option, key, &err) ||
	     audit_anchor_format(anchor, key, text, AUDIT_ANCHOR_MAX, &err);
	memset(key, 0, sizeof(key));
	return rc ? ctx_error(ctx, &err) : EXIT_OK;
}

enum anchor_opt { A_OUTPUT, A_KEY };
static const struct arg_opt anchor_opts[] = {
	[A_OUTPUT] = { "--output", 'o', "FILE", 0, NULL, "file",
		       "write the anchor to FILE (a new file or an older anchor),\n"
		       "else to standard output" },
	[A_KEY] = { "--key", 0, "KEYFILE", 0, NULL, "file",
		    "the audit key (default $FUNDTRACK_AUDIT_KEY, else\n"
		    "~/.config/fundtrack/audit.key): 64 hex digits, mode 0600;\n"
		    "created on first use. Keep it from the database's users\n"
		    "and back it up: without it no anchor can be checked" },
};

static int audit_anchor_cmd(struct ft_ctx *ctx, int argc, char **argv)
{
	char text[AUDIT_ANCHOR_MAX];
	struct audit_anchor anchor;
	struct ft_error err;
	const char *path;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	path = a.value[A_OUTPUT];
	if (path && !*path)
		return ctx_usage_error(ctx, "option '-o' needs a file name");
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	if (path && check_anchor_target(path, &err))
		return ctx_error(ctx, &err);
	if ((rc = make_anchor(ctx, a.value[A_KEY], &anchor, text)) != EXIT_OK)
		return rc;
	if (!path) {
		if (fputs(text, ctx->out) != EOF && fflush(ctx->out) == 0)
			return EXIT_OK;
		ft_fail(&err, "cannot write the anchor: %s", strerror(errno));
		return ctx_error(ctx, &err);
	}
	if (atomic_write_file(path, "the anchor ", write_text, text, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "anchored entry %lld of the audit log (city %s) in '%s'\nkeep it apart from "
		     "the database; 'fundtrack audit verify --anchor %s' proves\nlater that no "
		     "entry up to it was rewritten or removed",
		(long long)anchor.entry, anchor.city, path, path);
	return EXIT_OK;
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
	{ .name = "anchor", .run = audit_anchor_cmd,
	  .summary = "write a keyed anchor to keep outside the database", FT_OPTS(anchor_opts) },
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
	"state, which reveals data changed outside fundtrack; and proves that the\n"
	"rows of every imported city still equal what its delivery brought (the\n"
	"SHA-256 of the rows recorded at import, recomputed); and recomputes the\n"
	"booking sums per grant and year that budget, plan, check and the reports\n"
	"read (kept by the database with every booking) from the bookings, naming\n"
	"the first grant and year that differs. Exit code 1 when anything is wrong.\n"
	"\n"
	"The chain alone cannot stop someone who may write the database file: the\n"
	"hash has no secret, so the whole log can be rewritten consistently. Against\n"
	"that, anchor writes the newest entry's id and hash to FILE (or standard\n"
	"output), sealed with HMAC-SHA256 and a secret key that the database does not\n"
	"hold. Keep the anchor outside the database (mail it, print it, file it).\n"
	"verify --anchor FILE later proves that the log still holds that entry\n"
	"unchanged, so no entry up to it was rewritten and the log was not cut back\n"
	"below it; an edited or made-up anchor, or another key, fails.\n"
	"\n"
	"log shows the entries, oldest first (see its options above).\n"
	"With --format csv or json: the old and new values as JSON and the hashes.\n"
	"\n"
	"example: fundtrack audit log --record ZUW-2024/017\n"
	"         fundtrack audit anchor -o anchor-2026-12.txt\n"
	"         fundtrack audit verify --anchor anchor-2026-12.txt\n",
};
