/* filter.c - filters and --sort on every listing (filter.h). */
#include "filter.h"

#include <stdlib.h>
#include <string.h>

#include "enum_words.h"
#include "ledger.h"
#include "msg_lang.h"
#include "values.h"

/* The column each filter reads, and the words it takes (NULL: a code). */
static const char *const filter_columns[FK_NKEYS] = {
	[FK_STATUS] = "status",	   [FK_SEVERITY] = "severity", [FK_DISTRICT] = "district",
	[FK_FIELD] = "field",	   [FK_PROGRAMME] = "programme", [FK_LEVEL] = "level",
	[FK_PROJECT] = "project",
};

static const char *const severity_codes[] = { "error", "warning", "info", NULL };
static const struct enum_word severity_words[] = {
	{ "Fehler", "error" }, { "Warnung", "warning" }, { "Hinweis", "info" }, { NULL, NULL },
};
static const struct word_enum severity_enum = { N_("severity"), severity_codes, severity_words };

static const struct word_enum *filter_words(int k)
{
	switch (k) {
	case FK_STATUS:
		return &ledger_status_enum;
	case FK_SEVERITY:
		return &severity_enum;
	case FK_FIELD:
		return &ledger_field_enum;
	case FK_LEVEL:
		return &ledger_level_enum;
	default:
		return NULL;
	}
}

/* Where a grant's or programme's terms come from (schema/009). */
static const char *const terms_from_codes[] = { "grant", "programme", "recipient", NULL };
static const struct enum_word terms_from_words[] = {
	{ "Bescheid", "grant" },
	{ "Programm", "programme" },
	{ "Vorgabe für den Empfänger", "recipient" },
	{ NULL, NULL },
};
static const struct word_enum terms_from_enum = { N_("terms source"), terms_from_codes,
						  terms_from_words };

void filter_show_code_words(void)
{
	for (int k = 0; k < FK_NKEYS; k++)
		if (filter_columns[k] && filter_words(k))
			out_set_code_words(filter_columns[k], filter_words(k));
	out_set_code_words("financing", &ledger_financing_enum);
	out_set_code_words("kind", &ledger_kind_enum);
	out_set_code_words("terms_from", &terms_from_enum);
	out_set_code_words("status", &ledger_any_status_enum);
	out_set_code_words("terms", &ledger_terms_enum);
	out_set_code_words("terms_addition", &ledger_addition_enum);
}

static int set_year(struct row_filter *f, const char *value, struct ft_error *err)
{
	int64_t year;

	if (parse_count(value, "--year", 1900, 2199, &year, err) != 0)
		return -1;
	snprintf(f->from, sizeof(f->from), "%04d-01-01", (int)year);
	snprintf(f->to, sizeof(f->to), "%04d-12-31", (int)year);
	return 0;
}

static const char *const option_names[FO_NOPTIONS] = {
	[FK_STATUS] = "--status",	[FK_SEVERITY] = "--severity",
	[FK_DISTRICT] = "--district",	[FK_FIELD] = "--field",
	[FK_PROGRAMME] = "--programme", [FK_LEVEL] = "--level",
	[FK_PROJECT] = "--project",	[FO_YEAR] = "--year",
	[FO_FROM] = "--from",		[FO_TO] = "--to",
	[FO_SORT] = "--sort",
};

int filter_applies_to(const char *group, const char *cmd)
{
	static const char *const listings[] = {
		"bookings", "check", "deadlines", "budget", "cities", "chains", "plan",
		"receipts", "settle", "rules", NULL,
	};

	if (group && (strcmp(cmd, "list") == 0 || strcmp(cmd, "log") == 0))
		return 1;
	for (size_t i = 0; listings[i]; i++)
		if (strcmp(cmd, listings[i]) == 0)
			return 1;
	return 0;
}

int filter_is_option(const char *name)
{
	for (size_t i = 0; i < FO_NOPTIONS; i++)
		if (strcmp(option_names[i], name) == 0)
			return 1;
	return 0;
}

const char *filter_given(const struct row_filter *f)
{
	return f->first_option ? f->first_option : "--sort";
}

int filter_set(struct row_filter *f, int k, const char *value, struct ft_error *err)
{
	const struct word_enum *words = k < FK_NKEYS ? filter_words(k) : NULL;
	struct ft_error why;

	f->active = 1;
	if (!f->first_option && k >= 0 && k < FO_NOPTIONS)
		f->first_option = option_names[k];
	switch (k) {
	case FO_YEAR:
		return set_year(f, value, err);
	case FO_FROM:
		return parse_date_option(value, "--from", f->from, err);
	case FO_TO:
		return parse_date_option(value, "--to", f->to, err);
	case FO_SORT:
		f->descending = value[0] == '-';
		f->sort_key = value + f->descending;
		if (!*f->sort_key)
			return ft_fail(err, "--sort: expected a column key such as 'date' or '-amount'");
		return 0;
	default:
		break;
	}
	if (!words) {
		f->equals[k] = value;
		return 0;
	}
	if (word_enum_parse(words, value, &f->equals[k], &why) != 0)
		return ft_fail(err, "--%s: %s", filter_columns[k], why.msg);
	return 0;
}

/* Resolved against one table: column indexes, -1 when absent. */
struct table_filter {
	const struct row_filter *f;
	int equals_col[FK_NKEYS];
	int from_col, to_col, date_col;
};

/* 1 when the date range [from, to] of the row meets the filter's. */
static int in_range(const struct row_filter *f, const char *from, const char *to)
{
	if (f->to[0] && from[0] && strcmp(from, f->to) > 0)
		return 0;
	if (f->from[0] && to[0] && strcmp(to, f->from) < 0)
		return 0;
	return 1;
}

static int keep_row(const struct out_table *t, size_t row, void *arg)
{
	const struct table_filter *tf = arg;
	char buf[OUT_CELL_BUF], buf2[OUT_CELL_BUF];

	for (int k = 0; k < FK_NKEYS; k++) {
		if (!tf->f->equals[k] || tf->equals_col[k] < 0)
			continue;
		if (strcmp(out_cell_plain(t, row, (size_t)tf->equals_col[k], buf),
			   tf->f->equals[k]) != 0)
			return 0;
	}
	if (!tf->f->from[0] && !tf->f->to[0])
		return 1;
	if (tf->from_col >= 0 && tf->to_col >= 0)
		return in_range(tf->f, out_cell_plain(t, row, (size_t)tf->from_col, buf),
				out_cell_plain(t, row, (size_t)tf->to_col, buf2));
	if (tf->date_col >= 0) {
		const char *date = out_cell_plain(t, row, (size_t)tf->date_col, buf);

		return date[0] && in_range(tf->f, date, date);
	}
	return 1;
}

/* The columns of t that the filters read, -1 where t has none. */
static void resolve(struct table_filter *tf, const struct out_table *t)
{
	for (int k = 0; k < FK_NKEYS; k++)
		tf->equals_col[k] = out_column_index(t, filter_columns[k]);
	tf->from_col = out_column_index(t, "from");
	tf->to_col = out_column_index(t, "to");
	tf->date_col = out_column_of_type(t, OUT_DATE);
}

/* What a filter needs from some table: 1 when one of the tables has it. */
struct coverage {
	int equals[FK_NKEYS];
	int dates, sort;
};

static void cover(struct coverage *cv, const struct table_filter *tf,
		  const struct out_table *t)
{
	for (int k = 0; k < FK_NKEYS; k++)
		cv->equals[k] |= tf->equals_col[k] >= 0;
	cv->dates |= (tf->from_col >= 0 && tf->to_col >= 0) || tf->date_col >= 0;
	cv->sort |= tf->f->sort_key && out_column_index(t, tf->f->sort_key) >= 0;
}

static int uncovered(const struct row_filter *f, const struct coverage *cv,
		     struct ft_error *err)
{
	for (int k = 0; k < FK_NKEYS; k++)
		if (f->equals[k] && !cv->equals[k])
			return ft_fail(err, "--%s: this listing has no column '%s' to filter by",
				       filter_columns[k], filter_columns[k]);
	if ((f->from[0] || f->to[0]) && !cv->dates)
		return ft_fail(err, "--year/--from/--to: this listing has no date to filter by");
	if (f->sort_key && !cv->sort)
		return ft_fail(err, "--sort: this listing has no column '%s' (the keys are the "
				    "csv headers: --format csv)", f->sort_key);
	return 0;
}

int filter_sections(const struct row_filter *f, const struct out_section *in,
		    size_t n, struct out_section **out, struct ft_error *err)
{
	struct out_section *copy = calloc(n + 1, sizeof(*copy));
	struct coverage cv = { { 0 }, 0, 0 };

	if (!copy)
		return ft_fail(err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct out_table *t = in[i].table;
		struct table_filter tf = { .f = f };

		copy[i] = in[i];
		if (!t || in[i].record)
			continue;
		resolve(&tf, t);
		cover(&cv, &tf, t);
		copy[i].table = out_table_select(t, keep_row, &tf,
						 f->sort_key ? out_column_index(t, f->sort_key) : -1,
						 f->descending);
		if (!copy[i].table) {
			filter_free(copy, in, i);
			return ft_fail(err, "out of memory, or a total beyond the amount limit");
		}
	}
	if (uncovered(f, &cv, err) != 0) {
		filter_free(copy, in, n);
		return -1;
	}
	*out = copy;
	return 0;
}

void filter_free(struct out_section *sections, const struct out_section *in, size_t n)
{
	if (!sections)
		return;
	for (size_t i = 0; i < n; i++)
		if (sections[i].table != in[i].table)
			out_table_free((struct out_table *)sections[i].table);
	free(sections);
}
