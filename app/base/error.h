/* error.h - the error out-parameter every core function fills.
 *
 * Core functions never print and never exit: they return 0 on success or
 * -1 on failure and describe the failure in a struct ft_error that the
 * command layer prints as "fundtrack: <msg> [<id>]".
 */
#ifndef FT_ERROR_H
#define FT_ERROR_H

#include <stddef.h>

enum { FT_ERROR_MSG_MAX = 1024 };

struct ft_error {
	char msg[FT_ERROR_MSG_MAX];
	/* The message's stable ID in po/de.po ("FT0123"), the same in every
	 * language: what tests assert and an officer quotes to support.
	 * NULL when the message has none. */
	const char *id;
};

/* Clears err (may be NULL). */
void ft_error_clear(struct ft_error *err);

/* Formats a message into err (may be NULL) and returns -1, so callers can
 * write `return ft_fail(err, "...", ...);`. fmt is English; in German
 * (msg_lang.h) its entry of po/de.po is formatted instead, and err->id is
 * the entry's ID. A format with no words of its own ("%s: %s", which
 * only puts a file name or option before another message) keeps the ID of
 * the message it wraps: the last one ft_fail formatted. */
int ft_fail(struct ft_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The ID ft_fail gives a message of format fmt (see above), or NULL: for
 * the places that format a message themselves (the usage errors). */
const char *ft_fail_id(const char *fmt);

#endif
