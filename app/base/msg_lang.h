/* msg_lang.h - the language of the messages, and the embedded German
 * catalogue (po/de.po, po/README.md).
 *
 * Every message is written in English in the source; po/de.po holds its
 * German text and a stable ID (FT0001 ...). The build embeds the
 * catalogue (po/po2c.c), so German needs neither an installed de_DE locale
 * nor a catalogue file at run time. ft_fail() (error.h) translates its
 * format; tr() does the same for everything else the program says.
 *
 * German by default: the users are German finance officers. English when
 * the global option --lang en says so, or when the locale variables do
 * (LC_ALL, then LC_MESSAGES, then LANG, the order of POSIX XBD 8.2: the
 * first one set and not empty decides; a value starting with "en" means
 * English, anything else German).
 */
#ifndef FT_MSG_LANG_H
#define FT_MSG_LANG_H

#include <stddef.h>

enum msg_lang { MSG_DE, MSG_EN };

enum msg_lang msg_lang_current(void);
void msg_lang_set(enum msg_lang lang);

/* The language the environment asks for (see above). */
enum msg_lang msg_lang_from_environment(void);

/* "de" or "en" (also "deutsch", "german", "english"); 0, or -1. */
int msg_lang_parse(const char *word, enum msg_lang *out);

/* One entry of the catalogue: its stable ID, the English text (the msgid,
 * as written in the source) and the German one. */
struct msg_entry {
	const char *id;
	const char *msgid;
	const char *de;
};

/* Generated from po/de.po at build time, sorted by msgid (strcmp). */
extern const struct msg_entry msg_catalogue[];
extern const size_t msg_catalogue_size;

/* The entry whose msgid is text, or NULL (binary search). */
const struct msg_entry *msg_find(const char *text);

/* text in the current language: its German entry under MSG_DE, text
 * itself under MSG_EN or when the catalogue has no entry for it. */
const char *tr(const char *text) __attribute__((format_arg(1)));

/* text in lang (for output whose language is chosen apart from the
 * messages', e.g. a report's). */
const char *tr_in(enum msg_lang lang, const char *text) __attribute__((format_arg(2)));

/* singular when n is 1, else plural, in the current language (German and
 * English share the rule: nplurals=2; plural=(n != 1)). po/de.po holds the
 * pair as one plural entry (msgid_plural, msgstr[0], msgstr[1]); po2c embeds
 * it as two entries with one ID. Say "%ld days" with trn, never "day%s". */
const char *trn(const char *singular, const char *plural, long long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

/* Marks a literal for the catalogue where it is defined (a table) and
 * translated later with tr(): po/extract.sh finds it. */
#define N_(text) text

/* The noun for a kind of record as messages name it ("grant" ->
 * "Zuwendung"); what itself when it is not one of them. */
const char *tr_record(const char *what);

/* The entry of text: its msgid, or the German text tr()/trn() returned
 * for it (the same address); NULL when it has none. */
const struct msg_entry *msg_entry_of(const char *text);

/* The stable ID of text ("FT0123", an English msgid or the German text
 * tr()/trn() returned), or NULL when it has none. */
const char *msg_id(const char *text);

#endif
