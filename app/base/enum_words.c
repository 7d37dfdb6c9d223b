#include "enum_words.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "msg_lang.h"

const char *word_enum_code(const struct word_enum *e, const char *text)
{
	for (size_t i = 0; e->codes[i]; i++)
		if (strcasecmp(text, e->codes[i]) == 0)
			return e->codes[i];
	for (size_t i = 0; e->words && e->words[i].word; i++)
		if (strcasecmp(text, e->words[i].word) == 0)
			return e->words[i].code;
	return NULL;
}

const char *word_enum_word(const struct word_enum *e, const char *code)
{
	for (size_t i = 0; e->words && e->words[i].word; i++)
		if (strcmp(e->words[i].code, code) == 0)
			return e->words[i].word;
	return NULL;
}

const char *word_enum_say(const struct word_enum *e, const char *code)
{
	const char *word = msg_lang_current() == MSG_DE ? word_enum_word(e, code) : NULL;

	return word ? word : code;
}

void word_enum_list(const struct word_enum *e, int german, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; used < size; i++) {
		const char *w = german ? (e->words ? e->words[i].word : NULL) : e->codes[i];

		if (!w)
			break;
		/* "EU" for "eu" is only how a table spells the code: not a word of its own */
		if (german && strcasecmp(w, e->words[i].code) == 0)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", w);
	}
}

int word_enum_parse(const struct word_enum *e, const char *text, const char **code,
		    struct ft_error *err)
{
	char codes[256], words[256];

	*code = word_enum_code(e, text);
	if (*code)
		return 0;
	word_enum_list(e, 0, codes, sizeof(codes));
	word_enum_list(e, 1, words, sizeof(words));
	if (!words[0])
		return ft_fail(err, "invalid %s '%s': expected one of %s", tr(e->what), text, codes);
	return ft_fail(err, "invalid %s '%s': expected one of %s (or %s)", tr(e->what), text, codes,
		       words);
}
