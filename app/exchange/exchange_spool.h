/* exchange_spool.h - the records of an exchange file kept in a temporary
 * file, so that a file can be read and checked completely before the
 * database is locked for writing, and then written from the spool in a
 * short transaction (issue 12 item 10: reading a big file inside the write
 * transaction made concurrent writers fail with "database is locked").
 *
 * Memory stays bounded: records are kept in memory up to 8 MB (about
 * 25,000 bookings), beyond that in an unnamed temporary file
 * (tmpfile(3)), and come back one at a time. A spool can be replayed once.
 */
#ifndef FT_EXCHANGE_SPOOL_H
#define FT_EXCHANGE_SPOOL_H

#include "error.h"
#include "exchange.h"

struct exch_spool;

/* A new, empty spool, or NULL with err. Free with exch_spool_free. */
struct exch_spool *exch_spool_new(struct ft_error *err);
void exch_spool_free(struct exch_spool *sp);

/* A sink (struct exch_sink's record) that appends rec to the spool
 * arg; -1 with err when the temporary file cannot be written. */
int exch_spool_record(void *arg, const struct exch_record *rec, struct ft_error *err);

/* 1 once the records went to the temporary file (past 8 MB), else 0. */
int exch_spool_in_file(const struct exch_spool *sp);

/* Hands every spooled record, in order, to sink; its text lives until the
 * next record. Returns 0, or -1 with err (sink failed: its err; or the
 * temporary file could not be read). */
int exch_spool_replay(struct exch_spool *sp, const struct exch_sink *sink, struct ft_error *err);

#endif
