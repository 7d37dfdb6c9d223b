/* csv_import.h - grants, bookings and projects from spreadsheets.
 *
 * A file is read whole: an optional UTF-8 byte order mark is dropped, the
 * text is UTF-8 or Windows-1252 (German Excel's "CSV (Trennzeichen-
 * getrennt)"), an optional first line "sep=;" names the separator, else
 * the header row decides (see csv_detect_separator). The header names the
 * columns in German or English, in any order and case (see the tables in
 * csv_import.c, the man page, or 'fundtrack template KIND'). Amounts,
 * rates and dates are read as a person types them (1.234,56 or 1234.56;
 * 31.12.2025 or 2025-12-31). Enumerations accept the program's values and
 * German words (Mittelabruf, Anteilfinanzierung, bewilligt, ...).
 *
 * Every record goes through the same ledger function a typed command uses,
 * all inside ONE transaction: either every record is valid and all are
 * written, or nothing is. Columns that the program's own listings print
 * but that are computed (Ebene, Abgerufen, Ausgegeben, Nr, ...) are
 * ignored, so 'grant list --format csv-de' can be read back; any other
 * unknown column is ignored too, with one note naming them (and the known
 * name a misspelt one is close to); a required column that is missing is
 * an error.
 *
 * One pass reports every problem of a file: its format, and the references
 * (an unknown grant, project, programme or district) even of records whose
 * other values are wrong. A file whose content (SHA-256) was imported
 * before for the same kind is refused unless opt->again; a booking equal
 * to one recorded (grant, date, kind, amount, reference) is a warning.
 * Each import is recorded as a batch (import_batch.h) that can be undone.
 */
#ifndef FT_CSV_IMPORT_H
#define FT_CSV_IMPORT_H

#include <stddef.h>

#include "error.h"
#include "output.h"
#include "sha256.h"
#include "store.h"

enum csv_kind { CSV_GRANTS, CSV_BOOKINGS, CSV_PROJECTS, CSV_CITY, CSV_DISTRICTS, CSV_FUNDERS,
		CSV_PROGRAMMES, CSV_ALLOCATIONS, CSV_KINDS };

/* "grants", "bookings", "projects", "city", "districts", "funders",
 * "programmes", "allocations", NULL */
extern const char *const csv_kind_names[];
int csv_kind_parse(const char *name, enum csv_kind *out, struct ft_error *err);

enum csv_encoding {
	CSV_ENCODING_AUTO,  /* BOM or valid UTF-8: UTF-8; else Windows-1252 */
	CSV_ENCODING_UTF8,
	CSV_ENCODING_CP1252
};
/* "utf-8" (or "utf8"), "cp1252" (or "windows-1252") */
int csv_encoding_parse(const char *name, enum csv_encoding *out, struct ft_error *err);

struct csv_import_options {
	enum csv_kind kind;
	const char *path;
	enum csv_encoding encoding;
	int dry_run; /* check everything, then roll back */
	int again;   /* import a file whose content was imported before */
	int force;   /* record bookings that fail the plausibility rules */
	/* Called every CSV_PROGRESS_EVERY records with the number read so far
	 * (may be NULL): the command shows a progress line on a terminal. */
	void (*progress)(void *arg, size_t records);
	void *progress_arg;
};

enum { CSV_PROGRESS_EVERY = 1000 };

struct csv_import_result {
	struct out_table *added; /* one row per record: what was (would be) added */
	char **problems;         /* "FILE:LINE: column: problem", in file order */
	size_t nproblems;
	char **warnings;         /* "FILE:LINE: warning: ..." (written anyway) */
	size_t nwarnings;
	char **notes;            /* "FILE:LINE: note: ..." (e.g. columns ignored) */
	size_t nnotes;
	size_t problems_cap, warnings_cap, notes_cap; /* vec.h */
	int64_t batch;           /* the import batch written, 0 for none */
	size_t records;          /* data records in the file */
	const char *encoding;    /* "UTF-8" or "Windows-1252" */
	char separator;
	char sha256[SHA256_HEX]; /* of the file's bytes */
};

/* Imports opt->path. Returns 0 when every record was valid (and, unless
 * dry_run, written together with one audit entry for the file). Returns
 * -1 with err when the file cannot be read or any record is bad; then
 * res->problems holds every problem found and nothing was written.
 * Release res with csv_import_result_release in both cases. */
int csv_import(struct store *st, const struct csv_import_options *opt,
	       struct csv_import_result *res, struct ft_error *err);
void csv_import_result_release(struct csv_import_result *res);

/* The columns of kind (key: English name, label: German name) and one
 * example record: print it as csv-de (German Excel) or csv. */
int csv_template(enum csv_kind kind, struct out_table **out, struct ft_error *err);

/* The accepted column names of kind, for help texts: one line per column,
 * "German / English (also: ...)", required ones marked. Caller frees. */
char *csv_columns_help(enum csv_kind kind);

#endif
