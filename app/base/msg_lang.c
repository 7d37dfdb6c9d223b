#include "msg_lang.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* -1 until set: then the environment decides on first use, so a program
 * that never calls msg_lang_set (a test of the core) follows the locale
 * as the CLI does. */
static int current = -1;

enum msg_lang msg_lang_current(void)
{
	if (current < 0)
		current = (int)msg_lang_from_environment();
	return (enum msg_lang)current;
}

void msg_lang_set(enum msg_lang lang)
{
	current = (int)lang;
}

enum msg_lang msg_lang_from_environment(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strncmp(v, "en", 2) == 0 ? MSG_EN : MSG_DE;
	}
	return MSG_DE;
}

int msg_lang_parse(const char *word, enum msg_lang *out)
{
	if (strcasecmp(word, "de") == 0 || strcasecmp(word, "deutsch") == 0 ||
	    strcasecmp(word, "german") == 0) {
		*out = MSG_DE;
		return 0;
	}
	if (strcasecmp(word, "en") == 0 || strcasecmp(word, "english") == 0 ||
	    strcasecmp(word, "englisch") == 0) {
		*out = MSG_EN;
		return 0;
	}
	return -1;
}

const struct msg_entry *msg_find(const char *text)
{
	size_t lo = 0, hi = msg_catalogue_size;

	if (!text)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(text, msg_catalogue[mid].msgid);

		if (cmp == 0)
			return &msg_catalogue[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *tr_in(enum msg_lang lang, const char *text)
{
	const struct msg_entry *e;

	if (lang == MSG_EN)
		return text;
	e = msg_find(text);
	return e ? e->de : text;
}

const char *tr(const char *text)
{
	return tr_in(msg_lang_current(), text);
}

const char *trn(const char *singular, const char *plural, long long n)
{
	return tr(n == 1 ? singular : plural);
}

const struct msg_entry *msg_entry_of(const char *text)
{
	const struct msg_entry *e = msg_find(text);

	/* a German text tr() or trn() handed out: its own entry (by address,
	 * so a caller that passes trn()'s result on keeps the ID) */
	for (size_t i = 0; !e && text && i < msg_catalogue_size; i++)
		if (msg_catalogue[i].de == text)
			e = &msg_catalogue[i];
	return e;
}

const char *msg_id(const char *text)
{
	const struct msg_entry *e = msg_entry_of(text);

	return e ? e->id : NULL;
}

/* The kinds of record that messages name by a variable (ledger.c's look-ups,
 * the show commands), so the catalogue holds their nouns. */
static const char *const record_nouns[] = {
	N_("city"), N_("district"), N_("funder"), N_("programme"), N_("project"), N_("grant"),
};

const char *tr_record(const char *what)
{
	for (size_t i = 0; i < sizeof(record_nouns) / sizeof(record_nouns[0]); i++)
		if (strcmp(record_nouns[i], what) == 0)
			return tr(record_nouns[i]);
	return what;
}
