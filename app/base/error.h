/* error.h - the error out-parameter every core function fills.
 *
 * Core functions never print and never exit: they return 0 on success or
 * -1 on failure and describe the failure in a struct ft_error that the
 * command layer prints as "fundtrack: <msg>".
 */
#ifndef FT_ERROR_H
#define FT_ERROR_H

#include <stddef.h>

enum { FT_ERROR_MSG_MAX = 1024 };

struct ft_error {
	char msg[FT_ERROR_MSG_MAX];
};

/* Clears err (may be NULL). */
void ft_error_clear(struct ft_error *err);

/* Formats a message into err (may be NULL) and returns -1, so callers can
 * write `return ft_fail(err, "...", ...);`. */
int ft_fail(struct ft_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
