/* po2c - embeds a gettext catalogue (po/de.po) into the binary.
 *
 *   po2c de.po out.c    writes the C table msg_catalogue[] (see msg_lang.h)
 *   po2c --check de.po  only checks the catalogue
 *
 * The build runs it (CMakeLists.txt), so the program never reads a
 * catalogue file at run time and German does not depend on an installed
 * locale. It refuses a catalogue (exit 1, the entry's line named) when
 *   - an entry has no stable ID: a translator comment "# ID FT1234" (po/README.md),
 *     or two entries share an ID or a msgid;
 *   - a c-format entry's msgstr has printf conversions that differ from
 *     its msgid's (in number, order, length modifier or '*' arguments):
 *     ft_fail() and tr() hand the German text the English text's
 *     arguments, so a mismatch would be undefined behaviour (C11
 *     7.21.6.1p2 and p9). msgfmt -c checks the same; xgettext marks every
 *     format it extracts "c-format", and a text printed with "%s" (a help
 *     text) has no flag, so its '%' is a percent sign;
 *   - it uses what the table cannot carry: msgctxt, more than two plural
 *     forms, positional arguments (%1$s), <PRId64> macros.
 * A plural entry (msgid_plural, msgstr[0], msgstr[1]: German and English
 * share nplurals=2; plural=(n != 1)) becomes two rows with one ID, the
 * singular and the plural msgid; trn() (msg_lang.h) picks one.
 * Fuzzy and untranslated entries are left out (the English text is shown)
 * and obsolete ones (#~) are ignored; the completeness test
 * (tests/check_po.sh) fails on all three.
 *
 * The table is sorted by msgid (strcmp) for the binary search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *id, *msgid, *msgstr;
	char *plural, *plural_str; /* msgid_plural and msgstr[1], or NULL */
	int partner;               /* the plural row of an entry: shares its ID */
	int line, fuzzy;
	int c_format; /* "#, c-format": a printf format (help texts are not) */
};

struct catalogue {
	struct entry *e;
	size_t n, cap;
	int errors;
};

static const char *po_path;

static void complain(struct catalogue *c, int line, const char *what, const char *detail)
{
	fprintf(stderr, "%s:%d: %s%s%s\n", po_path, line, what, detail ? ": " : "",
		detail ? detail : "");
	c->errors++;
}

static char *dup_text(const char *s)
{
	char *d = malloc(strlen(s) + 1);

	if (!d) {
		fputs("po2c: out of memory\n", stderr);
		exit(2);
	}
	return strcpy(d, s);
}

/* Appends the unescaped content of the quoted string at p to buf. */
static int append_quoted(const char *p, char **buf, size_t *len)
{
	size_t room = strlen(p) + 1;
	char *out, *q;

	if (*p != '"')
		return -1;
	out = realloc(*buf, *len + room);
	if (!out)
		return -1;
	*buf = out;
	q = out + *len;
	for (p++; *p && *p != '"'; p++) {
		if (*p != '\\') {
			*q++ = *p;
			continue;
		}
		switch (*++p) {
		case 'n': *q++ = '\n'; break;
		case 't': *q++ = '\t'; break;
		case '"': *q++ = '"'; break;
		case '\\': *q++ = '\\'; break;
		default: return -1;
		}
	}
	if (*p != '"')
		return -1;
	*len = (size_t)(q - out);
	*q = '\0';
	return 0;
}

/* The argument-consuming shape of each conversion in fmt, e.g. "s,*d,ld".
 * Returns -1 (with why) for what the table cannot carry. */
static int conversions(const char *fmt, char *sig, size_t size, const char **why)
{
	size_t used = 0;

	sig[0] = '\0';
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
		char one[16];
		size_t k = 0;

		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		if (*p == '<') {
			*why = "a <PRI...> macro (use %lld and a cast)";
			return -1;
		}
		p += strspn(p, "-+ #0");
		if (*p == '*')
			one[k++] = '*', p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '$') {
			*why = "a positional argument (%1$s)";
			return -1;
		}
		if (*p == '.') {
			p++;
			if (*p == '*')
				one[k++] = '*', p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		while (*p && strchr("hljztL", *p) && k < sizeof(one) - 2)
			one[k++] = *p++;
		if (!*p || !strchr("diouxXeEfFgGaAcspn", *p)) {
			*why = "an incomplete conversion";
			return -1;
		}
		one[k++] = *p == 'i' ? 'd' : *p;
		p++;
		one[k] = '\0';
		if (used + k + 2 > size) {
			*why = "too many conversions";
			return -1;
		}
		used += (size_t)snprintf(sig + used, size - used, "%s%s", used ? "," : "", one);
	}
	return 0;
}

static void check_entry(struct catalogue *c, const struct entry *e);

static void push(struct catalogue *c, const struct entry *e)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->e = realloc(c->e, c->cap * sizeof(*c->e));
		if (!c->e) {
			fputs("po2c: out of memory\n", stderr);
			exit(2);
		}
	}
	c->e[c->n++] = *e;
}

/* The plural row of e: the plural msgid and msgstr[1] under e's ID. */
static void push_plural(struct catalogue *c, struct entry *e)
{
	struct entry p = *e;

	p.msgid = e->plural;
	p.msgstr = e->plural_str ? e->plural_str : dup_text("");
	p.id = e->id ? dup_text(e->id) : NULL;
	p.plural = p.plural_str = NULL;
	p.partner = 1;
	e->plural = e->plural_str = NULL;
	check_entry(c, &p);
	push(c, &p);
}

static void check_entry(struct catalogue *c, const struct entry *e)
{
	char a[512], b[512];
	const char *why = NULL;

	if (!e->id)
		complain(c, e->line, "entry without a stable ID (# ID FT1234)", NULL);
	if (!e->c_format)
		return;
	if (conversions(e->msgid, a, sizeof(a), &why) != 0) {
		complain(c, e->line, "msgid has", why);
		return;
	}
	if (!e->msgstr[0] || e->fuzzy)
		return;
	if (conversions(e->msgstr, b, sizeof(b), &why) != 0) {
		complain(c, e->line, "msgstr has", why);
		return;
	}
	if (strcmp(a, b) != 0) {
		char detail[1100];

		snprintf(detail, sizeof(detail), "msgid [%s], msgstr [%s]", a, b);
		complain(c, e->line, "msgstr's printf conversions differ from msgid's", detail);
	}
}

static void add_entry(struct catalogue *c, struct entry *e)
{
	if (!e->msgid)
		return;
	if (e->msgid[0] == '\0') { /* the header */
		free(e->id), free(e->msgid), free(e->msgstr);
		return;
	}
	if (!e->msgstr)
		e->msgstr = dup_text("");
	check_entry(c, e);
	if (e->plural)
		push_plural(c, e);
	push(c, e);
}

enum field { F_NONE, F_ID, F_PLURAL, F_STR, F_STR1 };

static void parse(FILE *f, struct catalogue *c)
{
	char line[8192];
	struct entry cur = { 0 };
	enum field field = F_NONE;
	size_t idlen = 0, strlen_ = 0, plurallen = 0, str1len = 0;
	int no = 0;

	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		no++;
		line[strcspn(line, "\r\n")] = '\0';
		if (*p == '\0' || strncmp(p, "#~", 2) == 0) {
			if (cur.msgid && field >= F_STR) {
				add_entry(c, &cur);
				memset(&cur, 0, sizeof(cur));
				field = F_NONE;
			}
			continue;
		}
		if (cur.msgid && field >= F_STR && (*p == '#' || strncmp(p, "msgid", 5) == 0)) {
			add_entry(c, &cur);
			memset(&cur, 0, sizeof(cur));
			field = F_NONE;
		}
		if (!cur.line)
			cur.line = no;
		if (strncmp(p, "# ID ", 5) == 0) {
			if (cur.id)
				complain(c, no, "a second ID for one entry", p + 5);
			else
				cur.id = dup_text(p + 5);
		} else if (strncmp(p, "#,", 2) == 0) {
			cur.fuzzy |= strstr(p, "fuzzy") != NULL;
			cur.c_format |= strstr(p, " c-format") != NULL;
		} else if (*p == '#') {
			/* other comments */
		} else if (strncmp(p, "msgctxt", 7) == 0) {
			complain(c, no, "msgctxt is not supported", NULL);
		} else if (strncmp(p, "msgid_plural ", 13) == 0) {
			field = F_PLURAL, plurallen = 0;
			if (append_quoted(p + 13, &cur.plural, &plurallen) != 0)
				complain(c, no, "bad string", p);
		} else if (strncmp(p, "msgstr[0] ", 10) == 0) {
			field = F_STR, strlen_ = 0;
			if (append_quoted(p + 10, &cur.msgstr, &strlen_) != 0)
				complain(c, no, "bad string", p);
		} else if (strncmp(p, "msgstr[1] ", 10) == 0) {
			field = F_STR1, str1len = 0;
			if (append_quoted(p + 10, &cur.plural_str, &str1len) != 0)
				complain(c, no, "bad string", p);
		} else if (strncmp(p, "msgstr[", 7) == 0) {
			complain(c, no, "more than two plural forms", NULL);
		} else if (strncmp(p, "msgid ", 6) == 0) {
			field = F_ID, idlen = 0, cur.line = no;
			if (append_quoted(p + 6, &cur.msgid, &idlen) != 0)
				complain(c, no, "bad string", p);
		} else if (strncmp(p, "msgstr ", 7) == 0) {
			field = F_STR, strlen_ = 0;
			if (append_quoted(p + 7, &cur.msgstr, &strlen_) != 0)
				complain(c, no, "bad string", p);
		} else if (*p == '"' && field != F_NONE) {
			char **to = field == F_ID ? &cur.msgid
				    : field == F_PLURAL ? &cur.plural
				    : field == F_STR ? &cur.msgstr : &cur.plural_str;
			size_t *len = field == F_ID ? &idlen
				      : field == F_PLURAL ? &plurallen
				      : field == F_STR ? &strlen_ : &str1len;

			if (append_quoted(p, to, len) != 0)
				complain(c, no, "bad string", p);
		} else {
			complain(c, no, "cannot read this line", p);
		}
	}
	if (cur.msgid)
		add_entry(c, &cur);
}

static int by_msgid(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->msgid, ((const struct entry *)b)->msgid);
}

static int by_id(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int cmp = strcmp(x->id ? x->id : "", y->id ? y->id : "");

	/* an entry's plural row after every row of its ID: two entries that
	 * share an ID stay neighbours */
	return cmp ? cmp : x->partner - y->partner;
}

static void check_unique(struct catalogue *c)
{
	qsort(c->e, c->n, sizeof(*c->e), by_id);
	for (size_t i = 1; i < c->n; i++)
		if (c->e[i].id && c->e[i - 1].id && strcmp(c->e[i].id, c->e[i - 1].id) == 0 &&
		    c->e[i].partner + c->e[i - 1].partner != 1)
			complain(c, c->e[i].line, "ID used twice", c->e[i].id);
	qsort(c->e, c->n, sizeof(*c->e), by_msgid);
	for (size_t i = 1; i < c->n; i++)
		if (strcmp(c->e[i].msgid, c->e[i - 1].msgid) == 0)
			complain(c, c->e[i].line, "msgid used twice", c->e[i].msgid);
}

static void put_c_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n\"\n\t\"", f);
		else if (*p >= 0x20 && *p < 0x7f && *p != '?') /* '?': no trigraphs */
			fputc(*p, f);
		else
			fprintf(f, "\\%03o", *p);
	}
	fputc('"', f);
}

static int write_table(const struct catalogue *c, const char *out_path)
{
	FILE *f = fopen(out_path, "w");
	size_t n = 0;

	if (!f) {
		perror(out_path);
		return -1;
	}
	fprintf(f, "/* generated by po/po2c.c from %s - do not edit */\n"
		   "#include \"msg_lang.h\"\n\n"
		   "const struct msg_entry msg_catalogue[] = {\n", po_path);
	for (size_t i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		if (!e->msgstr[0] || e->fuzzy)
			continue;
		fprintf(f, "\t{ \"%s\",\n\t", e->id);
		put_c_string(f, e->msgid);
		fputs(",\n\t", f);
		put_c_string(f, e->msgstr);
		fputs(" },\n", f);
		n++;
	}
	if (n == 0)
		fputs("\t{ \"\", \"\", \"\" },\n", f);
	fprintf(f, "};\nconst size_t msg_catalogue_size = %zu;\n", n);
	if (fclose(f) != 0) {
		perror(out_path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct catalogue c = { 0 };
	int check_only = argc == 3 && strcmp(argv[1], "--check") == 0;
	FILE *f;

	if (argc != 3) {
		fputs("usage: po2c de.po out.c | po2c --check de.po\n", stderr);
		return 2;
	}
	po_path = check_only ? argv[2] : argv[1];
	f = fopen(po_path, "r");
	if (!f) {
		perror(po_path);
		return 2;
	}
	parse(f, &c);
	fclose(f);
	check_unique(&c);
	if (c.errors)
		fprintf(stderr, "po2c: %d problem(s) in %s\n", c.errors, po_path);
	else if (!check_only && write_table(&c, argv[2]) != 0)
		c.errors = 1;
	for (size_t i = 0; i < c.n; i++)
		free(c.e[i].id), free(c.e[i].msgid), free(c.e[i].msgstr);
	free(c.e);
	return c.errors ? 1 : 0;
}
