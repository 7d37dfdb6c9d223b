/* exchange_spool.c - records to a temporary file and back. A record is
 * written as its struct, up to the end of its kind's member of the union
 * (whose pointers mean nothing on the way back), followed by each text
 * field of its kind: a 32-bit length (UINT32_MAX
 * for NULL) and the bytes. */
#include "exchange_spool.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

/* Records stay in memory up to SPOOL_MEMORY bytes (a file of about
 * 25,000 bookings), beyond that in a temporary file: memory stays flat for
 * any file size (issue 19; 32 MB before). */
enum { MAX_TEXTS = 12, SPOOL_BUFFER = 1 << 20, SPOOL_MEMORY = 8 << 20 };

#define TEXT(kind, field) offsetof(struct exch_record, u.kind.field)

/* The text fields of each record kind, as offsets into the record. */
static const size_t texts[][MAX_TEXTS + 1] = {
	[EXCH_HEADER] = { TEXT(header, version), TEXT(header, generated), TEXT(header, requires),
			  0 },
	[EXCH_CITY] = { TEXT(city, ags), TEXT(city, name), TEXT(city, population_date), 0 },
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
	[EXCH_DELIVERY] = { TEXT(delivery, cutoff), TEXT(delivery, software),
			    TEXT(delivery, contact_name), TEXT(delivery, contact_email),
			    TEXT(delivery, contact_phone), TEXT(delivery, forwarded_ags),
			    TEXT(delivery, forwarded_name), TEXT(delivery, forwarded_at), 0 },
	[EXCH_INDICATOR] = { TEXT(indicator, field), 0 },
	[EXCH_PLAN_LINE] = { TEXT(plan_line, project), TEXT(plan_line, position),
			     TEXT(plan_line, label), 0 },
	[EXCH_COVER] = { TEXT(cover, project), TEXT(cover, kind), TEXT(cover, label), 0 },
	[EXCH_PROJECT_BOOKING] = { TEXT(project_booking, project), TEXT(project_booking, date),
				   TEXT(project_booking, service_date),
				   TEXT(project_booking, kind), TEXT(project_booking, line),
				   TEXT(project_booking, reference), TEXT(project_booking, note),
				   0 },
	[EXCH_END] = { 0 },
};

/* Bytes of the union each kind uses: only those are written. */
static const size_t member_size[] = {
	[EXCH_HEADER] = sizeof(struct exch_header),
	[EXCH_CITY] = sizeof(struct exch_city),
	[EXCH_DISTRICT] = sizeof(struct exch_district),
	[EXCH_FUNDER] = sizeof(struct exch_funder),
	[EXCH_PROGRAMME] = sizeof(struct exch_programme),
	[EXCH_PROJECT] = sizeof(struct exch_project),
	[EXCH_GRANT] = sizeof(struct exch_grant),
	[EXCH_ALLOCATION] = sizeof(struct exch_allocation),
	[EXCH_BOOKING] = sizeof(struct exch_booking),
	[EXCH_GRANT_END] = 0,
	[EXCH_DELIVERY] = sizeof(struct exch_delivery),
	[EXCH_INDICATOR] = sizeof(struct exch_indicator),
	[EXCH_PLAN_LINE] = sizeof(struct exch_plan_line),
	[EXCH_COVER] = sizeof(struct exch_cover),
	[EXCH_PROJECT_BOOKING] = sizeof(struct exch_project_booking),
	[EXCH_END] = 0,
};

#define HEAD_SIZE offsetof(struct exch_record, u)

struct exch_spool {
	FILE *file;      /* the temporary file records go to once they left memory */
	char *memory;    /* the records while they are in memory */
	size_t memory_cap;
	int in_memory;   /* records go to memory, not yet to a file */
	char *buffer;    /* stdio's buffer for a temporary file */
	char *text;      /* the texts of the record being replayed */
	size_t text_cap;
	char *out;       /* a record for the file, put together for one fwrite */
	size_t out_cap;
	size_t spooled;  /* bytes spooled so far */
	size_t read_at;  /* replay of a spool in memory: bytes read back */
};

static const char **text_at(struct exch_record *rec, size_t offset)
{
	return (const char **)(void *)((char *)rec + offset);
}

static const char *const *text_at_const(const struct exch_record *rec, size_t offset)
{
	return (const char *const *)(const void *)((const char *)rec + offset);
}

/* Why the spool could not be written, for the user ("nothing was changed":
 * the spool is written before the database is touched). */
static int write_failed(struct ft_error *err, int e)
{
	if (e == ENOSPC || e == EDQUOT)
		return ft_fail(err, "cannot write the temporary file of the import: the disk holding "
				    "the temporary directory is full; nothing was changed");
	if (e == EFBIG)
		return ft_fail(err, "cannot write the temporary file of the import: it would exceed "
				    "the file size limit (ulimit -f); nothing was changed");
	return ft_fail(err, "cannot write the temporary file of the import: %s; nothing was changed",
		       strerror(e));
}

struct exch_spool *exch_spool_new(struct ft_error *err)
{
	struct exch_spool *sp = calloc(1, sizeof(*sp));

	if (!sp) {
		ft_fail(err, "out of memory");
		return NULL;
	}
	sp->in_memory = 1;
	return sp;
}

void exch_spool_free(struct exch_spool *sp)
{
	if (!sp)
		return;
	if (sp->file)
		fclose(sp->file);
	free(sp->memory);
	free(sp->buffer);
	free(sp->text);
	free(sp->out);
	free(sp);
}

/* Moves a spool that outgrew SPOOL_MEMORY into an unnamed temporary file. */
static int spill(struct exch_spool *sp, struct ft_error *err)
{
	FILE *tmp;

	if (!(sp->buffer = malloc(SPOOL_BUFFER)))
		return ft_fail(err, "out of memory");
	tmp = tmpfile();
	if (!tmp)
		return ft_fail(err, "cannot create a temporary file for the import: %s",
			       strerror(errno));
	setvbuf(tmp, sp->buffer, _IOFBF, SPOOL_BUFFER);
	__fsetlocking(tmp, FSETLOCKING_BYCALLER); /* one thread writes and reads it */
	if (fwrite(sp->memory, 1, sp->spooled, tmp) != sp->spooled) {
		int e = errno;

		fclose(tmp);
		return write_failed(err, e);
	}
	free(sp->memory);
	sp->memory = NULL;
	sp->in_memory = 0;
	sp->file = tmp;
	return 0;
}

/* Appends n bytes of p to the growing buffer *buf at *used. */
static int put_bytes(char **buf, size_t *cap, size_t *used, const void *p, size_t n)
{
	if (VEC_RESERVE(*buf, *cap, *used + n))
		return -1;
	memcpy(*buf + *used, p, n);
	*used += n;
	return 0;
}

/* A record goes straight to the end of the spool in memory; for a file it
 * is put together first and written with one fwrite (a memory stream, a
 * call per field and an ftell per record were a tenth of reading a file,
 * issue 19). */
int exch_spool_record(void *arg, const struct exch_record *rec, struct ft_error *err)
{
	struct exch_spool *sp = arg;
	char **buf = sp->in_memory ? &sp->memory : &sp->out;
	size_t *cap = sp->in_memory ? &sp->memory_cap : &sp->out_cap;
	size_t start = sp->in_memory ? sp->spooled : 0, used = start;
	int ok = put_bytes(buf, cap, &used, rec, HEAD_SIZE + member_size[rec->kind]) == 0;

	for (const size_t *t = texts[rec->kind]; ok && *t; t++) {
		const char *s = *text_at_const(rec, *t);
		uint32_t len = s ? (uint32_t)strlen(s) : UINT32_MAX;

		ok = put_bytes(buf, cap, &used, &len, sizeof(len)) == 0 &&
		     (!s || put_bytes(buf, cap, &used, s, len) == 0);
	}
	if (!ok)
		return ft_fail(err, "out of memory");
	if (!sp->in_memory && fwrite(sp->out, 1, used, sp->file) != used)
		return write_failed(err, errno);
	sp->spooled += used - start;
	if (sp->in_memory && sp->spooled > SPOOL_MEMORY)
		return spill(sp, err);
	return 0;
}

int exch_spool_in_file(const struct exch_spool *sp)
{
	return !sp->in_memory;
}

/* n bytes of the spool being replayed into dst: 1, or 0 at its end. A
 * spool in memory is copied from, not read through a stream (a call per
 * field was a twentieth of writing an import, issue 19). */
static int take(struct exch_spool *sp, void *dst, size_t n)
{
	if (n == 0)
		return 1;
	if (!sp->in_memory)
		return fread(dst, n, 1, sp->file) == 1;
	if (sp->spooled - sp->read_at < n)
		return 0;
	memcpy(dst, sp->memory + sp->read_at, n);
	sp->read_at += n;
	return 1;
}

/* Reads the texts of rec into sp->text and points rec at them. */
static int read_texts(struct exch_spool *sp, struct exch_record *rec)
{
	uint32_t lens[MAX_TEXTS];
	size_t used = 0, n = 0;

	/* first the lengths and bytes into one buffer, then the pointers:
	 * the buffer may move while it grows */
	for (const size_t *t = texts[rec->kind]; *t; t++, n++) {
		if (!take(sp, &lens[n], sizeof(lens[n])))
			return -1;
		if (lens[n] == UINT32_MAX)
			continue;
		if (VEC_RESERVE(sp->text, sp->text_cap, used + lens[n] + 1))
			return -1;
		if (!take(sp, sp->text + used, lens[n]))
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

	if (sp->in_memory)
		sp->read_at = 0;
	else if (fflush(sp->file) != 0)
		return write_failed(err, errno);
	else if (fseek(sp->file, 0, SEEK_SET) != 0) {
		return ft_fail(err, "cannot read the temporary file of the import: %s",
			       strerror(errno));
	}
	while (take(sp, &rec, HEAD_SIZE)) {
		if ((unsigned)rec.kind > EXCH_END || !take(sp, &rec.u, member_size[rec.kind]) ||
		    read_texts(sp, &rec))
			return ft_fail(err, "cannot read the temporary file of the import");
		if (sink->record(sink->arg, &rec, err))
			return -1;
	}
	if (!sp->in_memory && ferror(sp->file))
		return ft_fail(err, "cannot read the temporary file of the import: %s",
			       strerror(errno));
	return 0;
}
