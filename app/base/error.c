#include "error.h"

#include <stdarg.h>
#include <stdio.h>

void ft_error_clear(struct ft_error *err)
{
	if (err)
		err->msg[0] = '\0';
}

int ft_fail(struct ft_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}
