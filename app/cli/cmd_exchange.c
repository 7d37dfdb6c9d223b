/* cmd_exchange.c - export, validate, import and cities: the XML files the
 * cities of the network send each other (see exchange.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "csv_delivery.h"
#include "exchange_import.h"
#include "exchange_rules.h"
#include "exchange_write.h"
#include "journal.h"
#include "money.h"
#include "msg_lang.h"
#include "vec.h"

/* ---- findings about files ---------------------------------------------------- */

enum { SHOWN_WARNINGS_MAX = 100 };

struct finding {
	long seq; /* arrival, to keep the order of findings on one line */
	long line;
	enum exch_severity severity;
	char rule[40];
	char element[64];
	char *value;
	char *message;
};

/* The findings about one file, printed sorted by line once it is done. */
struct findings {
	struct finding *items;
	size_t n, cap;
	long warnings_shown, warnings_hidden;
	int failed; /* out of memory */
};

static void collect_finding(void *arg, const struct exch_diag *d)
{
	struct findings *fs = arg;
	struct finding *f;

	if (d->severity == EXCH_WARNING && fs->warnings_shown >= SHOWN_WARNINGS_MAX) {
		fs->warnings_hidden++;
		return;
	}
	/* counted only once its message is copied */
	if (VEC_RESERVE(fs->items, fs->cap, fs->n + 1)) {
		fs->failed = 1;
		return;
	}
	f = &fs->items[fs->n];
	memset(f, 0, sizeof(*f));
	f->seq = (long)fs->n;
	f->line = d->line;
	f->severity = d->severity;
	snprintf(f->rule, sizeof(f->rule), "%s", d->rule);
	snprintf(f->element, sizeof(f->element), "%s", d->element);
	f->value = d->value ? strdup(d->value) : NULL;
	f->message = strdup(d->message);
	if (!f->message) {
		free(f->value);
		fs->failed = 1;
		return;
	}
	fs->n++;
	fs->warnings_shown += d->severity == EXCH_WARNING;
}

static void findings_clear(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->items[i].value);
		free(fs->items[i].message);
	}
	free(fs->items);
	memset(fs, 0, sizeof(*fs));
}

static int by_line(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The code of a severity, as csv and json write it. */
static const char *severity_name(enum exch_severity s)
{
	return s == EXCH_ERROR ? "error" : s == EXCH_WARNING ? "warning" : "note";
}

/* The word of a severity in a finding's line, as people read it
 * ("Fehler", "Warnung", "Hinweis" in German, as check says them). */
static const char *severity_word(enum exch_severity s)
{
	return s == EXCH_ERROR ? tr("error") : s == EXCH_WARNING ? tr("warning") : tr("note");
}

static void sort_findings(struct findings *fs)
{
	if (fs->n)
		qsort(fs->items, fs->n, sizeof(*fs->items), by_line);
}

/* "FILE:LINE: error: message [RULE]", as compilers write them; warnings
 * only counted unless with_warnings. */
static void print_findings(FILE *f, const char *file, struct findings *fs, int with_warnings)
{
	long warnings = fs->warnings_shown + fs->warnings_hidden;

	sort_findings(fs);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->items[i];

		if (x->severity != EXCH_ERROR && !with_warnings && x->severity != EXCH_NOTE)
			continue;
		if (x->line > 0)
			fprintf(f, "%s:%ld: %s: %s [%s]\n", file, x->line, severity_word(x->severity),
				x->message, x->rule);
		else
			fprintf(f, "%s: %s: %s [%s]\n", file, severity_word(x->severity), x->message,
				x->rule);
	}
	if (with_warnings && fs->warnings_hidden)
		fprintf(f, trn("%s: %ld more warning not shown\n", "%s: %ld more warnings not shown\n",
			       fs->warnings_hidden),
			file, fs->warnings_hidden);
	else if (!with_warnings && warnings)
		fprintf(f, trn("%s: %ld warning (see 'fundtrack validate %s')\n",
			       "%s: %ld warnings (see 'fundtrack validate %s')\n", warnings),
			file, warnings, file);
}

static const struct out_column finding_columns[] = {
	{ "file", "Datei", OUT_TEXT },	      { "line", "Zeile", OUT_INT },
	{ "severity", "Schwere", OUT_TEXT },  { "rule", "Regel", OUT_TEXT },
	{ "element", "Element", OUT_TEXT },   { "value", "Wert", OUT_TEXT },
	{ "message", "Meldung", OUT_TEXT },
};

static int add_findings(struct out_table *t, const char *file, struct findings *fs)
{
	int rc = 0;

	sort_findings(fs);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->items[i];

		rc |= out_add_text(t, file);
		rc |= x->line > 0 ? out_add_int(t, x->line) : out_add_null(t);
		rc |= out_add_text(t, severity_name(x->severity));
		rc |= out_add_text(t, x->rule);
		rc |= out_add_text(t, x->element[0] ? x->element : NULL);
		rc |= out_add_text(t, x->value);
		rc |= out_add_text(t, x->message);
	}
	return rc;
}

/* ---- FILE... arguments -------------------------------------------------------- */

/* Every word that does not start with '-' (and every word after "--") is a
 * file; the option words go through ctx_parse. *files must be freed. */
static int split_files(struct ft_ctx *ctx, int argc, char **argv, struct args *a,
		       const char ***files, int *nfiles, int *rc)
{
	char **words = calloc((size_t)argc + 1, sizeof(*words));
	int nwords = 0, after_dashes = 0;

	*files = calloc((size_t)argc + 1, sizeof(**files));
	*nfiles = 0;
	if (!words || !*files) {
		free(words);
		free(*files);
		ctx_note(ctx, "out of memory");
		*rc = EXIT_ERROR;
		return -1;
	}
	for (int i = 1; i < argc; i++) {
		if (!after_dashes && strcmp(argv[i], "--") == 0)
			after_dashes = 1;
		else if (!after_dashes && argv[i][0] == '-' && argv[i][1])
			words[nwords++] = argv[i];
		else
			(*files)[(*nfiles)++] = argv[i];
	}
	if (ctx_parse(ctx, nwords, words, a, rc)) {
		free(words);
		free(*files);
		return -1;
	}
	free(words);
	if (*nfiles == 0) {
		free(*files);
		*rc = ctx_usage_error(ctx, "'%s' needs at least one FILE", ctx->cmd->name);
		return -1;
	}
	return 0;
}

static const char *const record_names[EXCH_RECORD_KINDS] = {
	[EXCH_CITY] = "city",	       [EXCH_DISTRICT] = "districts",
	[EXCH_FUNDER] = "funders",     [EXCH_PROGRAMME] = "programmes",
	[EXCH_PROJECT] = "projects",   [EXCH_GRANT] = "grants",
	[EXCH_ALLOCATION] = "allocations", [EXCH_BOOKING] = "bookings",
	[EXCH_INDICATOR] = "indicators",
	[EXCH_PLAN_LINE] = "cost lines", [EXCH_COVER] = "means of cover",
	[EXCH_PROJECT_BOOKING] = "project bookings",
};

/* The German words of record_names, for German tables (the import's
 * "Datensatz" column, out_set_code_words) and the validate verdict. */
static const struct enum_word record_words[] = {
	{ "Stadt", "city" },
	{ "Stadtbezirke", "districts" },
	{ "Fördermittelgeber", "funders" },
	{ "Förderprogramme", "programmes" },
	{ "Projekte", "projects" },
	{ "Zuwendungen", "grants" },
	{ "Jahresraten", "allocations" },
	{ "Buchungen", "bookings" },
	{ "Kennzahlen", "indicators" },
	{ "Kostenpositionen", "cost lines" },
	{ "Deckungsmittel", "means of cover" },
	{ "Projektbuchungen", "project bookings" },
	{ NULL, NULL },
};
/* only word_enum_word reads it: record_names is not NULL-terminated */
static const struct word_enum record_enum = { N_("record"), record_names, record_words };

/* One kind's count for describe_records: English "8 districts" (singular
 * for one), German "Buchungen: 1.000.000" (grouped as in the tables; no
 * plural forms needed). */
static size_t describe_kind(char *buf, size_t size, const char *sep, enum exch_kind k, long n)
{
	char count[MONEY_BUF];

	if (msg_lang_current() == MSG_DE) {
		count_format_de(n, count); /* "1.000.000", as in the tables */
		return (size_t)snprintf(buf, size, "%s%s: %s", sep,
					word_enum_word(&record_enum, record_names[k]), count);
	}
	return (size_t)snprintf(buf, size, "%s%ld %s", sep, n,
				n == 1 ? exch_kind_name(k) : record_names[k]);
}

/* "8 districts, 7 funders, ..., 2345 bookings" */
static void describe_records(const struct exch_summary *s, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int k = EXCH_DISTRICT; k <= EXCH_BOOKING && used < size; k++)
		used += describe_kind(buf + used, size - used, k == EXCH_DISTRICT ? "" : ", ",
				      (enum exch_kind)k, s->records[k]);
	/* format 1.1: the financing plans and project bookings, where there are any */
	for (int k = EXCH_PLAN_LINE; k <= EXCH_PROJECT_BOOKING && used < size; k++)
		if (s->records[k])
			used += describe_kind(buf + used, size - used, ", ", (enum exch_kind)k,
					      s->records[k]);
}

/* ---- validate ------------------------------------------------------------------ */

static const struct out_column file_columns[] = {
	{ "file", "Datei", OUT_TEXT },	       { "valid", "Gültig", OUT_BOOL },
	{ "errors", "Fehler", OUT_COUNT },       { "warnings", "Warnungen", OUT_COUNT },
	{ "ags", "AGS", OUT_TEXT },	       { "city", "Stadt", OUT_TEXT },
	{ "generated", "Erstellt", OUT_TEXT }, { "bookings", "Buchungen", OUT_COUNT },
};

static int add_file_row(struct out_table *t, const char *file, const struct exch_validation *v,
			const struct exch_diags *d)
{
	return out_add_text(t, file) | out_add_int(t, v->valid) | out_add_int(t, d->errors) |
	       out_add_int(t, d->warnings) | out_add_text(t, v->summary.ags[0] ? v->summary.ags : NULL) |
	       out_add_text(t, v->summary.city[0] ? v->summary.city : NULL) |
	       out_add_text(t, v->summary.generated[0] ? v->summary.generated : NULL) |
	       out_add_int(t, v->summary.records[EXCH_BOOKING]);
}

static void print_verdict(struct ft_ctx *ctx, const char *file, const struct exch_validation *v,
			  const struct exch_diags *d)
{
	char records[400], errors[64], warnings[64];

	if (v->valid) {
		describe_records(&v->summary, records, sizeof(records));
		fprintf(ctx->out, tr("%s: valid (XML, schema and business rules): city %s %s, %s"),
			file, v->summary.ags, v->summary.city, records);
		if (d->warnings)
			fprintf(ctx->out, trn("; %ld warning", "; %ld warnings", d->warnings),
				d->warnings);
		fputc('\n', ctx->out);
		return;
	}
	snprintf(errors, sizeof(errors), trn("%ld error", "%ld errors", d->errors), d->errors);
	snprintf(warnings, sizeof(warnings), trn("%ld warning", "%ld warnings", d->warnings),
		 d->warnings);
	fprintf(ctx->out, tr("%s: invalid: %s, %s%s\n"), file, errors, warnings,
		v->read.complete ? "" : tr(" (the file was not read to its end)"));
}

static int validate_one(struct ft_ctx *ctx, const char *file, struct out_table *found,
			struct out_table *files)
{
	struct findings fs = { 0 };
	struct exch_diags diags = { file, 0, 0, collect_finding, &fs };
	struct exch_validation v;
	struct ft_error err;
	int rc = exchange_validate(file, &diags, NULL, 0, &v, &err);

	if (rc) { /* checking stopped (memory, a temporary file): one error more */
		v.valid = 0;
		diags.errors++;
	}
	if (ctx->format == OUT_TABLE) {
		print_findings(ctx->out, file, &fs, 1);
		if (rc)
			fprintf(ctx->out, "%s: %s: %s\n", file, tr("error"), err.msg);
		print_verdict(ctx, file, &v, &diags);
	} else if (add_findings(found, file, &fs) || add_file_row(files, file, &v, &diags)) {
		fs.failed = 1;
	} else if (rc) { /* csv and json carry findings only: say it beside them */
		ctx_note(ctx, "'%s' could not be checked to its end: %s", file, err.msg);
	}
	rc = fs.failed ? -1 : v.valid;
	findings_clear(&fs);
	return rc;
}

static int run_validate(struct ft_ctx *ctx, int argc, char **argv)
{
	struct out_table *found = out_table_new(finding_columns, 7);
	struct out_table *files = out_table_new(file_columns, 8);
	const char **names = NULL;
	int nfiles, rc, all_valid = 1;
	struct args a;

	if (!found || !files) {
		out_table_free(found);
		out_table_free(files);
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	if (split_files(ctx, argc, argv, &a, &names, &nfiles, &rc) == 0) {
		for (int i = 0; i < nfiles; i++) {
			int valid = validate_one(ctx, names[i], found, files);

			if (valid < 0) {
				ctx_note(ctx, "out of memory");
				all_valid = 0;
				break;
			}
			all_valid &= valid;
		}
		rc = all_valid ? EXIT_OK : EXIT_ERROR;
		if (ctx->format != OUT_TABLE) {
			struct out_section sections[] = { { "files", NULL, files, 0 },
							  { "findings", NULL, found, 0 } };

			if (ctx_print(ctx, sections, 2) != EXIT_OK)
				rc = EXIT_ERROR;
		}
		free(names);
	}
	out_table_free(found);
	out_table_free(files);
	return rc;
}

static const struct arg_pos files_pos[] = { { "FILE...", NULL, "file", 0 } };

const struct ft_command cmd_validate_entry = {
	.name = "validate", .run = run_validate,
	.summary = "check exchange files (XML, schema, business rules)", FT_POS(files_pos),
	.help = "Checks exchange files of the network (xsd/fundtrack-exchange-1.1.xsd, and\n"
	"1.0 files against xsd/fundtrack-exchange-1.0.xsd) in\n"
	"layers: the file itself, well-formed UTF-8 XML without DOCTYPE, the schema\n"
	"(structure, types, references), then the business rules the schema cannot\n"
	"express (periods, allocation sums, booking dates, reversals, chains without\n"
	"cycles). No database is needed. Every finding is printed as\n"
	"  FILE:LINE: error|warning: message [RULE]\n"
	"followed by a verdict per file; a file is called valid only when every layer\n"
	"ran over all of it and found no error (warnings are allowed).\n"
	"With --format json or csv the findings and verdicts come as records.\n"
	"Exit code: 0 all files valid, 1 a file is invalid, 2 usage.\n"
	"\n"
	"example: fundtrack validate dortmund-2026-11.xml\n",
};

/* ---- import -------------------------------------------------------------------- */

static const struct out_column count_columns[] = {
	{ "file", "Datei", OUT_TEXT },
	{ "ags", "AGS", OUT_TEXT },
	{ "record", "Datensatz", OUT_TEXT },
	{ "added", "Neu", OUT_COUNT },
	{ "changed", "Geändert", OUT_COUNT },
	{ "removed", "Entfernt", OUT_COUNT },
	{ "unchanged", "Unverändert", OUT_COUNT },
};

/* The counts of one file: with the file and AGS columns (first = 0) for
 * machines, without them (first = 2) for people. */
static int add_counts(struct out_table *t, int first, const char *file,
		      const struct exch_import_result *r)
{
	int rc = 0;

	for (int k = EXCH_CITY; k <= EXCH_INDICATOR; k++) {
		const struct exch_change_counts *c = &r->counts[k];

		if (k > EXCH_BOOKING && k != EXCH_INDICATOR)
			continue;
		/* indicators (format 1.1) only where there are any */
		if (k == EXCH_INDICATOR && !(c->added + c->changed + c->removed + c->unchanged))
			continue;
		if (first == 0)
			rc |= out_add_text(t, file) | out_add_text(t, r->check.summary.ags);
		rc |= out_add_text(t, record_names[k]) | out_add_int(t, c->added) |
		      out_add_int(t, c->changed) | out_add_int(t, c->removed) |
		      out_add_int(t, c->unchanged);
	}
	return rc;
}

static int print_counts(struct ft_ctx *ctx, const char *file, const struct exch_import_result *r,
			const struct exch_import_options *opts)
{
	struct out_table *t = out_table_new(count_columns + 2, 5);
	char title[600];
	struct out_section s = { NULL, title, t, 0 };
	int rc;

	if (!t || add_counts(t, 2, file, r)) {
		out_table_free(t);
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	snprintf(title, sizeof(title), tr("%s %s: city %s %s%s"),
		 opts->dry_run ? tr("dry run of") : tr("imported"), file, r->check.summary.ags,
		 r->check.summary.city,
		 opts->dry_run ? tr(" (nothing was written)")
		 : r->identical ? tr(" (the same file as last time: nothing changed)")
				: "");
	out_set_code_words("record", &record_enum);
	/* what it replaces: the delivery held before, and the new one */
	if (r->replaced[0])
		fprintf(ctx->out, tr("replaces %s\nby       %s%s\n"), r->replaced, r->delivery,
			r->forced ? tr(" (--force/--rename overrode a check)") : "");
	else
		fprintf(ctx->out, tr("new city: %s%s\n"), r->delivery,
			r->forced ? tr(" (--force overrode a check)") : "");
	rc = ctx_print(ctx, &s, 1);
	out_table_free(t);
	return rc;
}

/* One file of an import: read and checked (on the reading thread, while
 * files before it are written), then written and reported. */
struct import_slot {
	const char *file;
	const struct exch_import_options *opts;
	struct findings fs;
	struct exch_diags diags;
	struct exch_import_result r;
	struct exch_import_ahead *ahead; /* NULL: out of memory */
};

/* Reads and checks file into s. Touches no store and no other slot. */
static void slot_read(struct import_slot *s, const char *file,
		      const struct exch_import_options *opts)
{
	memset(s, 0, sizeof(*s));
	s->file = file;
	s->opts = opts;
	s->diags = (struct exch_diags){ file, 0, 0, collect_finding, &s->fs };
	s->ahead = exchange_import_read(file, opts, &s->diags, &s->r);
}

static int import_one(struct ft_ctx *ctx, struct import_slot *s, struct out_table *all)
{
	const char *file = s->file;
	const struct exch_import_options *opts = s->opts;
	struct exch_import_result *r = &s->r;
	struct ft_error err;
	int rc = s->ahead ? exchange_import_write(ctx->st, s->ahead, &err)
			  : ft_fail(&err, "out of memory");

	s->ahead = NULL;
	print_findings(ctx->err, file, &s->fs, 0);
	findings_clear(&s->fs);
	if (rc != 0 && s->diags.errors)
		ctx_note(ctx, trn("nothing was imported from '%s' (%ld error)",
				  "nothing was imported from '%s' (%ld errors)", s->diags.errors),
			 file, s->diags.errors);
	else if (rc != 0)
		ctx_note(ctx, "nothing was imported from '%s': %s", file, err.msg);
	if (rc != 0)
		return EXIT_ERROR;
	if (ctx->format == OUT_TABLE)
		return print_counts(ctx, file, r, opts);
	if (add_counts(all, 0, file, r)) {
		ctx_note(ctx, "out of memory");
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* The files read ahead of the one being written: a reading thread runs on
 * through them while the writer writes, so that neither waits for the
 * other file by file. In lockstep (one file ahead) 100 files took 4.87 s
 * where reading took 4.55 s and writing 4.55 s (issue 19). Each file read
 * ahead holds its spool (up to 8 MB in memory, exchange_spool.c). */
enum { READ_AHEAD = 3 };

struct import_queue {
	const char **names;
	int nfiles;
	const struct exch_import_options *io;
	struct import_slot slots[READ_AHEAD + 1];
	int read, written; /* files read and checked, files written */
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

/* Advances count to value and wakes the other thread. */
static void queue_note(struct import_queue *q, int *count, int value)
{
	pthread_mutex_lock(&q->lock);
	*count = value;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

/* The reading thread: files 1 to nfiles - 1, at most READ_AHEAD ahead. */
static void *read_files(void *arg)
{
	struct import_queue *q = arg;

	for (int i = 1; i < q->nfiles; i++) {
		pthread_mutex_lock(&q->lock);
		while (i - q->written > READ_AHEAD)
			pthread_cond_wait(&q->changed, &q->lock);
		pthread_mutex_unlock(&q->lock);
		slot_read(&q->slots[i % (READ_AHEAD + 1)], q->names[i], q->io);
		queue_note(q, &q->read, i + 1);
	}
	return NULL;
}

static void queue_wait_read(struct import_queue *q, int files)
{
	pthread_mutex_lock(&q->lock);
	while (q->read < files)
		pthread_cond_wait(&q->changed, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

/* Validation on one core, writing on the other (issue 19): while file i
 * is written, the files after it are read and checked on a second thread.
 * Only that thread uses libxml2 then (the writer does not), and the first
 * file is read here, so libxml2 is initialised before the thread starts.
 * Without a thread each file is read and then written here. Findings and
 * counts are printed in the files' order, each file in its own
 * transaction as before. */
static int import_files(struct ft_ctx *ctx, const char **names, int nfiles,
			const struct exch_import_options *io, struct out_table *all)
{
	struct import_queue *q = calloc(1, sizeof(*q));
	pthread_t reader;
	int rc = EXIT_OK, threaded = 0;

	if (!q) {
		fputs("fundtrack: out of memory\n", ctx->err);
		return EXIT_ERROR;
	}
	*q = (struct import_queue){ .names = names, .nfiles = nfiles, .io = io };
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->changed, NULL);
	if (nfiles > 0)
		slot_read(&q->slots[0], names[0], io);
	q->read = nfiles > 0;
	threaded = nfiles > 1 && pthread_create(&reader, NULL, read_files, q) == 0;
	for (int i = 0; i < nfiles; i++) {
		struct import_slot *cur = &q->slots[i % (READ_AHEAD + 1)];

		if (threaded)
			queue_wait_read(q, i + 1);
		else if (i > 0)
			slot_read(cur, names[i], io);
		if (import_one(ctx, cur, all) != EXIT_OK)
			rc = EXIT_ERROR;
		queue_note(q, &q->written, i + 1);
	}
	if (threaded)
		pthread_join(reader, NULL);
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->lock);
	free(q);
	return rc;
}

enum import_opt { I_DRY_RUN, I_AS_OWN, I_FORCE, I_RENAME };
static const struct arg_opt import_opts[] = {
	[I_DRY_RUN] = { "--dry-run", 0, NULL, 0, NULL, NULL, "check and count, write nothing" },
	[I_FORCE] = { "--force", 0, NULL, 0, NULL, NULL,
		      "import a delivery older than the one held (or one with its\n"
		      "number but other content), or a new AGS under the name of a\n"
		      "city held" },
	[I_RENAME] = { "--rename", 0, NULL, 0, NULL, NULL,
		       "accept a known AGS under a new city name (a renamed city)" },
	[I_AS_OWN] = { "--as-own", 0, NULL, 0, NULL, NULL,
		       "take the file's city over as the own city: only into a\n"
		       "database without an own city (a fresh installation), keeping\n"
		       "the booking numbers. Without it, a file of the own city is\n"
		       "refused: own data is entered here." },
};

static int run_import(struct ft_ctx *ctx, int argc, char **argv)
{
	struct args a;
	struct exch_import_options io = { 0 };
	struct out_table *all = NULL;
	const char **names;
	int nfiles, rc;

	if (split_files(ctx, argc, argv, &a, &names, &nfiles, &rc))
		return rc;
	io.dry_run = a.seen[I_DRY_RUN] > 0;
	io.as_own = a.seen[I_AS_OWN] > 0;
	io.force = a.seen[I_FORCE] > 0;
	io.rename = a.seen[I_RENAME] > 0;
	rc = EXIT_OK;
	if (ctx_open_store(ctx, STORE_EXISTING) || !(all = out_table_new(count_columns, 7))) {
		free(names);
		return EXIT_ERROR;
	}
	rc = import_files(ctx, names, nfiles, &io, all);
	if (ctx->format != OUT_TABLE && ctx_print_table(ctx, all) != EXIT_OK)
		rc = EXIT_ERROR;
	out_table_free(all);
	free(names);
	return rc;
}

const struct ft_command cmd_import_entry = {
	.name = "import", .run = run_import,
	.summary = "import other cities' exchange files (one transaction per file)",
	FT_POS(files_pos), FT_OPTS(import_opts),
	.help = "Imports the exchange files of other cities of the network. Each file is\n"
	"checked like 'fundtrack validate' while it is imported; a file with any\n"
	"error imports nothing. One file is one transaction: it replaces everything\n"
	"held of its city (records missing from the file are removed), and prints\n"
	"which delivery it replaces by which, and how many records were added,\n"
	"changed, removed and left unchanged. Importing the same file again changes\n"
	"nothing. Errors and notes go to stderr.\n"
	"\n"
	"Deliveries are ordered: a file older than the delivery held of its city\n"
	"(format 1.1: lower sequence number or earlier cut-off date; 1.0: earlier\n"
	"generated time), or with the held one's number but other content, is refused\n"
	"naming both (--force imports it). A city's AGS is bound to its name: a\n"
	"known AGS under another name is refused (--rename accepts it), a new AGS\n"
	"under the name of a city held too (--force). The AGS's Land code must be 01\n"
	"to 16; an AGS not in the municipality register is a warning. The SHA-256 of\n"
	"the file and of the city's rows are recorded ('audit verify' checks them).\n"
	"\n"
	"example: fundtrack import duesseldorf-2026-11.xml\n",
};

/* ---- export -------------------------------------------------------------------- */

/* The bookings as a ledger/hledger journal: of one city, or of all. */
static int export_ledger(struct ft_ctx *ctx, const char *ags, const char *path)
{
	struct ft_error err;
	long count = 0;

	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (path && strcmp(path, "-") != 0) {
		if (journal_write_file(ctx->st, ags, path, &count, &err))
			return ctx_error(ctx, &err);
		ctx_say(ctx, "exported %ld bookings of %s to '%s' (ledger journal)", count,
			ags ? ags : "every city", path);
		return EXIT_OK;
	}
	if (journal_write(ctx->st, ags, ctx->out, &count, &err))
		return ctx_error(ctx, &err);
	return EXIT_OK;
}

static const char *const export_formats[] = { "xml", "ledger", NULL };
static const struct word_enum export_format_enum = { N_("export format"), export_formats, NULL };

/* export's own --format (xml, ledger) takes the place of the global one. */
enum export_opt { E_CITY, E_OUTPUT, E_FORMAT, E_VERSION, E_CUTOFF, E_SEQUENCE, E_CONTACT };
static const char *const export_versions[] = { EXCH_VERSION, EXCH_VERSION_1_0, NULL };
static const struct word_enum export_version_enum = { N_("format version"), export_versions, NULL };
static const struct arg_opt export_opts[] = {
	[E_CITY] = { "--city", 0, "AGS", 0, NULL, "cities",
		     "the city (default: the own city; with ledger: every city)" },
	[E_OUTPUT] = { "--output", 'o', "FILE", 0, NULL, "file",
		       "the file to write (default: standard output)" },
	[E_FORMAT] = { "--format", 0, "FORMAT", ARG_OWN_CHECK, &export_format_enum, NULL,
		       "the exchange file (default) or a ledger journal" },
	[E_VERSION] = { "--format-version", 0, "VERSION", ARG_OWN_CHECK, &export_version_enum, NULL,
			"exchange format 1.1 (default; a partner city's data: the\n"
			"version of its delivery) or 1.0 for partners that have not\n"
			"upgraded (says what 1.0 cannot carry)" },
	[E_CUTOFF] = { "--cutoff", 0, "DATE", 0, NULL, NULL,
		       "the own delivery's reporting cut-off date (default: today's\n"
		       "date of the file's generated time)" },
	[E_SEQUENCE] = { "--sequence", 0, "N", 0, NULL, NULL,
			 "the own delivery's sequence number (default: the number of the\n"
			 "newest audit entry, which grows with every change)" },
	[E_CONTACT] = { "--contact", 0, "TEXT", 0, NULL, NULL,
			"who answers questions about the delivery (default: the city)" },
};

/* The options of the own delivery; -1 after a usage error (*rc). */
static int delivery_options(struct ft_ctx *ctx, const struct args *a,
			    struct exch_export_options *o, char cutoff[DATE_BUF], int *rc)
{
	struct ft_error err;

	o->version = a->value[E_VERSION];
	o->contact = a->value[E_CONTACT];
	if (a->value[E_CUTOFF]) {
		if (date_parse(a->value[E_CUTOFF], cutoff, &err)) {
			*rc = ctx_usage_error(ctx, "option '--cutoff': %s", err.msg);
			return -1;
		}
		o->cutoff = cutoff;
	}
	if (a->value[E_SEQUENCE]) {
		const char *v = a->value[E_SEQUENCE];
		char *end;
		long long n = strtoll(v, &end, 10);

		if (!*v || *end || n < 1 || strspn(v, "0123456789") != strlen(v)) {
			*rc = ctx_usage_error(ctx, "invalid sequence number '%s': expected a whole "
						   "number from 1",
					      v);
			return -1;
		}
		o->sequence = n;
	}
	return 0;
}

static int run_export(struct ft_ctx *ctx, int argc, char **argv)
{
	const char *path, *format;
	char generated[EXCH_TIMESTAMP_BUF], records[400], cutoff[DATE_BUF];
	struct exch_export_options o = { 0 };
	struct exch_summary sum;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos)
		return ctx_usage_error(ctx, "unexpected argument '%s'", a.pos[0]);
	path = a.value[E_OUTPUT];
	if (path && !*path)
		return ctx_usage_error(ctx, "option '-o' needs a file name");
	format = a.value[E_FORMAT] ? a.value[E_FORMAT] : "xml";
	if (strcmp(format, "ledger") == 0)
		return export_ledger(ctx, a.value[E_CITY], path);
	if (strcmp(format, "xml") != 0)
		return ctx_usage_error(ctx, "invalid export format '%s': expected xml or ledger", format);
	if (delivery_options(ctx, &a, &o, cutoff, &rc))
		return rc;
	if (exchange_timestamp(generated, &err))
		return ctx_error(ctx, &err);
	o.ags = a.value[E_CITY];
	o.generated = generated;
	if (ctx_open_store(ctx, STORE_EXISTING))
		return EXIT_ERROR;
	if (path && strcmp(path, "-") != 0) {
		if (exchange_export_file_as(ctx->st, &o, path, &sum, &err))
			return ctx_error(ctx, &err);
		describe_records(&sum, records, sizeof(records));
		ctx_say(ctx, "exported city %s %s to '%s': %s", sum.ags, sum.city, path, records);
	} else if (exchange_export_as(ctx->st, &o, ctx->out, &sum, &err)) {
		return ctx_error(ctx, &err);
	}
	if (o.dropped[0])
		ctx_note(ctx, "note: format %s cannot carry %s: they are not in the "
				  "file",
			EXCH_VERSION_1_0, o.dropped);
	if (o.unsplit[0])
		ctx_note(ctx, "warning: a partner splits the project bookings of %s "
				  "otherwise than recorded here, since the financing plan changed after "
				  "they were booked (see the XSD, THE SPLIT OF PROJECT BOOKINGS): its "
				  "figures per grant will differ from ours; reverse and book them anew, "
				  "or send format %s (--format-version %s), which carries the shares",
			o.unsplit, EXCH_VERSION_1_0, EXCH_VERSION_1_0);
	return EXIT_OK;
}

const struct ft_command cmd_export_entry = {
	.name = "export", .run = run_export,
	.summary = "write a city's complete data as an exchange file", FT_OPTS(export_opts),
	.help = "Writes the complete data of one city (default: the own city) as an exchange\n"
	"file of the network (xsd/fundtrack-exchange-1.1.xsd; --format-version 1.0:\n"
	"xsd/fundtrack-exchange-1.0.xsd) to FILE, or to standard output. The same data\n"
	"always gives the same bytes: records in a fixed order, and the timestamp\n"
	"'generated' taken from SOURCE_DATE_EPOCH when it is set. FILE appears\n"
	"complete or not at all.\n"
	"\n"
	"A 1.1 file is one delivery: cut-off date, sequence number, contact. Another\n"
	"city's data passed on keeps that city's generated time, cut-off and number\n"
	"and names the own city as the one that forwarded it.\n"
	"\n"
	"--format ledger writes the bookings (default: of every city in the database)\n"
	"as a plain-text-accounting journal for ledger and hledger: one transaction\n"
	"per booking, accounts KIND:CITY:LEVEL:PROGRAMME:PROJECT, amounts in EUR,\n"
	"booking id, grant, field and note as metadata. Then\n"
	"  ledger -f J balance -p 2026 --pivot field --depth 5 ^drawdown ^expenditure\n"
	"gives the drawn and spent money of 'fundtrack budget --by city,level,field\n"
	"--year 2026'.\n"
	"\n"
	"example: fundtrack export -o dortmund-2026-11.xml\n"
	"         fundtrack export --format-version 1.0 -o dortmund-2026-11-v10.xml\n"
	"         fundtrack export --format ledger -o network.journal\n",
};

/* ---- cities -------------------------------------------------------------------- */

static int run_cities(struct ft_ctx *ctx, int argc, char **argv)
{
	static const struct out_column columns[] = {
		{ "ags", "AGS", OUT_TEXT },
		{ "name", "Name", OUT_TEXT },
		{ "own", "Eigene Stadt", OUT_BOOL },
		{ "projects", "Projekte", OUT_COUNT },
		{ "grants", "Bescheide", OUT_COUNT },
		{ "imported_at", "Letzter Import (UTC)", OUT_TEXT },
		{ "file", "Datei", OUT_TEXT },
		{ "generated", "Datei erstellt", OUT_TEXT },
		{ "sha256", "SHA-256 der Datei", OUT_TEXT },
		{ "sequence", "Lieferung Nr.", OUT_INT },
		{ "cutoff", "Stichtag", OUT_DATE },
	};

	return run_list(ctx, argc, argv, RM_CITY_IMPORTS, columns,
			sizeof(columns) / sizeof(columns[0]));
}

const struct ft_command cmd_cities_entry = {
	.name = "cities", .run = run_cities,
	.summary = "list the own and the imported cities with their last import",
	.help = "Lists every city in the database: the own one and those imported from\n"
	"exchange files, with the time of the last import that changed something,\n"
	"the file it came from, when that file was generated and its SHA-256\n"
	"checksum (compare it with 'sha256sum FILE'), and for a file of format 1.1\n"
	"the delivery's sequence number and cut-off date.\n",
};

/* ---- exchange from-csv --------------------------------------------------------- */

static void print_sheet_lines(FILE *f, const struct csv_delivery_result *res)
{
	for (size_t i = 0; i < csv_nsheets; i++) {
		const struct csv_import_result *r = &res->sheets[csv_sheets[i].kind];

		for (size_t k = 0; k < r->nproblems; k++)
			fprintf(f, "%s\n", r->problems[k]);
		for (size_t k = 0; k < r->nwarnings; k++)
			fprintf(f, "%s\n", r->warnings[k]);
	}
}

enum from_csv_opt { FC_OUTPUT };
static const struct arg_opt from_csv_opts[] = {
	[FC_OUTPUT] = { "--output", 'o', "FILE", 0, NULL, "file",
			"the exchange file to write (required)" },
};

static int run_from_csv(struct ft_ctx *ctx, int argc, char **argv)
{
	char generated[EXCH_TIMESTAMP_BUF], records[400];
	struct csv_delivery_result res;
	struct findings fs = { 0 };
	struct exch_diags diags = { NULL, 0, 0, collect_finding, &fs };
	const char *out;
	struct ft_error err;
	struct args a;
	int rc;

	if (ctx_parse(ctx, argc - 1, argv + 1, &a, &rc))
		return rc;
	if (a.npos != 1)
		return ctx_usage_error(ctx, "'exchange from-csv' needs the folder DIR with the "
					    "sheets");
	out = a.value[FC_OUTPUT];
	if (!out || !*out || strcmp(out, "-") == 0)
		return ctx_usage_error(ctx, "'exchange from-csv' needs -o FILE.xml");
	if (exchange_timestamp(generated, &err))
		return ctx_error(ctx, &err);
	diags.file = out;
	rc = csv_delivery_build(a.pos[0], out, generated, &diags, &res, &err);
	print_sheet_lines(ctx->err, &res);
	print_findings(ctx->err, out, &fs, 1);
	findings_clear(&fs);
	if (rc) {
		csv_delivery_result_release(&res);
		fprintf(ctx->err, "fundtrack: '%s' was not written: ", out);
		out_put_visible(ctx->err, err.msg);
		fputc('\n', ctx->err);
		return EXIT_ERROR;
	}
	describe_records(&res.check.summary, records, sizeof(records));
	ctx_say(ctx, "wrote '%s': city %s %s, %s (valid: XML, schema and business rules)", out,
		res.check.summary.ags, res.check.summary.city, records);
	csv_delivery_result_release(&res);
	return EXIT_OK;
}

static const struct arg_pos from_csv_pos[] = { { "DIR", NULL, "file", 0 } };

static const struct ft_command exchange_subs[] = {
	{ .name = "from-csv", .run = run_from_csv,
	  .summary = "build an exchange file from the spreadsheets of 'template --all'",
	  FT_POS(from_csv_pos), FT_OPTS(from_csv_opts),
	  .help = "Reads the sheets of a city that keeps its grants in spreadsheets (the CSV\n"
	  "files 'fundtrack template --all DIR' writes: stadt.csv, sozialraeume.csv,\n"
	  "foerdermittelgeber.csv, programme.csv, projekte.csv, bescheide.csv,\n"
	  "jahresscheiben.csv, buchungen.csv; only stadt.csv is required) and writes\n"
	  "the city's delivery to FILE. No database file is needed: the sheets go\n"
	  "into a database in memory through the checks of 'import-csv' (every problem\n"
	  "as FILE:LINE: column: problem), the file is written by the exporter of\n"
	  "'export' and checked like 'validate'. FILE appears only when it is valid.\n"
	  "\n"
	  "example: fundtrack template --all lieferung/\n"
	  "         fundtrack exchange from-csv lieferung/ -o musterstadt.xml\n" },
};

const struct ft_command cmd_exchange_entry = {
	.name = "exchange", .summary = "exchange files from spreadsheets (from-csv)",
	FT_SUBS(exchange_subs),
	.help = "Helpers for the network's exchange files beyond export, validate and\n"
	"import.\n",
};
