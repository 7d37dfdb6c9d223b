/* strbuf.c - the growing string of strbuf.h. */
#include "strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

int strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return -1;
	if (n > SIZE_MAX - 1 - b->len || VEC_RESERVE(b->text, b->cap, b->len + n + 1)) {
		b->oom = 1;
		return -1;
	}
	if (n)
		memcpy(b->text + b->len, s, n);
	b->len += n;
	b->text[b->len] = '\0';
	return 0;
}

int strbuf_adds(struct strbuf *b, const char *s)
{
	return strbuf_add(b, s, strlen(s));
}

void strbuf_clear(struct strbuf *b)
{
	b->len = 0;
	if (b->text)
		b->text[0] = '\0';
}

void strbuf_release(struct strbuf *b)
{
	free(b->text);
	*b = (struct strbuf)STRBUF_INIT;
}
