/* exchange_spool.c - records to a temporary file and back. A record is
 * written as its struct (whose pointers mean nothing on the way back)
 * followed by each text field of its kind: a 32-bit length (UINT32_MAX
 * for NULL) and the bytes. */
#include "exchange_spool.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TEXTS = 12, SPOOL_BUFFER = 1 << 20 };

#define TEXT(kind, field) offsetof(struct exch_record, u.kind.field)

/* The text fields of each record kind, as offsets into the record. */
static const size_t texts[][MAX_TEXTS + 1] = {
	[EXCH_HEADER] = { TEXT(header, version), TEXT(header, generated), 0 },
	[EXCH_CITY] = { TEXT(city, ags), TEXT(city, name), 0 },
	[EXCH_DISTRICT] = { TEXT(district, code), TEXT(district, name), 0 },
	[EXCH_FUNDER] = { TEXT(funder, code), TEXT(funder, name), TEXT(funder, level), 0 },
	[EXCH_PROGRAMME] = { TEXT(programme, code), TEXT(programme, name),
			     TEXT(programme, funder), TEXT(programme, fund),
			     TEXT(programme, financing), 0 },
	[EXCH_PROJECT] = { TEXT(project, code), TEXT(project, title), TEXT(project, field),
			   TEXT(project, district), TEXT(project, predecessor),
			   TEXT(project, carrier), TEXT(project, target_group),
			   TEXT(project, start), TEXT(project, end), 0 },
	[EXCH_GRANT] = { TEXT(grant, ref), TEXT(grant, project), TEXT(grant, programme),
			 TEXT(grant, status), TEXT(grant, financing), TEXT(grant, start),
			 TEXT(grant, end), TEXT(grant, applied), TEXT(grant, decided),
			 TEXT(grant, note), 0 },
	[EXCH_ALLOCATION] = { 0 },
	[EXCH_BOOKING] = { TEXT(booking, date), TEXT(booking, kind), TEXT(booking, reference),
			   TEXT(booking, note), 0 },
	[EXCH_GRANT_END] = { 0 },
	[EXCH_END] = { 0 },
};

struct exch_spool {
	FILE *file;
	char *buffer;   /* stdio's buffer for file */
	char *text;     /* the texts of the record being replayed */
	size_t text_cap;
};

static const char **text_at(struct exch_record *rec, size_t offset)
{
	return (const char **)(void *)((char *)rec + offset);
}

struct exch_spool *exch_spool_new(struct ft_error *err)
{
	struct exch_spool *sp = calloc(1, sizeof(*sp));

	if (!sp || !(sp->buffer = malloc(SPOOL_BUFFER))) {
		free(sp);
		ft_fail(err, "out of memory");
		return NULL;
	}
	sp->file = tmpfile();
	if (!sp->file) {
		ft_fail(err, "cannot create a temporary file for the import: %s", strerror(errno));
		exch_spool_free(sp);
		return NULL;
	}
	setvbuf(sp->file, sp->buffer, _IOFBF, SPOOL_BUFFER);
	return sp;
}

void exch_spool_free(struct exch_spool *sp)
{
	if (!sp)
		return;
	if (sp->file)
		fclose(sp->file);
	free(sp->buffer);
	free(sp->text);
	free(sp);
}

int exch_spool_record(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	struct exch_spool *sp = arg;
	struct exch_record copy = *rec;
	int ok = fwrite(&copy, sizeof(copy), 1, sp->file) == 1;

	for (const size_t *t = texts[rec->kind]; ok && *t; t++) {
		const char *s = *text_at(&copy, *t);
		uint32_t len = s ? (uint32_t)strlen(s) : UINT32_MAX;

		ok = fwrite(&len, sizeof(len), 1, sp->file) == 1 &&
		     (!s || fwrite(s, 1, len, sp->file) == len);
	}
	if (!ok)
		return ft_fail(err, "cannot write the temporary file of the import: %s",
			       strerror(errno));
	return 0;
}

/* Reads the texts of rec into sp->text and points rec at them. */
static int read_texts(struct exch_spool *sp, struct exch_record *rec)
{
	uint32_t lens[MAX_TEXTS];
	size_t used = 0, n = 0;

	/* first the lengths and bytes into one buffer, then the pointers:
	 * the buffer may move while it grows */
	for (const size_t *t = texts[rec->kind]; *t; t++, n++) {
		if (fread(&lens[n], sizeof(lens[n]), 1, sp->file) != 1)
			return -1;
		if (lens[n] == UINT32_MAX)
			continue;
		if (used + lens[n] + 1 > sp->text_cap) {
			size_t cap = 2 * (used + lens[n] + 1);
			char *grown = realloc(sp->text, cap);

			if (!grown)
				return -1;
			sp->text = grown;
			sp->text_cap = cap;
		}
		if (fread(sp->text + used, 1, lens[n], sp->file) != lens[n])
			return -1;
		sp->text[used + lens[n]] = '\0';
		used += lens[n] + 1;
	}
	used = 0;
	n = 0;
	for (const size_t *t = texts[rec->kind]; *t; t++, n++) {
		*text_at(rec, *t) = lens[n] == UINT32_MAX ? NULL : sp->text + used;
		if (lens[n] != UINT32_MAX)
			used += lens[n] + 1;
	}
	return 0;
}

int exch_spool_replay(struct exch_spool *sp, const struct exch_sink *sink, struct ft_error *err)
{
	struct exch_record rec;

	if (fflush(sp->file) != 0 || fseek(sp->file, 0, SEEK_SET) != 0)
		return ft_fail(err, "cannot read the temporary file of the import: %s",
			       strerror(errno));
	while (fread(&rec, sizeof(rec), 1, sp->file) == 1) {
		if ((unsigned)rec.kind > EXCH_END || read_texts(sp, &rec))
			return ft_fail(err, "cannot read the temporary file of the import");
		if (sink->record(sink->arg, &rec, err))
			return -1;
	}
	if (ferror(sp->file))
		return ft_fail(err, "cannot read the temporary file of the import: %s",
			       strerror(errno));
	return 0;
}
