#include "error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "msg_lang.h"

/* The ID of the message ft_fail formatted last (see error.h). */
static _Thread_local const char *last_id;

void ft_error_clear(struct ft_error *err)
{
	if (err) {
		err->msg[0] = '\0';
		err->id = NULL;
	}
}

/* 1 when fmt has no letters outside its conversions: "%s: %s", "%s:%d: %s". */
static int only_wraps(const char *fmt)
{
	for (const char *p = fmt; *p; p++) {
		if (*p == '%') {
			p++;
			while (*p && !isalpha((unsigned char)*p))
				p++;
			p += *p == 'l' || *p == 'z';
			p += *p == 'l';
			if (!*p)
				break;
		} else if (isalpha((unsigned char)*p)) {
			return 0;
		}
	}
	return 1;
}

const char *ft_fail_id(const char *fmt)
{
	const struct msg_entry *e = msg_entry_of(fmt);

	if (e)
		return last_id = e->id;
	return only_wraps(fmt) ? last_id : NULL;
}

int ft_fail(struct ft_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), tr(fmt), ap);
	va_end(ap);
	err->id = ft_fail_id(fmt);
	return -1;
}
