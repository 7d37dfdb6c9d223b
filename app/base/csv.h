/* csv.h - reading CSV as spreadsheets write it (RFC 4180 and German
 * Excel): fields separated by ';', ',' or a tab, records ended by CRLF, LF
 * or CR, fields in double quotes may hold the separator, quotes (doubled)
 * and line breaks. The text must already be UTF-8 without a BOM (see
 * csv_import.h for files).
 */
#ifndef FT_CSV_H
#define FT_CSV_H

#include <stddef.h>

#include "error.h"

/* The separator of the header line: the most frequent of ';', ',' and
 * tab outside quotes; ';' when the line has none (a single column). */
char csv_detect_separator(const char *text, size_t len);

struct csv_parser {
	const char *p, *end;
	char sep;
	long line;	 /* line number of the next character, from 1 */
	long error_line; /* where the problem of a failed csv_next is */
};

void csv_parser_init(struct csv_parser *cp, const char *text, size_t len, char sep);

struct csv_record {
	char **fields;	 /* NUL-terminated copies */
	size_t *lengths; /* bytes of each field: more than strlen() when the
			  * field holds a NUL byte, which the caller must refuse */
	size_t nfields;
	size_t fields_cap, lengths_cap; /* vec.h */
	long line; /* the line the record starts on */
};

/* Reads the next record into rec (released and refilled). Returns 1 for a
 * record, 0 at the end, -1 with err (and cp->error_line) for a quote that
 * is never closed or text after a closing quote. */
int csv_next(struct csv_parser *cp, struct csv_record *rec, struct ft_error *err);

/* 1 when every field is empty or blanks (Excel writes ";;;" for empty
 * rows). */
int csv_record_is_blank(const struct csv_record *rec);

void csv_record_release(struct csv_record *rec);

#endif
