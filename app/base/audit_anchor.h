/* audit_anchor.h - anchors of the audit log that the officer keeps
 * outside the database, and the secret key that makes them unforgeable.
 *
 * The hash chain (audit_chain.h) has no key: anyone who can write the
 * database file can register the ft_audit_* functions and rewrite or cut
 * the log consistently. An anchor pins the newest entry (its id and hash)
 * at one moment; since every hash covers the one before, that entry keeps
 * its hash only while no entry up to it changes. The anchor carries an
 * HMAC-SHA256 (RFC 2104) with a 32-byte key that lives in a file of its
 * own, never in the database, so an anchor cannot be made up or edited
 * without the key.
 *
 * Anchor file (text, exactly these six lines, each ending in "\n"):
 *   fundtrack audit anchor 1          format version
 *   city 05913000                     the own city's AGS, "-" without one
 *   entry 16                          the newest entry's id
 *   hash <64 hex digits>              its hash
 *   created 2026-12-02T03:10:00Z      UTC
 *   mac <64 hex digits>               HMAC-SHA256 with the key over the
 *                                     bytes of the five lines above
 * Key file: 64 hex digits (32 random bytes from getrandom()) and "\n",
 * mode 0600; a key file that group or others may read or write, that is
 * not a regular file or that belongs to another user is refused.
 */
#ifndef FT_AUDIT_ANCHOR_H
#define FT_AUDIT_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "sha256.h"

enum {
	AUDIT_KEY_BYTES = 32,
	AUDIT_ANCHOR_MAX = 512, /* bytes of an anchor file; a real one has ~250 */
	AUDIT_AGS_BUF = 16,
	AUDIT_STAMP_BUF = 21 /* 2026-12-02T03:10:00Z */
};

struct audit_anchor {
	char city[AUDIT_AGS_BUF];  /* own city's AGS, "-": none, "": not recorded */
	int64_t entry;		   /* id of the anchored entry, > 0 */
	char hash[SHA256_HEX];	   /* its hash */
	char created[AUDIT_STAMP_BUF]; /* UTC; "" for a noted ID:HASH */
};

/* The key file: option (--key) when given, else $FUNDTRACK_AUDIT_KEY,
 * else $XDG_CONFIG_HOME/fundtrack/audit.key, else
 * ~/.config/fundtrack/audit.key. *is_default is 1 for the last two (whose
 * missing folders audit_key_load_or_create may create). */
int audit_key_path(const char *option, char *buf, size_t size, int *is_default,
		   struct ft_error *err);

/* Reads the key; a missing, unsafe or malformed key file is an error that
 * names the path. */
int audit_key_load(const char *path, unsigned char key[AUDIT_KEY_BYTES], struct ft_error *err);

/* Reads the key, or creates a new random one (mode 0600, never replacing
 * a file) when path does not exist; *created tells which. make_dirs:
 * create missing parent folders with mode 0700. */
int audit_key_load_or_create(const char *path, int make_dirs, unsigned char key[AUDIT_KEY_BYTES],
			     int *created, struct ft_error *err);

/* The current time for "created", UTC. */
void audit_anchor_stamp(char out[AUDIT_STAMP_BUF]);

/* The anchor file's text, MAC included, into buf. */
int audit_anchor_format(const struct audit_anchor *a, const unsigned char key[AUDIT_KEY_BYTES],
			char *buf, size_t size, struct ft_error *err);

/* Parses an anchor file's text (source names it in errors) and checks its
 * MAC with key: a malformed text, or a MAC that does not match (edited,
 * made up, or made with another key), is an error. */
int audit_anchor_parse(const char *text, size_t len, const char *source,
		       const unsigned char key[AUDIT_KEY_BYTES], struct audit_anchor *out,
		       struct ft_error *err);

/* Reads the anchor file path (at most AUDIT_ANCHOR_MAX bytes) into
 * text; check it with audit_anchor_parse. */
int audit_anchor_read(const char *path, char text[AUDIT_ANCHOR_MAX], size_t *len,
		      struct ft_error *err);

/* 1 when path is a regular file that starts like an anchor file (so an
 * anchor may replace it). */
int audit_anchor_is_file(const char *path);

/* 1 when text is a noted anchor "ID:HASH" (as 'audit verify' prints it),
 * filling out (no city, no time); 0 otherwise. */
int audit_anchor_parse_noted(const char *text, struct audit_anchor *out);

#endif
