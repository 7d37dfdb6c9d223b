/* strbuf.h - a growing NUL-terminated string, for text built piece by
 * piece (an iCalendar line, the description of a change). After a failed
 * add the buffer remembers it (oom) and ignores later adds, so a caller may
 * add many pieces and check once.
 *
 *	struct strbuf b = STRBUF_INIT;
 *	strbuf_adds(&b, "name");
 *	strbuf_add(&b, ": ", 2);
 *	if (b.oom) ...;            (b.text: NULL until the first add)
 *	strbuf_release(&b);
 *
 * Layer: base (libc only).
 */
#ifndef FT_STRBUF_H
#define FT_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *text; /* NUL-terminated once anything was added, "" included */
	size_t len, cap;
	int oom; /* an add failed: out of memory */
};

#define STRBUF_INIT { NULL, 0, 0, 0 }

/* Appends n bytes of s. Returns 0, or -1 when out of memory now or before. */
int strbuf_add(struct strbuf *b, const char *s, size_t n);
/* Appends the string s. */
int strbuf_adds(struct strbuf *b, const char *s);
/* Empties the text but keeps the memory (for a buffer used again and again). */
void strbuf_clear(struct strbuf *b);
void strbuf_release(struct strbuf *b);

#endif
