/* cmd_import.c - import-csv (spreadsheets in) and template (an empty
 * spreadsheet with the right columns). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_util.h"
#include "csv_delivery.h"
#include "csv_import.h"
#include "import_batch.h"
#include "readmodel.h"
#include "msg_lang.h"

static void print_lines(FILE *f, char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
}

static const char *separator_name(char sep)
{
	return sep == ';' ? "';'" : sep == ',' ? "','" : "tab";
}

/* "import-csv --help" adds the accepted column names to the usage. */
static int import_help(struct ft_ctx *ctx)
{
	ctx_help(ctx, &cmd_import_csv_entry);
	for (int k = 0; csv_kind_names[k]; k++) {
		char *columns = csv_columns_help((enum csv_kind)k);

		fprintf(ctx->out, "\nColumns of %s:\n%s", csv_kind_names[k], columns ? columns : "");
		free(columns);
	}
	return EXIT_OK;
}

static const struct word_enum kind_enum = { N_("kind"), csv_kind_names, NULL };
#define KIND_POS { "KIND", &kind_enum, NULL, ARG_OWN_CHECK }
static const struct arg_pos import_pos[] = { KIND_POS, { "FILE", NULL, "file", 0 } };
static const struct arg_pos template_pos[] = { KIND_POS };

static const char *const encodings[] = { "utf-8", "cp1252", NULL };
static const struct word_enum encoding_enum = { N_("encoding"), encodings, NULL };

enum import_opt { I_DRY_RUN, I_ENCODING, I_AGAIN, I_FORCE, I_QUIET, I_UNDO, I_LIST };
static const struct arg_opt import_opts[] = {
	[I_DRY_RUN] = { "--dry-run", 0, NULL, 0, NULL, NULL,
			"check everything and show what would be added" },
	[I_ENCODING] = { "--encoding", 0, "ENCODING", ARG_OWN_CHECK, &encoding_enum, NULL,
			 "instead of detecting it (cp1252: Windows-1252)" },
	[I_AGAIN] = { "--again", 0, NULL, 0, NULL, NULL,
		      "import a file whose content was imported before" },
	[I_FORCE] = { "--force", 0, NULL, 0, NULL, NULL,
		      "record implausible bookings anyway (audited as forced)" },
	[I_QUIET] = { "--quiet", 'q', NULL, 0, NULL, NULL,
		      "print only problems, warnings and notes" },
	[I_UNDO] = { "--undo", 0, "BATCH", 0, NULL, NULL,
		     "take back import BATCH as a whole (see --list)" },
	[I_LIST] = { "--list", 0, NULL, 0, NULL, NULL, "list the imports (batches)" },
};

/* "12.000" */
static void count_de(size_t n, char *buf, size_t size)
{
	char digits[32];
	size_t len, used = 0;

	snprintf(digits, sizeof(digits), "%zu", n);
	len = strlen(digits);
	for (size_t i = 0; i < len && used + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[used++] = '.';
		buf[used++] = digits[i];
	}
	buf[used] = '\0';
}

/* The progress line on a terminal, written over itself. */
static void show_progress(void *arg, size_t records)
{
	struct ft_ctx *ctx = arg;
	char n[32];

	count_de(records, n, sizeof(n));
	fputc('\r', ctx->err); /* over the last line; a catalogue text holds no \r */
	fprintf(ctx->err, tr("import-csv: %s records read ..."), n);
	fflush(ctx->err);
}

static void clear_progress(struct ft_ctx *ctx)
{
	fprintf(ctx->err, "\r%60s\r", "");
	fflush(ctx->err);
}

static int list_batches(struct ft_ctx *ctx)
{
	static const struct out_column columns[] = {
		{ "batch", "Nr", OUT_INT },
		{ "imported_at", "Importiert (UTC)", OUT_TEXT },
		{ "user", "Benutzer", OUT_TEXT },
		{ "kind", "Art", OUT_TEXT },
		{ "records", "Datensätze", OUT_COUNT },
		{ "file", "Datei", OUT_TEXT },
		{ "undone_at", "Status", OUT_TEXT },
		{ "sha256", "SHA-256", OUT_TEXT },
	};
	const char *params[] = { ctx->format == OUT_TABLE ? "people" : "machine", tr("Grants"),
				 tr("Bookings"), tr("Projects"), tr("undone"),
				 tr("old import, cannot be undone") };
	struct out_table *t;
	struct ft_error err;
	int rc;

	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (rm_table(ctx->st, RM_IMPORT_BATCHES, params, 6, columns, FT_COUNT(columns), &t, &err))
		return ctx_error(ctx, &err);
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

static int undo_batch(struct ft_ctx *ctx, const char *text)
{
	struct import_undo_result res;
	struct ft_error err;
	int64_t batch;

	if (parse_count(text, "--undo", 1, INT64_MAX, &batch, &err))
		return ctx_error(ctx, &err);
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (import_batch_undo(ctx->st, batch, &res, &err))
		return ctx_error(ctx, &err);
	if (strcmp(res.kind, "bookings") == 0)
		ctx_say(ctx,
			trn("undid import batch %lld: %lld booking reversed by counter-bookings%s",
			    "undid import batch %lld: %lld bookings reversed by counter-bookings%s",
			    res.reversed),
			(long long)batch, (long long)res.reversed,
			res.already_reversed ? tr(" (others were reversed before)") : "");
	else
		ctx_say(ctx, "undid import batch %lld: %lld %.*s removed", (long long)batch,
			(long long)res.deleted, (int)strlen(res.kind) - (res.deleted == 1), res.kind);
	return EXIT_OK;
}

/* "2 Buchungen", "1 grant": the count of records of a kind (csv_kind_names). */
static const char *records_phrase(const char *kind, size_t n, char *buf, size_t size)
{
	long long k = (long long)n;

	snprintf(buf, size,
		 strcmp(kind, "grants") == 0	   ? trn("%zu grant", "%zu grants", k)
		 : strcmp(kind, "bookings") == 0   ? trn("%zu booking", "%zu bookings", k)
		 : strcmp(kind, "projects") == 0   ? trn("%zu project", "%zu projects", k)
		 : strcmp(kind, "city") == 0	   ? trn("%zu city", "%zu cities", k)
		 : strcmp(kind, "districts") == 0  ? trn("%zu district", "%zu districts", k)
		 : strcmp(kind, "funders") == 0	   ? trn("%zu funder", "%zu funders", k)
		 : strcmp(kind, "programmes") == 0 ? trn("%zu programme", "%zu programmes", k)
						   : trn("%zu allocation", "%zu allocations", k),
		 n);
	return buf;
}

static int run_import_csv(struct ft_ctx *ctx, int argc, char **argv)
{
	char records[96];
	struct csv_import_options o = { 0 };
	struct csv_import_result res;
	struct ft_error err;
	struct args a;
	int rc, quiet;

	if (args_wants_help(argc - 1, argv + 1))
		return import_help(ctx);
	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if ((a.value[I_UNDO] || a.seen[I_LIST]) && a.npos > 0)
		return ctx_usage_error(ctx, "'import-csv %s' takes no KIND or FILE",
				       a.value[I_UNDO] ? "--undo BATCH" : "--list");
	if (a.value[I_UNDO] && a.seen[I_LIST])
		return ctx_usage_error(ctx, "give either --undo BATCH or --list");
	if (a.value[I_UNDO])
		return undo_batch(ctx, a.value[I_UNDO]);
	if (a.seen[I_LIST])
		return list_batches(ctx);
	if (a.npos != 2)
		return ctx_usage_error(ctx, "'import-csv' needs KIND (grants, bookings, projects, city, "
					    "districts, funders, programmes or allocations) and FILE");
	if (csv_kind_parse(a.pos[0], &o.kind, &err) ||
	    (a.value[I_ENCODING] && csv_encoding_parse(a.value[I_ENCODING], &o.encoding, &err)))
		return ctx_usage_error(ctx, "%s", err.msg);
	o.path = a.pos[1];
	o.dry_run = a.seen[I_DRY_RUN] > 0;
	o.again = a.seen[I_AGAIN] > 0;
	o.force = a.seen[I_FORCE] > 0;
	quiet = a.seen[I_QUIET] > 0;
	/* a progress line only where a person watches: not in a pipe or log */
	if (!quiet && isatty(fileno(ctx->err))) {
		o.progress = show_progress;
		o.progress_arg = ctx;
	}
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	rc = csv_import(ctx->st, &o, &res, &err);
	if (o.progress && res.records >= CSV_PROGRESS_EVERY)
		clear_progress(ctx);
	print_lines(ctx->err, res.notes, res.nnotes);
	print_lines(ctx->err, res.problems, res.nproblems);
	print_lines(ctx->err, res.warnings, res.nwarnings);
	if (rc != 0) {
		csv_import_result_release(&res);
		return ctx_error(ctx, &err);
	}
	rc = quiet ? EXIT_OK : ctx_print_table(ctx, res.added);
	/* "1 grant", "2 grants" */
	if (quiet)
		;
	else if (rc == EXIT_OK && o.dry_run)
		ctx_say(ctx, "dry run: %s in '%s' (%s, separator %s) can be imported; "
			     "nothing was written",
			records_phrase(a.pos[0], res.records, records, sizeof(records)), o.path,
			res.encoding, separator_name(res.separator));
	else if (rc == EXIT_OK)
		ctx_say(ctx, "imported %s from '%s' (%s, separator %s) as batch %lld "
			     "(undo: fundtrack import-csv --undo %lld)",
			records_phrase(a.pos[0], res.records, records, sizeof(records)), o.path,
			res.encoding, separator_name(res.separator), (long long)res.batch,
			(long long)res.batch);
	csv_import_result_release(&res);
	return rc;
}

const struct ft_command cmd_import_csv_entry = {
	.name = "import-csv", .run = run_import_csv,
	.summary = "import grants, bookings or projects from a spreadsheet (CSV)",
	FT_POS(import_pos), FT_OPTS(import_opts),
	.help = "Reads the CSV that German Excel writes ('CSV UTF-8' or 'CSV (Trennzeichen-\n"
	"getrennt)'): semicolons, decimal commas, German dates, with or without the\n"
	"UTF-8 byte order mark. The separator is taken from the header row (';', ','\n"
	"or tab; or a first line 'sep=;'). Without --encoding the file is read as\n"
	"UTF-8 when it is valid UTF-8, as Windows-1252 when it has no UTF-8\n"
	"character at all; a file that mixes both is refused.\n"
	"\n"
	"The header row names the columns, German or English, in any order (see the\n"
	"list below, or 'fundtrack template KIND'). Columns that fundtrack's own\n"
	"listings print but computes (Ebene, Abgerufen, ...) are ignored, so a list\n"
	"exported with --format csv-de can be read back; other unknown columns are\n"
	"ignored with one note naming them. Every record is checked like the same typed\n"
	"command, plausibility included (see 'book --help'; --force records implausible\n"
	"bookings anyway). All or nothing: every problem of the file, format and\n"
	"references alike, is reported in one run as FILE:LINE: column: problem, and\n"
	"nothing is written unless every record is valid. Projects are imported in file\n"
	"order, so a predecessor (Vorgänger) must come before its successor.\n"
	"\n"
	"Each import is a batch (see --list). A file whose content was imported before\n"
	"for the same kind is refused unless --again; a booking equal to a recorded one\n"
	"(grant, date, kind, amount, voucher) is a warning. --undo BATCH takes a batch\n"
	"back in one transaction: its bookings get counter-bookings, its grants or\n"
	"projects are removed when nothing refers to them. A progress line counts the\n"
	"records on a terminal; --quiet prints only problems, warnings and notes.\n"
	"\n"
	"example: fundtrack template grants > bescheide.csv   (fill in with Excel)\n"
	"         fundtrack import-csv grants bescheide.csv --dry-run\n"
	"         fundtrack import-csv grants bescheide.csv\n"
	"         fundtrack import-csv --list\n"
	"         fundtrack import-csv --undo 3\n",
};

enum template_opt { T_ALL };
static const struct arg_opt template_opts[] = {
	[T_ALL] = { "--all", 0, "DIR", 0, NULL, "file",
		    "write every sheet of a delivery (with a consistent example\n"
		    "city) and a README.txt into the folder DIR, for 'exchange\n"
		    "from-csv'" },
};

static int write_all_templates(struct ft_ctx *ctx, const char *dir)
{
	struct ft_error err;
	int written;

	if (csv_templates_write(dir, &written, &err))
		return ctx_error(ctx, &err);
	ctx_say(ctx, "wrote %d files into '%s': fill them in, then 'fundtrack exchange from-csv "
		     "%s -o FILE.xml'",
		written, dir, dir);
	return EXIT_OK;
}

static int run_template(struct ft_ctx *ctx, int argc, char **argv)
{
	struct out_table *t;
	enum csv_kind kind;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.value[T_ALL] && a.npos)
		return ctx_usage_error(ctx, "'template --all DIR' takes no KIND");
	if (a.value[T_ALL])
		return write_all_templates(ctx, a.value[T_ALL]);
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'template' needs KIND (grants, bookings, projects, city, "
					    "districts, funders, programmes or allocations) or --all "
					    "DIR");
	if (csv_kind_parse(a.pos[0], &kind, &err))
		return ctx_usage_error(ctx, "%s", err.msg);
	if (csv_template(kind, &t, &err))
		return ctx_error(ctx, &err);
	/* A template is a spreadsheet: csv-de unless csv or json is asked for. */
	if (ctx->format == OUT_TABLE)
		ctx->format = OUT_CSV_DE;
	rc = ctx_print_table(ctx, t);
	out_table_free(t);
	return rc;
}

const struct ft_command cmd_template_entry = {
	.name = "template", .run = run_template,
	.summary = "print an empty spreadsheet (CSV) to fill in and import", FT_POS(template_pos),
	FT_OPTS(template_opts),
	.help = "Prints the header row and one example record, as German Excel reads it\n"
	"(csv-de: UTF-8 with byte order mark, semicolons, decimal commas, German\n"
	"dates); with --format csv: English column names, commas and plain numbers.\n"
	"Replace the example by your records and read the file with 'import-csv'.\n"
	"\n"
	"--all DIR writes the whole set of sheets of a delivery to the network\n"
	"(stadt.csv, sozialraeume.csv, foerdermittelgeber.csv, programme.csv,\n"
	"projekte.csv, bescheide.csv, jahresscheiben.csv, buchungen.csv) with one\n"
	"consistent example city, Musterstadt, and a README.txt in German for the\n"
	"person who fills them in; 'fundtrack exchange from-csv DIR -o FILE.xml' turns\n"
	"them into an exchange file as they stand. Existing files are not overwritten.\n"
	"\n"
	"example: fundtrack template grants > bescheide.csv\n"
	"         fundtrack template --all lieferung/\n",
};
