/* msg_lang.h - the language of the messages that have a translation
 * (so far the schema errors of exchange files, exchange_messages.h).
 *
 * German by default: the users are German finance officers. English when
 * the global option --lang en says so, or when the locale variables do
 * (LC_ALL, then LC_MESSAGES, then LANG, the order of POSIX XBD 8.2: the
 * first one set and not empty decides; a value starting with "en" means
 * English, anything else German).
 */
#ifndef FT_MSG_LANG_H
#define FT_MSG_LANG_H

enum msg_lang { MSG_DE, MSG_EN };

enum msg_lang msg_lang_current(void);
void msg_lang_set(enum msg_lang lang);

/* The language the environment asks for (see above). */
enum msg_lang msg_lang_from_environment(void);

/* "de" or "en" (also "deutsch", "german", "english"); 0, or -1. */
int msg_lang_parse(const char *word, enum msg_lang *out);

#endif
