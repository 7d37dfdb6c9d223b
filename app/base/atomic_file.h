/* atomic_file.h - writing an output file so that it appears complete or
 * not at all, and only where a regular file may be written.
 *
 * Base layer (libc only). Used by every writer of a named output file:
 * the exchange export, the ledger journal, the iCalendar file and the PDF
 * reports.
 */
#ifndef FT_ATOMIC_FILE_H
#define FT_ATOMIC_FILE_H

#include <stdio.h>

#include "error.h"

/* Writes the content into out; returns 0, or -1 with err filled (or with
 * out's error indicator set, then the system's reason is reported). */
typedef int (*atomic_fill_fn)(void *arg, FILE *out, struct ft_error *err);

/* Refuses path when it is empty or names something other than a regular
 * file (a device such as /dev/null, a fifo, a directory, a socket, or a
 * symbolic link to one of those); a missing file is fine. what is put
 * before the quoted path in messages, e.g. "calendar " gives
 * "cannot write calendar 'x.ics': not a regular file" ("" for none). */
int atomic_file_check(const char *path, const char *what, struct ft_error *err);

/* Checks path as atomic_file_check does, then writes it through fill into
 * a temporary file in the same directory (PATH.tmp-XXXXXX, mode 0666
 * minus the umask), syncs it and renames it over path. On any failure
 * path is untouched and the temporary file is removed. */
int atomic_write_file(const char *path, const char *what, atomic_fill_fn fill, void *arg,
		      struct ft_error *err);

#endif
