/* exchange_import_delivery.c - the delivery a file is (issue 16): its
 * metadata, its place in the order of its city's deliveries, the identity
 * of the city (AGS bound to its name), the features a file may require,
 * and the indicators of format 1.1. See exchange_import.h for the rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "exchange_import_internal.h"
#include "msg_lang.h"
#include "ledger.h"

/* ---- the delivery record ---------------------------------------------------- */

static int keep_text(struct importer *im, char **slot, const char *text)
{
	free(*slot);
	*slot = NULL;
	if (text && !(*slot = strdup(text)))
		return imp_out_of_memory(im);
	return 0;
}

int imp_delivery(struct importer *im, const struct exch_record *rec)
{
	const struct exch_delivery *d = &rec->u.delivery;

	im->has_delivery = 1;
	snprintf(im->cutoff, sizeof(im->cutoff), "%s", d->cutoff);
	im->sequence = d->sequence;
	return keep_text(im, &im->software, d->software) ||
	       keep_text(im, &im->contact_name, d->contact_name) ||
	       keep_text(im, &im->contact_email, d->contact_email) ||
	       keep_text(im, &im->contact_phone, d->contact_phone) ||
	       keep_text(im, &im->forwarded_ags, d->forwarded_ags) ||
	       keep_text(im, &im->forwarded_name, d->forwarded_name) ||
	       keep_text(im, &im->forwarded_at, d->forwarded_at);
}

void imp_delivery_release(struct importer *im)
{
	free(im->software);
	free(im->contact_name);
	free(im->contact_email);
	free(im->contact_phone);
	free(im->forwarded_ags);
	free(im->forwarded_name);
	free(im->forwarded_at);
	free(im->held.file);
	code_map_free(&im->indicators);
}

/* ---- order ------------------------------------------------------------------- */

void imp_describe_delivery(char *out, size_t size, const char *version, int64_t sequence,
			   const char *cutoff, const char *generated)
{
	char de[DATE_BUF];

	if (sequence > 0 && cutoff && cutoff[0]) {
		date_format_de(cutoff, de);
		snprintf(out, size, tr("delivery no. %lld with cut-off %s (format %s, generated %s)"),
			 (long long)sequence, de, version, generated);
	} else {
		snprintf(out, size,
			 tr("the delivery generated %s (format %s, which has no sequence number)"),
			 generated, version);
	}
}

static void copy_column(struct db_stmt *s, int col, char *out, size_t size)
{
	const char *t = imp_column_text(s, col);

	snprintf(out, size, "%s", t ? t : "");
}

static int load_held(struct importer *im, int64_t city_id)
{
	struct db_stmt *s = imp_stmt(im, S_IMPORT_HELD);
	struct held_delivery *h = &im->held;
	int rc;

	if (!s)
		return -1;
	db_bind_int64(s, 1, city_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		h->exists = 1;
		copy_column(s, 0, h->version, sizeof(h->version));
		copy_column(s, 1, h->generated, sizeof(h->generated));
		copy_column(s, 2, h->cutoff, sizeof(h->cutoff));
		h->sequence = db_column_int64(s, 3);
		copy_column(s, 4, h->sha256, sizeof(h->sha256));
		copy_column(s, 5, h->rows_sha256, sizeof(h->rows_sha256));
		copy_column(s, 6, h->imported_at, sizeof(h->imported_at));
		h->file = strdup(imp_column_text(s, 7) ? imp_column_text(s, 7) : "");
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot read the delivery held of city %s", im->ags);
	if (h->exists && !h->file)
		return imp_out_of_memory(im);
	return 0;
}

/* Seconds since 1970 of an xs:dateTime as the schema allows it
 * ("2026-11-24T09:30:00Z", "+01:00", fractions ignored); 0 on failure. */
static long long timestamp_seconds(const char *t)
{
	char date[DATE_BUF];
	int hh, mm, ss, oh = 0, om = 0;
	const char *zone;

	if (!t || strlen(t) < 19 || t[10] != 'T')
		return 0;
	snprintf(date, sizeof(date), "%.10s", t);
	if (!date_is_valid_iso(date) || sscanf(t + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3)
		return 0;
	zone = t + 19 + strspn(t + 19, ".0123456789");
	if ((*zone == '+' || *zone == '-') && sscanf(zone + 1, "%2d:%2d", &oh, &om) == 2 &&
	    *zone == '-') {
		oh = -oh;
		om = -om;
	}
	return (long long)date_to_days(date) * 86400 + hh * 3600 + mm * 60 + ss -
	       (oh * 3600 + om * 60);
}

enum order { OLDER = -1, SAME = 0, NEWER = 1 };

/* Both of format 1.1: by sequence number, and the cut-off must not go
 * back; else by the generated time. */
static enum order compare_deliveries(const struct importer *im, const char **why)
{
	const struct held_delivery *h = &im->held;

	*why = "";
	if (im->has_delivery && h->sequence > 0) {
		if (im->sequence == h->sequence)
			return SAME;
		if (im->sequence < h->sequence) {
			*why = tr("its sequence number is lower");
			return OLDER;
		}
		if (strcmp(im->cutoff, h->cutoff) < 0) {
			*why = tr("its cut-off date lies before the held one's");
			return OLDER;
		}
		return NEWER;
	}
	{
		long long a = timestamp_seconds(im->generated), b = timestamp_seconds(h->generated);

		*why = tr("it was generated earlier");
		return a < b ? OLDER : a == b ? SAME : NEWER;
	}
}

static int check_order(struct importer *im, const char *name)
{
	const struct held_delivery *h = &im->held;
	char held[400];
	const char *why;
	enum order o = compare_deliveries(im, &why);

	imp_describe_delivery(held, sizeof(held), h->version, h->sequence, h->cutoff, h->generated);
	snprintf(im->replaced_text, sizeof(im->replaced_text), tr("%s from '%s', imported %s"), held,
		 h->file, h->imported_at);
	if (o == NEWER)
		return 0;
	if (o == SAME) {
		/* the same file again changes nothing; other content under the
		 * same number is decided once the rows are written (note_file) */
		im->same_delivery = strcmp(im->sha256, h->sha256) != 0;
		return 0;
	}
	if (im->opts->force) {
		im->forced = 1;
		return 0;
	}
	return imp_refuse(im,
		      "refused: this file is %s of %s (%s), older than the %s held (file '%s', "
		      "imported %s): %s, and importing it would undo newer figures. Nothing was "
		      "imported; import it with --force if the held delivery is wrong [FT-DELIVERY]",
		      im->delivery_text, name, im->ags, held, h->file, h->imported_at, why);
}

/* Called after the rows are written, for a file with the held delivery's
 * number but other bytes: the same rows (e.g. only written again at
 * another time) are the same delivery; other rows are a conflict. */
int imp_check_same_delivery(struct importer *im, const char *rows_sha256)
{
	const struct held_delivery *h = &im->held;

	if (!im->same_delivery || im->opts->force ||
	    (h->rows_sha256[0] && strcmp(h->rows_sha256, rows_sha256) == 0)) {
		im->forced |= im->same_delivery && im->opts->force;
		return 0;
	}
	return imp_refuse(im,
		      "refused: this file is %s of city %s, the number of the delivery held "
		      "(file '%s', imported %s), but its content differs (SHA-256 %.12s... "
		      "against %.12s...): a corrected delivery needs a new sequence number. "
		      "Nothing was imported; import it with --force to replace the held one [FT-DELIVERY]",
		      im->delivery_text, im->ags, h->file, h->imported_at, im->sha256, h->sha256);
}

/* ---- identity ------------------------------------------------------------------ */

static int text_of(struct importer *im, enum stmt_id id, const char *a, int64_t b, char *out,
		   size_t size)
{
	struct db_stmt *s = imp_stmt(im, id);
	int rc;

	out[0] = '\0';
	if (!s)
		return -1;
	if (a)
		imp_bind_text(s, 1, a);
	else
		db_bind_int64(s, 1, b);
	if (id == S_CITY_BY_NAME)
		imp_bind_text(s, 2, im->ags);
	rc = db_step(s);
	if (rc == DB_ROW)
		copy_column(s, 0, out, size);
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return imp_fail_db(im, "cannot look up city %s", im->ags);
	return 0;
}

/* A known AGS keeps its name unless rename; a new AGS may not take the
 * name of a city held under another AGS unless force. */
static int check_identity(struct importer *im, const struct exch_city *c, int64_t id)
{
	char other[600];

	if (id) {
		if (text_of(im, S_CITY_NAME, NULL, id, other, sizeof(other)))
			return -1;
		if (strcmp(other, c->name) == 0)
			return 0;
		if (im->opts->rename) {
			im->forced = 1;
			return 0;
		}
		return imp_refuse(im,
			      "refused: the file names AGS %s '%s', but this database holds AGS %s "
			      "as '%s': a wrong AGS would overwrite another city's data. Nothing was "
			      "imported; if the city was renamed, import with --rename [FT-IDENTITY]",
			      c->ags, c->name, c->ags, other);
	}
	if (text_of(im, S_CITY_BY_NAME, c->name, 0, other, sizeof(other)))
		return -1;
	if (!other[0])
		return 0;
	if (im->opts->force) {
		im->forced = 1;
		return 0;
	}
	return imp_refuse(im,
		      "refused: the file's city '%s' has the AGS %s, which is new here, but this "
		      "database holds '%s' under AGS %s: a mistyped AGS would make a second "
		      "city. Nothing was imported; import with --force if both are real cities [FT-IDENTITY]",
		      c->name, c->ags, c->name, other);
}

int imp_check_delivery(struct importer *im, const struct exch_city *c, int64_t id)
{
	imp_describe_delivery(im->delivery_text, sizeof(im->delivery_text), im->version,
			      im->has_delivery ? im->sequence : 0, im->cutoff, im->generated);
	snprintf(im->population_date, sizeof(im->population_date), "%s",
		 c->population_date ? c->population_date : "");
	if (check_identity(im, c, id))
		return -1;
	if (!id || im->opts->as_own)
		return 0;
	if (load_held(im, id))
		return -1;
	return im->held.exists ? check_order(im, c->name) : 0;
}

/* ---- indicators ------------------------------------------------------------------ */

static int load_indicators(struct importer *im)
{
	struct db_stmt *s = imp_stmt(im, S_INDICATOR_OLD);
	int rc;

	if (!s)
		return -1;
	db_bind_int64(s, 1, im->city_id);
	while ((rc = db_step(s)) == DB_ROW) {
		char key[64];
		struct code_entry *e;

		snprintf(key, sizeof(key), "%d/%s", db_column_int(s, 0),
			 imp_column_text(s, 1));
		if (!(e = code_map_put(&im->indicators, key))) {
			db_reset(s);
			return imp_out_of_memory(im);
		}
		e->id = db_column_int64(s, 2);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return imp_fail_db(im, "cannot read the indicators of city %s", im->ags);
	im->indicators_loaded = 1;
	return 0;
}

int imp_indicator(struct importer *im, const struct exch_record *rec)
{
	const struct exch_indicator *in = &rec->u.indicator;
	struct code_entry *e;
	struct db_stmt *s;
	char key[64];
	int added;

	if (!im->indicators_loaded && load_indicators(im))
		return -1;
	snprintf(key, sizeof(key), "%d/%s", in->year, in->field);
	e = code_map_find(&im->indicators, key);
	if (e && e->id == in->participants) {
		e->seen = 1;
		imp_count(im, EXCH_INDICATOR, UNCHANGED, 1);
		return 0;
	}
	added = e == NULL;
	if (!(s = imp_stmt(im, added ? S_INDICATOR_INSERT : S_INDICATOR_UPDATE)))
		return -1;
	db_bind_int64(s, 1, im->city_id);
	db_bind_int(s, 2, in->year);
	imp_bind_text(s, 3, in->field);
	db_bind_int64(s, 4, in->participants);
	if (imp_run(im, s, "cannot write the indicator %s", key) < 0)
		return -1;
	if (added && !(e = code_map_put(&im->indicators, key)))
		return imp_out_of_memory(im);
	e->seen = 1;
	imp_count(im, EXCH_INDICATOR, added ? ADDED : CHANGED, 1);
	return 0;
}

int imp_finish_indicators(struct importer *im)
{
	struct code_entry *e;
	size_t i = 0;

	if (!im->indicators_loaded && load_indicators(im))
		return -1;
	while ((e = code_map_next(&im->indicators, &i))) {
		struct db_stmt *s;
		const char *key = code_map_key(&im->indicators, e);
		int year = (int)strtol(key, NULL, 10); /* "YYYY/field", built above */
		const char *field = strchr(key, '/');

		if (e->seen || !field)
			continue;
		if (!(s = imp_stmt(im, S_INDICATOR_DELETE)))
			return -1;
		db_bind_int64(s, 1, im->city_id);
		db_bind_int(s, 2, year);
		imp_bind_text(s, 3, field + 1);
		if (imp_run(im, s, "cannot remove the indicator %s", key) < 0)
			return -1;
		imp_count(im, EXCH_INDICATOR, REMOVED, 1);
	}
	return 0;
}
