/* enum_words.h - an enumeration's words: the English codes stored in the
 * database and in machine formats, and the German words a finance officer
 * may type for them. One table per enumeration serves the options of every
 * command, the CSV import and the completion alike. */
#ifndef FT_ENUM_WORDS_H
#define FT_ENUM_WORDS_H

#include <stddef.h>

#include "error.h"

/* A German word for a code: "Land" for "state". */
struct enum_word {
	const char *word;
	const char *code;
};

struct word_enum {
	const char *what;               /* "level", for messages */
	const char *const *codes;       /* NULL-terminated */
	const struct enum_word *words;  /* { NULL, NULL }-terminated, or NULL */
};

/* The code text stands for (a code or a German word, case does not
 * matter), or NULL. */
const char *word_enum_code(const struct word_enum *e, const char *text);

/* Like word_enum_code; otherwise err says "invalid <what> 'text': expected
 * one of a, b, c (or A, B)". */
int word_enum_parse(const struct word_enum *e, const char *text, const char **code,
		    struct ft_error *err);

/* The German word a table shows for code (the first listed for it), or
 * NULL when the enumeration has none. */
const char *word_enum_word(const struct word_enum *e, const char *code);

/* The word for code in the language of the messages (msg_lang.h): the
 * German word under German, else (and when there is none) code itself. For
 * codes inside sentences ("Mittelabruf 50.000,00 € gebucht"). */
const char *word_enum_say(const struct word_enum *e, const char *code);

/* "a, b, c" into buf (cut when full); german: the German words instead. */
void word_enum_list(const struct word_enum *e, int german, char *buf, size_t size);

#endif
