#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "vec.h"

char csv_detect_separator(const char *text, size_t len)
{
	size_t semicolons = 0, commas = 0, tabs = 0;
	int quoted = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ';')
			semicolons++;
		else if (c == ',')
			commas++;
		else if (c == '\t')
			tabs++;
	}
	if (commas > semicolons && commas >= tabs)
		return ',';
	if (tabs > semicolons && tabs > commas)
		return '\t';
	return ';';
}

void csv_parser_init(struct csv_parser *cp, const char *text, size_t len, char sep)
{
	cp->p = text;
	cp->end = text + len;
	cp->sep = sep;
	cp->line = 1;
	cp->error_line = 0;
}

void csv_record_release(struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		free(rec->fields[i]);
	free(rec->fields);
	free(rec->lengths);
	rec->fields = NULL;
	rec->lengths = NULL;
	rec->nfields = rec->fields_cap = rec->lengths_cap = 0;
}

int csv_record_is_blank(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (rec->fields[i][strspn(rec->fields[i], " \t")] != '\0')
			return 0;
	return 1;
}

/* A growing byte buffer for one field. */
struct field_buf {
	char *data;
	size_t len, cap;
};

static int field_put(struct field_buf *b, char c)
{
	/* room for c and the terminating NUL */
	if (VEC_RESERVE(b->data, b->cap, b->len + 2))
		return -1;
	b->data[b->len++] = c;
	return 0;
}

static int add_field(struct csv_record *rec, struct field_buf *b)
{
	if (VEC_RESERVE(rec->fields, rec->fields_cap, rec->nfields + 1) ||
	    VEC_RESERVE(rec->lengths, rec->lengths_cap, rec->nfields + 1))
		return -1;
	if (!b->data && field_put(b, '\0') == 0)
		b->len = 0;
	if (!b->data)
		return -1;
	b->data[b->len] = '\0';
	rec->lengths[rec->nfields] = b->len;
	rec->fields[rec->nfields++] = b->data;
	*b = (struct field_buf){ NULL, 0, 0 };
	return 0;
}

/* Consumes a line break at cp->p (CRLF, LF or CR); 1 when there was one. */
static int take_line_break(struct csv_parser *cp)
{
	if (cp->p < cp->end && *cp->p == '\r') {
		cp->p++;
		if (cp->p < cp->end && *cp->p == '\n')
			cp->p++;
		cp->line++;
		return 1;
	}
	if (cp->p < cp->end && *cp->p == '\n') {
		cp->p++;
		cp->line++;
		return 1;
	}
	return 0;
}

/* A quoted field: cp->p is just after the opening quote. */
static int read_quoted(struct csv_parser *cp, struct field_buf *b, long start_line,
		       struct ft_error *err)
{
	for (;;) {
		if (cp->p >= cp->end) {
			cp->error_line = start_line;
			return ft_fail(err, "a quoted value is never closed (a '\"' is missing)");
		}
		if (*cp->p == '"') {
			cp->p++;
			if (cp->p < cp->end && *cp->p == '"') {
				cp->p++;
				if (field_put(b, '"'))
					return ft_fail(err, "out of memory");
				continue;
			}
			break;
		}
		if (*cp->p == '\r' || *cp->p == '\n') {
			/* a line break inside quotes is data; keep it as '\n' */
			take_line_break(cp);
			if (field_put(b, '\n'))
				return ft_fail(err, "out of memory");
			continue;
		}
		if (field_put(b, *cp->p++))
			return ft_fail(err, "out of memory");
	}
	if (cp->p < cp->end && *cp->p != cp->sep && *cp->p != '\r' && *cp->p != '\n') {
		cp->error_line = cp->line;
		return ft_fail(err, "unexpected text after the closing '\"' of a quoted value");
	}
	return 0;
}

static int read_plain(struct csv_parser *cp, struct field_buf *b)
{
	while (cp->p < cp->end && *cp->p != cp->sep && *cp->p != '\r' && *cp->p != '\n')
		if (field_put(b, *cp->p++))
			return -1;
	return 0;
}

int csv_next(struct csv_parser *cp, struct csv_record *rec, struct ft_error *err)
{
	struct field_buf b = { NULL, 0, 0 };

	csv_record_release(rec);
	if (cp->p >= cp->end)
		return 0;
	rec->line = cp->line;
	for (;;) {
		int rc;

		if (cp->p < cp->end && *cp->p == '"') {
			cp->p++;
			rc = read_quoted(cp, &b, cp->line, err);
		} else {
			rc = read_plain(cp, &b) ? ft_fail(err, "out of memory") : 0;
		}
		if (rc || add_field(rec, &b)) {
			free(b.data);
			csv_record_release(rec);
			return rc ? -1 : ft_fail(err, "out of memory");
		}
		if (cp->p < cp->end && *cp->p == cp->sep) {
			cp->p++;
			continue;
		}
		take_line_break(cp);
		return 1;
	}
}
